"""What each role may see and do, written out by hand.

These tables are the expected answers of the permission matrices (pages and API) and of the
scope tests. They are never computed from `wingman.accounts.scope` or `permissions`: a change to a
role rule must be made here too, on purpose, or the matrices fail.
"""

from wingman.accounts.choices import Role

CASEWORKER = Role.CASEWORKER
SENIOR = Role.SENIOR_CASEWORKER
MANAGER = Role.MANAGER
VOLUNTEER = Role.VOLUNTEER
SAFEGUARDING = Role.SAFEGUARDING_LEAD
DPO = Role.DATA_PROTECTION_OFFICER
ADMINISTRATOR = Role.ADMINISTRATOR
FUNDER = Role.FUNDER
EVERYONE = frozenset(Role.values)

# Which of `world()`'s clients each role sees: "own" is the caseworker's own client, "same_team"
# a colleague's in team A1, "other_team" one in team A2 (same borough), "other_borough" one in B1.
# The world's staff of every role are in team A1.
SEES: dict[str, set[str]] = {
    CASEWORKER: {"own"},
    VOLUNTEER: set(),
    SENIOR: {"own", "same_team"},
    MANAGER: {"own", "same_team", "other_team"},
    SAFEGUARDING: {"own", "same_team", "other_team", "other_borough"},
    DPO: {"own", "same_team", "other_team", "other_borough"},
    ADMINISTRATOR: set(),
    FUNDER: set(),
}

# Whose safeguarding concerns each role reads: narrower than the clients it sees (no volunteer,
# no DPO), and a staff allegation narrower still (and never the member of staff it is about).
SEES_CONCERNS: dict[str, set[str]] = {
    CASEWORKER: {"own"},
    VOLUNTEER: set(),
    SENIOR: {"own", "same_team"},
    MANAGER: {"own", "same_team", "other_team"},
    SAFEGUARDING: {"own", "same_team", "other_team", "other_borough"},
    DPO: set(),
    ADMINISTRATOR: set(),
    FUNDER: set(),
}
SEES_ALLEGATIONS: dict[str, set[str]] = {
    CASEWORKER: set(),
    VOLUNTEER: set(),
    SENIOR: set(),
    MANAGER: {"own", "same_team", "other_team"},
    SAFEGUARDING: {"own", "same_team", "other_team", "other_borough"},
    DPO: set(),
    ADMINISTRATOR: set(),
    FUNDER: set(),
}

# Capability -> the roles that have it.
MAY: dict[str, frozenset[str]] = {
    "sign in": EVERYONE,
    "read clients": frozenset({CASEWORKER, SENIOR, MANAGER, VOLUNTEER, SAFEGUARDING, DPO}),
    "record casework": frozenset({CASEWORKER, SENIOR, MANAGER, VOLUNTEER}),
    "take referrals": frozenset({CASEWORKER, SENIOR, MANAGER}),
    "decide referrals": frozenset({CASEWORKER, SENIOR, MANAGER}),
    "allocate": frozenset({SENIOR, MANAGER}),
    # Take on a walk-in one recorded oneself (caseworkers and team leads, in a team).
    "take on clients": frozenset({CASEWORKER, SENIOR}),
    "read the audit": frozenset({DPO}),
    "export the audit": frozenset({DPO}),
    # Take data out of the system: exports and the API (never staff on temporary licence).
    "export": frozenset({CASEWORKER, SENIOR, MANAGER, DPO}),
    "see identifiers": frozenset({CASEWORKER, SENIOR, SAFEGUARDING, DPO}),
    "use the back office": frozenset({ADMINISTRATOR}),
    # Hand a one-time enrolment code to someone whose sign-in was reset.
    "hand over enrolment codes": frozenset({SENIOR, MANAGER, ADMINISTRATOR}),
    # Proven reoffending by cohort, over the clients one sees (team leads and managers).
    "read reoffending cohorts": frozenset({SENIOR, MANAGER}),
    # Read a funding stream's indicators, target against result (their own borough's streams).
    "read funding stream indicators": frozenset({MANAGER}),
    # Monthly reports: a manager for the organisation's boroughs, a funder for its own.
    "read reports": frozenset({MANAGER, FUNDER}),
    "keep report settings": frozenset({MANAGER}),
    # Safeguarding: raise a concern about a client one sees (everyone doing casework, and the
    # safeguarding lead)...
    "raise concerns": frozenset({CASEWORKER, SENIOR, MANAGER, VOLUNTEER, SAFEGUARDING}),
    # ...read concerns afterwards (narrower than the client: no volunteer, no DPO)...
    "read concerns": frozenset({CASEWORKER, SENIOR, MANAGER, SAFEGUARDING}),
    # ...read an allegation against a member of staff (never the one it is about)...
    "read staff allegations": frozenset({MANAGER, SAFEGUARDING}),
    # ...triage, decide, refer and close (the lead; a manager too for a staff allegation).
    "lead safeguarding": frozenset({SAFEGUARDING}),
    "set risk flags": frozenset({CASEWORKER, SENIOR, MANAGER, SAFEGUARDING}),
    "keep the on-call rota": frozenset({SENIOR, MANAGER, SAFEGUARDING}),
    # What safeguarding records exist, who read them, what is overdue: never their content.
    "read the safeguarding register": frozenset({DPO}),
    # Comparison pools and evaluation runs (managers; never funders, never a pool row).
    "run evaluations": frozenset({MANAGER}),
    # The Justice Data Lab: consent asked by those working with the client; the file prepared
    # and taken out by those who evaluate cohorts (never on temporary licence: its own test).
    "record Justice Data Lab consent": frozenset({CASEWORKER, SENIOR, MANAGER}),
    "export to the Justice Data Lab": frozenset({SENIOR, MANAGER}),
    # Unit costs: reference data with no client in it.
    "read unit costs": frozenset({MANAGER, FUNDER}),
    # Dashboards (staff only, never a funder): the team lead's for their own team, a manager's
    # for any team of their borough; the organisation's boroughs side by side, managers only.
    "read team dashboards": frozenset({SENIOR, MANAGER}),
    "read the organisation dashboard": frozenset({MANAGER}),
    # Issued reports (figures only): a manager issues and reads their organisation's, a funder
    # reads and downloads its own borough's (never on temporary licence).
    "read issued reports": frozenset({MANAGER, FUNDER}),
    "issue reports": frozenset({MANAGER}),
}


def may(role: str, capability: str) -> bool:
    return role in MAY[capability]
