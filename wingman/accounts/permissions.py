"""What each role may do, beyond which clients it sees (that is wingman.accounts.scope)."""

from typing import Any

from .choices import Role
from .scope import ALLEGATION_READERS, SAFEGUARDING_READERS, Scope, scope_of

# Roles that work with client records at all.
CLIENT_ROLES = frozenset(
    {
        Role.CASEWORKER,
        Role.SENIOR_CASEWORKER,
        Role.MANAGER,
        Role.VOLUNTEER,
        Role.SAFEGUARDING_LEAD,
        Role.DATA_PROTECTION_OFFICER,
    }
)
# Roles that record casework (contacts, tasks, partner referrals, stages).
CASEWORK_ROLES = frozenset({Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.MANAGER, Role.VOLUNTEER})
# Roles that take and decide referrals.
REFERRAL_ROLES = frozenset({Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.MANAGER})
DECIDE_REFERRAL_ROLES = frozenset({Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.MANAGER})
# Roles that allocate clients to caseworkers.
ALLOCATE_ROLES = frozenset({Role.SENIOR_CASEWORKER, Role.MANAGER})
# Roles that carry a caseload and may take on a client they recorded themselves (the walk-in
# they are seeing today) while nobody has allocated them.
TAKE_ON_ROLES = frozenset({Role.CASEWORKER, Role.SENIOR_CASEWORKER})
# Roles that see prison and PNC numbers.
IDENTIFIER_ROLES = frozenset(
    {
        Role.CASEWORKER,
        Role.SENIOR_CASEWORKER,
        Role.SAFEGUARDING_LEAD,
        Role.DATA_PROTECTION_OFFICER,
    }
)
# Roles that read the access log of a client.
AUDIT_ROLES = frozenset({Role.DATA_PROTECTION_OFFICER})
# Roles that run the back office (boroughs, teams, funding streams, staff accounts). Django's
# admin flags `is_staff` and `is_superuser` are derived from this and nothing else.
BACK_OFFICE_ROLES = frozenset({Role.ADMINISTRATOR})
# Roles that hand over enrolment codes, and whose accounts each of them may hand one to: a team
# lead to the caseworkers and volunteers of their team, a manager to those and the team leads of
# their borough, an administrator to anyone. Never to themselves, never for a reset they asked.
HANDOVER_ROLES = frozenset({Role.SENIOR_CASEWORKER, Role.MANAGER, Role.ADMINISTRATOR})
LEADS: dict[str, frozenset[str]] = {
    Role.SENIOR_CASEWORKER: frozenset({Role.CASEWORKER, Role.VOLUNTEER}),
    Role.MANAGER: frozenset({Role.CASEWORKER, Role.VOLUNTEER, Role.SENIOR_CASEWORKER}),
}
# Roles that may take data out of the system (exports, API tokens).
EXPORT_ROLES = frozenset(
    {Role.SENIOR_CASEWORKER, Role.MANAGER, Role.DATA_PROTECTION_OFFICER, Role.CASEWORKER}
)


def _has(user: Any, roles: frozenset[str]) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role in roles)


def works_with_clients(user: Any) -> bool:
    return _has(user, CLIENT_ROLES) and scope_of(user) is not Scope.NONE


def records_casework(user: Any) -> bool:
    return _has(user, CASEWORK_ROLES)


def takes_referrals(user: Any) -> bool:
    return _has(user, REFERRAL_ROLES)


def decides_referrals(user: Any) -> bool:
    return _has(user, DECIDE_REFERRAL_ROLES)


def allocates(user: Any) -> bool:
    return _has(user, ALLOCATE_ROLES)


def takes_on_clients(user: Any) -> bool:
    return _has(user, TAKE_ON_ROLES) and bool(user.team_id)


def may_take_on(user: Any, client: Any) -> bool:
    """Whether `user` may take on `client`: a client they recorded themselves, in their own team,
    with no caseworker yet. Anyone else's unallocated client is for a team lead to allocate."""
    return (
        takes_on_clients(user)
        and client.caseworker_id is None
        and client.created_by_id == user.pk
        and client.team_id == user.team_id
    )


def sees_identifiers(user: Any) -> bool:
    return _has(user, IDENTIFIER_ROLES)


def reads_audit(user: Any) -> bool:
    return _has(user, AUDIT_ROLES)


def may_export(user: Any) -> bool:
    """Staff on temporary licence never take data out, whatever their role."""
    return _has(user, EXPORT_ROLES) and not user.on_temporary_licence


def exports_audit(user: Any) -> bool:
    """Downloading a client's access record: reading the audit, and taking data out."""
    return reads_audit(user) and may_export(user)


def leads_team(user: Any) -> bool:
    return _has(user, frozenset({Role.SENIOR_CASEWORKER, Role.MANAGER}))


def runs_back_office(user: Any) -> bool:
    return _has(user, BACK_OFFICE_ROLES)


def hands_over_enrolment_codes(user: Any) -> bool:
    return _has(user, HANDOVER_ROLES)


def may_hand_over_to(helper: Any, person: Any) -> bool:
    """Whether `helper` may hand an enrolment code to `person` (whoever asked for it)."""
    if not hands_over_enrolment_codes(helper) or helper.pk == person.pk or not person.is_active:
        return False
    if helper.role in BACK_OFFICE_ROLES:
        return True
    if person.role not in LEADS.get(helper.role, frozenset()) or person.team_id is None:
        return False
    if helper.role == Role.SENIOR_CASEWORKER:
        return bool(helper.team_id == person.team_id)
    return helper.team_id is not None and helper.team.borough_id == person.team.borough_id


def reads_reoffending_cohorts(user: Any) -> bool:
    """Proven reoffending of cohorts, over the clients one may see: for those who see many (a
    team lead their team's, a manager their borough's)."""
    return _has(user, frozenset({Role.SENIOR_CASEWORKER, Role.MANAGER}))


# Evaluations of the service (comparison pools, matched runs): managers only. Not the data
# protection officer (who oversees access, not analysis), not funders, not caseworkers.
EVALUATION_ROLES = frozenset({Role.MANAGER})


def runs_evaluations(user: Any) -> bool:
    return _has(user, EVALUATION_ROLES)


# Roles that read funding streams' indicators against their targets (aggregates, never a name):
# a manager, for the streams their own borough commissions.
INDICATOR_ROLES = frozenset({Role.MANAGER})


def reads_stream_indicators(user: Any) -> bool:
    return _has(user, INDICATOR_ROLES) and user.team_id is not None


def indicator_borough_id(user: Any) -> int | None:
    """The borough whose funding streams' indicators `user` reads, or None."""
    return int(user.team.borough_id) if reads_stream_indicators(user) else None


# Safeguarding. Anyone who works with a client's casework raises a concern, and so does the
# safeguarding lead; who reads concerns afterwards is narrower (`scope.SAFEGUARDING_READERS`).
CONCERN_RAISERS = CASEWORK_ROLES | {Role.SAFEGUARDING_LEAD}
# Who sets and reviews risk flags on a client's record (not a volunteer, who sees them).
FLAG_ROLES = frozenset(
    {Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.MANAGER, Role.SAFEGUARDING_LEAD}
)
# Who keeps the on-call rota: team leads for their team, managers and the safeguarding lead for
# any team of the organisation or the whole of it.
ROTA_ROLES = frozenset({Role.SENIOR_CASEWORKER, Role.MANAGER, Role.SAFEGUARDING_LEAD})
# Who reads the register of safeguarding records (what exists, who read it, what is overdue for
# review), never their content: the data protection officer.
REGISTER_ROLES = frozenset({Role.DATA_PROTECTION_OFFICER})


def raises_concerns(user: Any) -> bool:
    return _has(user, CONCERN_RAISERS) and scope_of(user) is not Scope.NONE


def reads_concerns(user: Any) -> bool:
    return _has(user, SAFEGUARDING_READERS) and scope_of(user) is not Scope.NONE


def leads_safeguarding(user: Any) -> bool:
    """Triage, decisions, referrals to statutory services, closing: the safeguarding lead."""
    return _has(user, frozenset({Role.SAFEGUARDING_LEAD}))


def acts_on_concern(user: Any, concern: Any) -> bool:
    """The safeguarding lead acts on every concern they see; an allegation against staff also
    goes to the manager, who acts on it too (the lead may be the one it is about, and then never
    sees it)."""
    if leads_safeguarding(user):
        return True
    return bool(concern.category == "staff_allegation" and _has(user, ALLEGATION_READERS))


def sets_risk_flags(user: Any) -> bool:
    return _has(user, FLAG_ROLES)


def logs_crisis_calls(user: Any) -> bool:
    """A crisis call is a contact first (and perhaps a concern): whoever records casework."""
    return records_casework(user)


def keeps_rota(user: Any) -> bool:
    return _has(user, ROTA_ROLES)


def reads_safeguarding_register(user: Any) -> bool:
    return _has(user, REGISTER_ROLES)


# The Justice Data Lab and unit costs. Consent to send a client to the Lab is asked and recorded
# by those who work with the client (not a volunteer). Who prepares the Lab's file runs cohort
# evaluations (a team lead for their team, a manager for their borough); making it is taking
# data out, so never on temporary licence. Unit costs are reference data without a client in
# them: managers, and funders, who read the cost-benefit of their streams.
DATALAB_CONSENT_ROLES = frozenset({Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.MANAGER})
UNIT_COST_READERS = frozenset({Role.MANAGER, Role.FUNDER})


def records_datalab_consent(user: Any) -> bool:
    return _has(user, DATALAB_CONSENT_ROLES) and scope_of(user) is not Scope.NONE


def prepares_datalab_file(user: Any) -> bool:
    return reads_reoffending_cohorts(user) and scope_of(user) is not Scope.NONE


def exports_to_datalab(user: Any) -> bool:
    return prepares_datalab_file(user) and may_export(user)


def reads_unit_costs(user: Any) -> bool:
    return _has(user, UNIT_COST_READERS)


# Dashboards, for staff only (never a funder): a team lead reads their own team's, a manager any
# team's of their borough and the organisation's boroughs side by side. Their counts are for
# staff and are not suppressed; the caseloads they drill into keep the one visibility rule.
TEAM_DASHBOARD_ROLES = frozenset({Role.SENIOR_CASEWORKER, Role.MANAGER})
ORGANISATION_DASHBOARD_ROLES = frozenset({Role.MANAGER})


def reads_team_dashboard(user: Any) -> bool:
    return _has(user, TEAM_DASHBOARD_ROLES) and user.team_id is not None


def reads_organisation_dashboard(user: Any) -> bool:
    return _has(user, ORGANISATION_DASHBOARD_ROLES) and user.team_id is not None


# Issued reports (aggregates, never a name): a manager issues and reads their organisation's, a
# funder reads its own borough's. Downloading one takes data out: never on temporary licence.
ISSUED_REPORT_ROLES = frozenset({Role.MANAGER, Role.FUNDER})


def issues_reports(user: Any) -> bool:
    return _has(user, frozenset({Role.MANAGER})) and user.organisation_id is not None


def reads_issued_reports(user: Any) -> bool:
    return issued_report_boroughs(user) is not None


def downloads_issued_reports(user: Any) -> bool:
    return reads_issued_reports(user) and not user.on_temporary_licence


def issued_report_boroughs(user: Any) -> dict[str, int] | None:
    """Which issued reports `user` reads, as a filter on their borough, or None."""
    if not _has(user, ISSUED_REPORT_ROLES):
        return None
    if user.role == Role.FUNDER:
        return None if user.funded_borough_id is None else {"borough_id": user.funded_borough_id}
    if user.organisation_id is None:
        return None
    return {"borough__organisation_id": user.organisation_id}


# Monthly reports (aggregates, never a name): a manager, for every borough of the organisation;
# a funder, for its own borough only (`report_borough_ids`). Senior caseworkers lead a team, not
# a commission: they read their team's figures on their own pages, not the funders' reports.
REPORT_ROLES = frozenset({Role.MANAGER, Role.FUNDER})


def reads_reports(user: Any) -> bool:
    if not _has(user, REPORT_ROLES):
        return False
    if user.role == Role.FUNDER:
        return user.funded_borough_id is not None
    return user.organisation_id is not None


def keeps_report_settings(user: Any) -> bool:
    """How the organisation's reports hide small counts and split hours: its managers."""
    return _has(user, frozenset({Role.MANAGER})) and user.organisation_id is not None
