"""What the safeguarding pages and other apps read, each through the visibility rule: the
concerns one may read, what is overdue for whom, the flags on a client's banner, who is on call."""
