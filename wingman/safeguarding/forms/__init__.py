"""The safeguarding forms, a module for each part."""
