"""The cost-benefit table: hand-computed from the seeded unit costs, intervals in order, and
the version of each unit cost chosen by date."""

from datetime import date
from decimal import Decimal

import pytest

from testing.helpers import sign_in
from wingman.accounts.choices import Role
from wingman.audit.models import AppendOnlyError, AuditEvent
from wingman.core.errors import NotAllowed, ServiceError
from wingman.costs.benefit import CROSSES_ZERO, Interval, MissingUnitCost, cost_benefit
from wingman.costs.models import UnitCost
from wingman.costs.services import unit_cost_add

pytestmark = pytest.mark.django_db

ON = date(2026, 6, 1)


def test_known_inputs_give_the_hand_computed_table():
    table = cost_benefit(
        reoffences_avoided=Interval(2, 5, 8),
        custody_years_avoided=Interval(1, 2, 3),
        people=70,
        on=ON,
    )
    # 70 people: 70/40 x 60,000 = 105,000; 70/35 x 60,000 = 120,000; 70/30 x 60,000 = 140,000.
    assert tuple(table.cost.value) == (
        Decimal("105000.00"),
        Decimal("120000.00"),
        Decimal("140000.00"),
    )
    # Offence groups without homicide: cheapest 1,350 (criminal damage), dearest 39,360 (rape),
    # average (14,050 + 5,930 + 39,360 + 6,520 + 11,320 + 5,930 + 1,380 + 1,350) / 8 = 10,730.
    assert tuple(table.reoffences.value) == (
        Decimal("2700.00"),
        Decimal("53650.00"),
        Decimal("314880.00"),
    )
    # A prison place a year, 51,724.
    assert tuple(table.custody.value) == (
        Decimal("51724.00"),
        Decimal("103448.00"),
        Decimal("155172.00"),
    )
    # Net: (2,700 + 51,724) - 140,000; (53,650 + 103,448) - 120,000; (314,880 + 155,172) - 105,000.
    assert tuple(table.net.value) == (
        Decimal("-85576.00"),
        Decimal("37098.00"),
        Decimal("365052.00"),
    )
    assert table.net.words == CROSSES_ZERO
    # Benefit per pound: 54,424 / 140,000; 157,098 / 120,000; 470,052 / 105,000.
    assert tuple(table.per_pound.value) == (Decimal("0.39"), Decimal("1.31"), Decimal("4.48"))
    assert [row.label for row in table.rows] == [
        "Cost of the service",
        "Value of reoffences avoided",
        "Value of custody avoided",
        "Net (benefit less cost)",
        "Benefit per £1 spent",
    ]


def test_each_row_names_the_unit_costs_it_used_with_source_and_price_year():
    table = cost_benefit(
        reoffences_avoided=Interval(1, 1, 1), custody_years_avoided=None, people=35, on=ON
    )
    used = {cost.key: cost for cost in table.cost.unit_costs}
    assert set(used) == {
        "caseworker_year",
        "clients_per_caseworker_low",
        "clients_per_caseworker_high",
    }
    assert used["caseworker_year"].amount == Decimal("60000")
    assert table.custody is None
    prison = cost_benefit(
        reoffences_avoided=Interval(1, 1, 1),
        custody_years_avoided=Interval(1, 1, 1),
        people=35,
        on=ON,
    ).custody
    assert prison is not None
    [place] = prison.unit_costs
    assert (place.label, place.price_year) == ("Prison place (adult)", "2022/23")
    assert "Costs per place and costs per prisoner" in place.source
    assert all(c.price_year == "2015/16" for c in table.reoffences.unit_costs)
    assert "offence_homicide" not in {c.key for c in table.reoffences.unit_costs}


def test_a_net_that_stays_above_zero_says_nothing_more():
    table = cost_benefit(
        reoffences_avoided=Interval(100, 100, 100), custody_years_avoided=None, people=30, on=ON
    )
    assert table.net.value.low > 0
    assert table.net.words == ""


def test_an_interval_runs_low_to_high():
    with pytest.raises(ValueError):
        Interval(3, 2, 4)
    with pytest.raises(ValueError):
        Interval(1, 5, 4)
    table = cost_benefit(
        reoffences_avoided=Interval(0, 3, 9),
        custody_years_avoided=Interval(0, 0.5, 2),
        people=120,
        on=ON,
    )
    for row in table.rows:
        assert row.value.low <= row.value.central <= row.value.high, row.label


def test_the_version_valid_on_the_day_is_used(world):
    admin = world["users"][Role.ADMINISTRATOR]
    unit_cost_add(
        actor=admin,
        cost=UnitCost(
            key="caseworker_year",
            label="Caseworker",
            amount=Decimal("66000"),
            unit="a caseworker a year",
            source="The service's own figure",
            price_year="2026/27",
            valid_from=date(2026, 4, 1),
        ),
    )
    before = cost_benefit(
        reoffences_avoided=Interval(0, 0, 0),
        custody_years_avoided=None,
        people=30,
        on=date(2026, 3, 31),
    )
    after = cost_benefit(
        reoffences_avoided=Interval(0, 0, 0),
        custody_years_avoided=None,
        people=30,
        on=date(2026, 4, 1),
    )
    assert before.cost.value.high == Decimal("60000.00")
    assert after.cost.value.high == Decimal("66000.00")
    assert {c.key: c.price_year for c in after.cost.unit_costs}["caseworker_year"] == "2026/27"


def test_a_day_before_any_version_is_refused_rather_than_guessed():
    with pytest.raises(MissingUnitCost):
        cost_benefit(
            reoffences_avoided=Interval(0, 0, 0),
            custody_years_avoided=None,
            people=30,
            on=date(1999, 12, 31),
        )


def test_a_new_version_is_added_and_audited_and_the_old_one_never_changes(world):
    admin = world["users"][Role.ADMINISTRATOR]
    old = UnitCost.objects.get(key="prison_place_year")
    new = unit_cost_add(
        actor=admin,
        cost=UnitCost(
            key="prison_place_year",
            label="Prison place (adult)",
            amount=Decimal("53000"),
            unit="a prisoner a year",
            source="Ministry of Justice, 2023/24",
            price_year="2023/24",
            valid_from=date(2025, 1, 1),
        ),
    )
    assert AuditEvent.objects.filter(object_type="costs.unitcost", object_id=str(new.pk)).exists()
    with pytest.raises(ServiceError):
        unit_cost_add(actor=admin, cost=old)
    with pytest.raises(AppendOnlyError):
        UnitCost.objects.filter(pk=old.pk).update(amount=1)
    with pytest.raises(NotAllowed):
        unit_cost_add(
            actor=world["users"][Role.MANAGER],
            cost=UnitCost(
                key="prison_place_year",
                label="x",
                amount=1,
                unit="x",
                source="x",
                price_year="x",
                valid_from=date(2026, 1, 1),
            ),
        )


def test_the_unit_costs_page_shows_current_and_past_versions_with_their_sources(world, client):
    unit_cost_add(
        actor=world["users"][Role.ADMINISTRATOR],
        cost=UnitCost(
            key="prison_place_year",
            label="Prison place (adult)",
            amount=Decimal("53000"),
            unit="a prisoner a year",
            source="Ministry of Justice, 2023/24",
            price_year="2023/24",
            valid_from=date(2025, 1, 1),
        ),
    )
    sign_in(client, world["users"][Role.FUNDER])
    page = client.get("/costs/").content.decode()
    current, _, past = page.partition("Earlier and later versions")
    assert "£53,000" in current and "Ministry of Justice, 2023/24" in current
    assert "£51,724" in past and "Costs per place and costs per prisoner" in past


def test_the_table_reads_the_unit_costs_once(django_assert_num_queries):
    with django_assert_num_queries(1):
        cost_benefit(
            reoffences_avoided=Interval(1, 2, 3),
            custody_years_avoided=Interval(0, 1, 2),
            people=40,
            on=ON,
        )


def test_an_administrator_adds_a_version_in_the_back_office_and_cannot_edit_one(world, client):
    admin = world["users"][Role.ADMINISTRATOR]
    sign_in(client, admin)
    response = client.post(
        "/back-office/costs/unitcost/add/",
        {
            "key": "caseworker_year",
            "label": "Caseworker",
            "amount": "62000",
            "unit": "a caseworker a year",
            "source": "The service's own figure",
            "price_year": "2026/27",
            "valid_from": "2026-04-01",
        },
    )
    assert response.status_code == 302
    added = UnitCost.objects.get(key="caseworker_year", valid_from=date(2026, 4, 1))
    assert (added.amount, added.created_by) == (Decimal("62000"), admin)
    assert AuditEvent.objects.filter(
        actor=admin, object_type="costs.unitcost", object_id=str(added.pk)
    ).exists()
    first = UnitCost.objects.get(key="caseworker_year", valid_from=date(2000, 1, 1))
    client.post(f"/back-office/costs/unitcost/{first.pk}/change/", {"amount": "1", "key": "x"})
    first.refresh_from_db()
    assert first.amount == Decimal("60000")
