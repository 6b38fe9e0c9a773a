"""Django's own SQLite and PostgreSQL backends, with one addition: a commit first links the audit
rows the transaction wrote into the audit chain (`wingman.audit.chain`)."""
