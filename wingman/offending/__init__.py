"""Offending history (offences, disposals, sanctions) and proven reoffending by the Ministry of
Justice's rule; OGRS3 for cohort evaluation only."""
