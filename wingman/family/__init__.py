"""Relatives and other people in a client's life as people of their own (one person linked to
several clients), and signposting someone who is not the client."""
