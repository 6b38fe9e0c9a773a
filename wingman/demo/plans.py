"""The demo service's support plans: most open journeys have one, agreed in the journey's first
weeks, with two to four goals in the young person's own words and the actions towards them: some
done, some under way, some past their due date. Partner referrals' start dates are linked to the
appointment tasks they put on the list."""

import random
from datetime import date, timedelta
from typing import Any

from wingman.casework.choices import OPEN_STAGES, TaskKind
from wingman.casework.models import Contact, Journey, PartnerReferral, Task
from wingman.core.pathways import Pathway
from wingman.plans.choices import ActionOwner, ActionStatus
from wingman.plans.models import Action, Goal, SupportPlan

K = 7
BATCH = 2000
PLANNED_SHARE = 0.85
# Contacts from this many days back may be linked to the actions they served.
LINK_DAYS = 45

GOALS: dict[str, list[str]] = {
    Pathway.ACCOMMODATION: [
        "I want my own place, away from the estate.",
        "Somewhere safe to sleep that is not my mum's sofa.",
        "Get on the council list and keep the hostel room till then.",
    ],
    Pathway.ATTITUDES: [
        "Stop kicking off when someone disrespects me.",
        "Think before I react. Walk away first.",
    ],
    Pathway.FAMILY: [
        "Be there for my little brother so he doesn't end up like me.",
        "Sort things out with my mum.",
        "See my daughter every week.",
    ],
    Pathway.DRUGS_ALCOHOL: [
        "Stay off the coke. For good this time.",
        "Cut the weed down so I can get up for college.",
    ],
    Pathway.EDUCATION_EMPLOYMENT: [
        "Get my CSCS card and get on a site.",
        "Finish my maths and English.",
        "A proper job with a payslip.",
    ],
    Pathway.FINANCE: [
        "Get my ID and a bank account sorted.",
        "Pay off what I owe without going back to shotting.",
    ],
    Pathway.HEALTH: [
        "Talk to someone about the nightmares.",
        "Register with a GP and go to it.",
    ],
    Pathway.SAFETY: [
        "Get around without going through their ends.",
        "Feel safe at home.",
    ],
    Pathway.GANG_EXIT: [
        "Get out and stay out. Change my number.",
        "Stop them using me to hold stuff.",
    ],
    Pathway.IDENTITY: [
        "Work out who I am without the gang.",
        "Feel proud of something I did.",
    ],
    Pathway.ABUSE: [
        "Get help with what happened to me, when I am ready.",
    ],
}

# (what, who does it, partner for a partner's action)
ACTIONS: dict[str, list[tuple[str, str, str]]] = {
    Pathway.ACCOMMODATION: [
        ("Fill in the housing form", ActionOwner.CLIENT, ""),
        ("Ring the council's housing team", ActionOwner.CASEWORKER, ""),
        ("Assess for a supported housing place", ActionOwner.PARTNER, "St Mungo's"),
    ],
    Pathway.ATTITUDES: [
        ("Go to the weekly group session", ActionOwner.CLIENT, ""),
        ("Talk through last week's argument", ActionOwner.CASEWORKER, ""),
    ],
    Pathway.FAMILY: [
        ("Family session with mum", ActionOwner.CASEWORKER, ""),
        ("Ask about contact with my daughter", ActionOwner.PARTNER, "Family Rights Group"),
    ],
    Pathway.DRUGS_ALCOHOL: [
        ("First appointment at the drug service", ActionOwner.CLIENT, ""),
        ("Key-work sessions", ActionOwner.PARTNER, "Brief Intervention Service"),
        ("Check in after the weekend", ActionOwner.CASEWORKER, ""),
    ],
    Pathway.EDUCATION_EMPLOYMENT: [
        ("Go to the college open day", ActionOwner.CLIENT, ""),
        ("Find a CSCS course with a place", ActionOwner.CASEWORKER, ""),
        ("Book the CSCS test", ActionOwner.PARTNER, "Construction skills centre"),
        ("Write a CV together", ActionOwner.CASEWORKER, ""),
    ],
    Pathway.FINANCE: [
        ("Get a copy of my birth certificate", ActionOwner.CLIENT, ""),
        ("Book the Jobcentre appointment", ActionOwner.CASEWORKER, ""),
        ("Open a basic bank account", ActionOwner.CLIENT, ""),
    ],
    Pathway.HEALTH: [
        ("Register with the GP", ActionOwner.CLIENT, ""),
        ("Referral for talking therapy", ActionOwner.PARTNER, "Mental health service"),
    ],
    Pathway.SAFETY: [
        ("Plan a safe way to college", ActionOwner.CASEWORKER, ""),
        ("Change my phone number", ActionOwner.CLIENT, ""),
    ],
    Pathway.GANG_EXIT: [
        ("Delete the old contacts", ActionOwner.CLIENT, ""),
        ("Talk about what to say if they come round", ActionOwner.CASEWORKER, ""),
    ],
    Pathway.IDENTITY: [
        ("One-to-one on what I'm good at", ActionOwner.CASEWORKER, ""),
        ("Try the boxing club", ActionOwner.CLIENT, ""),
    ],
    Pathway.ABUSE: [
        ("Find a counsellor she feels safe with", ActionOwner.PARTNER, "Victim support service"),
    ],
}
PATHWAY_WEIGHTS = [
    (Pathway.EDUCATION_EMPLOYMENT, 20),
    (Pathway.ACCOMMODATION, 15),
    (Pathway.DRUGS_ALCOHOL, 10),
    (Pathway.FINANCE, 10),
    (Pathway.FAMILY, 9),
    (Pathway.GANG_EXIT, 9),
    (Pathway.SAFETY, 8),
    (Pathway.IDENTITY, 7),
    (Pathway.ATTITUDES, 6),
    (Pathway.HEALTH, 5),
    (Pathway.ABUSE, 2),
]


def _pathways(rng: random.Random, n: int) -> list[str]:
    chosen: list[str] = []
    codes = [p for p, _ in PATHWAY_WEIGHTS]
    weights = [w for _, w in PATHWAY_WEIGHTS]
    while len(chosen) < n:
        pick = rng.choices(codes, weights)[0]
        if pick not in chosen:
            chosen.append(pick)
    return chosen


def _status(rng: random.Random, due: date, today: date) -> str:
    if due < today:
        return rng.choices(
            [
                ActionStatus.DONE,
                ActionStatus.IN_PROGRESS,
                ActionStatus.TO_DO,
                ActionStatus.NOT_NEEDED,
            ],
            [62, 14, 14, 10],
        )[0]
    return rng.choices(
        [ActionStatus.TO_DO, ActionStatus.IN_PROGRESS, ActionStatus.DONE], [50, 38, 12]
    )[0]


def _link_appointment_tasks() -> None:
    """Each partner referral with a start date points at the appointment task it put on the
    list (both are written by the generator without ids known to each other)."""
    tasks: dict[tuple[int, date | None, str], int] = {
        (client_id, due_on, title): pk
        for pk, client_id, due_on, title in Task.objects.filter(
            kind=TaskKind.APPOINTMENT
        ).values_list("pk", "client_id", "due_on", "title")
    }
    linked = []
    for referral in PartnerReferral.objects.filter(
        starts_on__isnull=False, appointment_task__isnull=True
    ).only("pk", "client_id", "starts_on", "partner_name", "partner_type"):
        for title in (
            f"First day at {referral.partner_name}",
            f"Appointment with {referral.partner_name}",
        ):
            pk = tasks.get((referral.client_id, referral.starts_on, title))
            if pk is not None:
                referral.appointment_task_id = pk
                linked.append(referral)
                break
    PartnerReferral.objects.bulk_update(linked, ["appointment_task"], batch_size=BATCH)


def add(builder: Any) -> None:
    """Add this app's records to the demo service, once its clients and journeys are written."""
    _link_appointment_tasks()
    rng = random.Random(builder.seed * 1000 + K)
    today: date = builder.today
    me = builder.users["caseworker"]
    journeys = list(
        Journey.objects.open()
        .order_by("id")
        .values_list("id", "client_id", "opened_on", "client__caseworker_id")
    )
    plans: list[SupportPlan] = []
    for journey_id, client_id, opened_on, caseworker_id in journeys:
        mine = caseworker_id == me.pk
        if not mine and rng.random() > PLANNED_SHARE:
            continue
        agreed = min(opened_on + timedelta(days=rng.randint(2, 21)), today)
        reviewed = None
        if (today - agreed).days > 90 and rng.random() < 0.7:
            reviewed = agreed + timedelta(days=rng.randint(60, (today - agreed).days))
        plans.append(
            SupportPlan(
                client_id=client_id,
                journey_id=journey_id,
                agreed_on=agreed,
                reviewed_on=reviewed,
                created_by_id=caseworker_id or me.pk,
                version=2 if reviewed else 1,
            )
        )
    SupportPlan.objects.bulk_create(plans, batch_size=BATCH)

    goals: list[Goal] = []
    for plan in plans:
        for pathway in _pathways(rng, rng.randint(2, 4)):
            goals.append(
                Goal(
                    plan=plan,
                    pathway=pathway,
                    in_their_words=rng.choice(GOALS[pathway]),
                    created_by_id=plan.created_by_id,
                )
            )
    Goal.objects.bulk_create(goals, batch_size=BATCH)

    by_plan = {plan.pk: plan for plan in plans}
    referrals: dict[int, list[tuple[int, str]]] = {}
    for pk, journey_id, name in PartnerReferral.objects.filter(
        journey__stage__in=OPEN_STAGES
    ).values_list("pk", "journey_id", "partner_name"):
        referrals.setdefault(journey_id, []).append((pk, name))
    contacts: dict[int, list[tuple[int, date]]] = {}
    for pk, journey_id, occurred_on in (
        Contact.objects.filter(occurred_on__gte=today - timedelta(days=LINK_DAYS))
        .filter(journey__isnull=False)
        .values_list("pk", "journey_id", "occurred_on")
    ):
        contacts.setdefault(journey_id, []).append((pk, occurred_on))

    actions: list[Action] = []
    contact_links: list[tuple[Action, int]] = []
    referral_links: list[tuple[Action, int]] = []
    forced: set[int] = set()
    for goal in goals:
        plan = by_plan[goal.plan_id]
        for what, owner, partner in rng.sample(
            ACTIONS[goal.pathway], k=min(len(ACTIONS[goal.pathway]), rng.randint(1, 3))
        ):
            span = max((today - plan.agreed_on).days, 1)
            due = plan.agreed_on + timedelta(days=rng.randint(5, span + 45))
            status = _status(rng, due, today)
            mine = plan.created_by_id == me.pk
            if mine and plan.pk not in forced and due >= today:
                # Something past its date on every plan of the caseworker's caseload.
                due, status = today - timedelta(days=rng.randint(1, 9)), ActionStatus.TO_DO
                forced.add(plan.pk)
            journey_referrals = referrals.get(plan.journey_id or 0, [])
            linked_referral = None
            if owner == ActionOwner.PARTNER and journey_referrals and rng.random() < 0.6:
                linked_referral, partner = rng.choice(journey_referrals)
            done_on = None
            if status == ActionStatus.DONE:
                done_on = min(max(due + timedelta(days=rng.randint(-6, 3)), plan.agreed_on), today)
            action = Action(
                goal=goal,
                what=what,
                owner=owner,
                partner_name=partner if owner == ActionOwner.PARTNER else "",
                due_on=due,
                status=status,
                done_on=done_on,
                created_by_id=plan.created_by_id,
                version={"to_do": 1, "in_progress": 2, "done": 3, "not_needed": 2}[status],
            )
            actions.append(action)
            if linked_referral is not None:
                referral_links.append((action, linked_referral))
            served = contacts.get(plan.journey_id or 0)
            working = status in (ActionStatus.DONE, ActionStatus.IN_PROGRESS)
            if served and working and rng.random() < 0.5:
                contact_links.append((action, rng.choice(served)[0]))
    Action.objects.bulk_create(actions, batch_size=BATCH)
    Action.contacts.through.objects.bulk_create(
        [Action.contacts.through(action_id=a.pk, contact_id=c) for a, c in contact_links],
        batch_size=BATCH,
    )
    Action.partner_referrals.through.objects.bulk_create(
        [
            Action.partner_referrals.through(action_id=a.pk, partnerreferral_id=r)
            for a, r in referral_links
        ],
        batch_size=BATCH,
    )
