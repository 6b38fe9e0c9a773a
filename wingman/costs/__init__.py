"""What the service costs and what reoffending avoided is worth: unit costs in a versioned table
with their source and price year, and the low / central / high comparison of the two."""
