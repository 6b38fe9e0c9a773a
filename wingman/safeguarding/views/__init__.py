"""The safeguarding pages, a module for each part; each module lists its own `urls`."""
