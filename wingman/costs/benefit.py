"""What the service costs against what the reoffending and custody it avoided are worth, as a
low / central / high table naming every unit cost it used. Never one unqualified number.

- **Cost of the service**: people / clients a caseworker works with a year x the cost of a
  caseworker a year. Low uses the most clients a caseworker (40), high the fewest (30), central
  their midpoint.
- **Value of reoffences avoided**: reoffences avoided x the cost of an offence. No one figure is
  the cost of "an offence": low takes the cheapest offence group of the Home Office's table,
  high the dearest, central their unweighted average, homicide left out of all three (one
  homicide would outweigh every other group, and is not what a reoffending rate counts).
- **Value of custody avoided**: years in custody avoided x the cost of a place a year (an adult
  prison place unless another `custody_place` is named).
- **Net** is the benefit less the cost, low with low benefit and high cost, high with high
  benefit and low cost; **benefit per £1** likewise. An interval that crosses zero says so.

Pure: reads `UnitCost` once, writes nothing.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .models import UnitCost

OFFENCE_PREFIX = "offence_"
LEFT_OUT_OF_THE_AVERAGE = frozenset({"offence_homicide"})
CROSSES_ZERO = "could be a saving or a cost"
PENNY = Decimal("0.01")


class MissingUnitCost(LookupError):
    """A unit cost the table needs has no version valid on the day."""


@dataclass(frozen=True)
class Interval:
    low: Decimal
    central: Decimal
    high: Decimal

    def __post_init__(self) -> None:
        for name in ("low", "central", "high"):
            object.__setattr__(self, name, Decimal(str(getattr(self, name))))
        if not self.low <= self.central <= self.high:
            raise ValueError(f"an interval runs low <= central <= high, not {self}")

    @property
    def crosses_zero(self) -> bool:
        return self.low < 0 < self.high

    def rounded(self) -> "Interval":
        return Interval(*(v.quantize(PENNY, ROUND_HALF_UP) for v in self))

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter((self.low, self.central, self.high))


@dataclass(frozen=True)
class UnitCostUsed:
    key: str
    label: str
    amount: Decimal
    unit: str
    source: str
    price_year: str
    valid_from: date

    @classmethod
    def of(cls, cost: UnitCost) -> "UnitCostUsed":
        return cls(
            cost.key,
            cost.label,
            cost.amount,
            cost.unit,
            cost.source,
            cost.price_year,
            cost.valid_from,
        )


@dataclass(frozen=True)
class Row:
    label: str
    value: Interval
    unit_costs: list[UnitCostUsed] = field(default_factory=list)
    money: bool = True

    @property
    def words(self) -> str:
        """What the interval says, in words, when one number would mislead."""
        return CROSSES_ZERO if self.value.crosses_zero else ""


@dataclass(frozen=True)
class CostBenefit:
    on: date
    people: int
    cost: Row
    reoffences: Row
    custody: Row | None
    net: Row
    per_pound: Row | None

    @property
    def rows(self) -> list[Row]:
        found = [self.cost, self.reoffences]
        if self.custody is not None:
            found.append(self.custody)
        found.append(self.net)
        if self.per_pound is not None:
            found.append(self.per_pound)
        return found

    @property
    def unit_costs(self) -> list[UnitCostUsed]:
        seen: dict[str, UnitCostUsed] = {}
        for row in self.rows:
            for cost in row.unit_costs:
                seen.setdefault(cost.key, cost)
        return list(seen.values())


def _need(costs: dict[str, UnitCost], key: str, on: date) -> UnitCost:
    if key not in costs:
        raise MissingUnitCost(f"No unit cost '{key}' is valid on {on.isoformat()}.")
    return costs[key]


def cost_benefit(
    *,
    reoffences_avoided: Interval,
    custody_years_avoided: Interval | None,
    people: int,
    on: date,
    custody_place: str = "prison_place_year",
) -> CostBenefit:
    if people < 0:
        raise ValueError("people cannot be fewer than none")
    costs = UnitCost.objects.valid_on(on)

    caseworker = _need(costs, "caseworker_year", on)
    fewest = _need(costs, "clients_per_caseworker_low", on)
    most = _need(costs, "clients_per_caseworker_high", on)
    n = Decimal(people)
    middle = (fewest.amount + most.amount) / 2
    cost = Interval(
        n / most.amount * caseworker.amount,
        n / middle * caseworker.amount,
        n / fewest.amount * caseworker.amount,
    )
    cost_row = Row(
        "Cost of the service",
        cost.rounded(),
        [UnitCostUsed.of(c) for c in (caseworker, fewest, most)],
    )

    offences = sorted(
        (c for key, c in costs.items() if key.startswith(OFFENCE_PREFIX)),
        key=lambda c: (c.amount, c.key),
    )
    averaged = [c for c in offences if c.key not in LEFT_OUT_OF_THE_AVERAGE]
    if not averaged:
        raise MissingUnitCost(f"No cost of an offence is valid on {on.isoformat()}.")
    average = sum((c.amount for c in averaged), Decimal(0)) / len(averaged)
    reoffences = Interval(
        reoffences_avoided.low * averaged[0].amount,
        reoffences_avoided.central * average,
        reoffences_avoided.high * averaged[-1].amount,
    )
    reoffences_row = Row(
        "Value of reoffences avoided", reoffences.rounded(), [UnitCostUsed.of(c) for c in averaged]
    )

    benefit = reoffences
    custody_row = None
    if custody_years_avoided is not None:
        place = _need(costs, custody_place, on)
        custody = Interval(*(years * place.amount for years in custody_years_avoided))
        custody_row = Row("Value of custody avoided", custody.rounded(), [UnitCostUsed.of(place)])
        benefit = Interval(*(a + b for a, b in zip(benefit, custody, strict=True)))

    net = Interval(benefit.low - cost.high, benefit.central - cost.central, benefit.high - cost.low)
    everything = [
        *cost_row.unit_costs,
        *reoffences_row.unit_costs,
        *(custody_row.unit_costs if custody_row else []),
    ]
    net_row = Row("Net (benefit less cost)", net.rounded(), everything)
    per_pound_row = None
    if cost.low > 0:
        per_pound = Interval(
            benefit.low / cost.high, benefit.central / cost.central, benefit.high / cost.low
        )
        per_pound_row = Row("Benefit per £1 spent", per_pound.rounded(), everything)
    return CostBenefit(
        on=on,
        people=people,
        cost=cost_row,
        reoffences=reoffences_row,
        custody=custody_row,
        net=net_row,
        per_pound=per_pound_row,
    )
