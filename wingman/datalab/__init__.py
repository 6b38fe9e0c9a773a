"""The Justice Data Lab: who may be sent (consent, eligibility), what is missing, and the file
the Lab accepts."""
