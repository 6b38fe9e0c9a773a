"""OGRS3, the Offender Group Reconviction Scale version 3: a cohort's expected reoffending rate.

OGRS3 (Howard, Francis, Soothill & Humphreys, 2009, Ministry of Justice Research Summary 7/09)
is a published, static predictor of proven reoffending built on people sentenced in England and
Wales in 2002-2004. It uses only sex, age, the number of previous sanctions, the length of the
criminal career and the type of the current offence.

**What Wingman uses it for, and what it must never be used for.** OGRS3 is used here only to
work out the *expected* reoffending rate of a whole cohort (the mean of its members' scores),
to set against the rate actually observed when no comparison group exists (see
``wingman.evaluation.expected``). It is never a label on a young person: a person's score is not
shown on their record, not used to decide who gets the service, and not shared. A score is a
statement about a group of people like them in 2002-2004, not about them.

The formula and coefficients are those of the government implementation (NOMS Digital Studio
``rsr-calculator``), reproduced to the last bit of its own test vectors::

    copas = ln(S / (10 + A_conv - A_first))
    x     = AgeGender(sex, age band) + Sanction(status) + 1.251124464 * copas + Offence(category)
    p1    = 1 / (1 + exp(-(1.402562384 + x)))     proven reoffending within 1 year
    p2    = 1 / (1 + exp(-(2.121705678 + x)))     within 2 years

``S`` is the total number of sanctions (convictions and cautions) *including* the current one,
``A_conv`` the age at the current conviction and ``A_first`` the age at the first sanction. The
age band is taken from the age at the start of the follow-up (release from custody, or the start
of the order). The sanction status is set as government implementations do in practice: "first
sanction is a conviction" (0.126142106) when ``S == 1``, otherwise "repeat offender"
(0.463062792); the other published statuses are kept as constants for reference.

Two entry points: :func:`ogrs3` for one set of inputs (plain floats, exact to the government
code) and :func:`ogrs3_cohort` for whole cohorts (numpy arrays). Neither imports Django.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "AGE_BANDS",
    "COPAS_COEFFICIENT",
    "FEMALE_AGE_COEFFICIENTS",
    "INTERCEPT_1_YEAR",
    "INTERCEPT_2_YEAR",
    "MALE_AGE_COEFFICIENTS",
    "MINIMUM_AGE",
    "OFFENCE_COEFFICIENTS",
    "SANCTION_STATUS_COEFFICIENTS",
    "Band",
    "CohortScores",
    "Offence",
    "SanctionStatus",
    "Score",
    "Sex",
    "age_band",
    "age_gender_coefficient",
    "band",
    "bands",
    "copas",
    "linear_predictor",
    "ogrs3",
    "ogrs3_cohort",
    "parse_offence",
    "parse_sex",
    "sanction_status",
]

INTERCEPT_1_YEAR = 1.402562384
INTERCEPT_2_YEAR = 2.121705678
COPAS_COEFFICIENT = 1.251124464
#: The age of criminal responsibility in England and Wales; OGRS3 starts at 10.
MINIMUM_AGE = 10


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


#: (lowest age, highest age or None for open-ended, label), in the order of the coefficient lists.
AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (10, 11, "10-11"),
    (12, 13, "12-13"),
    (14, 15, "14-15"),
    (16, 17, "16-17"),
    (18, 20, "18-20"),
    (21, 24, "21-24"),
    (25, 29, "25-29"),
    (30, 34, "30-34"),
    (35, 39, "35-39"),
    (40, 49, "40-49"),
    (50, None, "50+"),
)
_BAND_LOWER = np.array([low for low, _, _ in AGE_BANDS], dtype=float)

MALE_AGE_COEFFICIENTS: tuple[float, ...] = (
    0.0,
    0.083922902,
    0.075775765,
    -0.061594199,
    -0.625103618,
    -1.051515067,
    -1.166679288,
    -1.325976554,
    -1.368045933,
    -1.499690953,
    -2.025261458,
)
# The minus signs on the female 10-15 coefficients are correct (a later government
# implementation drops them; the published model has them).
FEMALE_AGE_COEFFICIENTS: tuple[float, ...] = (
    -0.785038489,
    -0.613852078,
    -0.669521331,
    -0.959179629,
    -0.897480934,
    -1.028488454,
    -1.052777806,
    -1.129127959,
    -1.42187494,
    -1.524652221,
    -2.44983716,
)
_AGE_COEFFICIENTS = {
    Sex.MALE: np.array(MALE_AGE_COEFFICIENTS),
    Sex.FEMALE: np.array(FEMALE_AGE_COEFFICIENTS),
}


class SanctionStatus(StrEnum):
    FIRST_CAUTION = "first caution, no conviction"
    SECOND_CAUTION = "second caution, no conviction"
    FIRST_SANCTION_CONVICTION = "first sanction is a conviction (no caution)"
    MULTIPLE_CAUTIONS = "multiple cautions"
    REPEAT_OFFENDER = "repeat offender"


SANCTION_STATUS_COEFFICIENTS: dict[SanctionStatus, float] = {
    SanctionStatus.FIRST_CAUTION: 0.0,
    SanctionStatus.SECOND_CAUTION: 0.083100501,
    SanctionStatus.FIRST_SANCTION_CONVICTION: 0.126142106,
    SanctionStatus.MULTIPLE_CAUTIONS: 0.34859587,
    SanctionStatus.REPEAT_OFFENDER: 0.463062792,
}
_FIRST = SANCTION_STATUS_COEFFICIENTS[SanctionStatus.FIRST_SANCTION_CONVICTION]
_REPEAT = SANCTION_STATUS_COEFFICIENTS[SanctionStatus.REPEAT_OFFENDER]


class Offence(StrEnum):
    """The 20 OGRS3 offence categories; each value is the category's published name."""

    VIOLENCE = "Violence"
    ROBBERY = "Robbery"
    PUBLIC_ORDER = "Public order"
    SEXUAL_NOT_AGAINST_CHILD = "Sexual (not against child)"
    SEXUAL_AGAINST_CHILD = "Sexual (against child)"
    SOLICITING_OR_PROSTITUTION = "Soliciting or prostitution"
    BURGLARY_DOMESTIC = "Burglary (domestic)"
    BURGLARY_OTHER = "Burglary (other)"
    THEFT_NON_MOTOR = "Theft (non-motor)"
    HANDLING_STOLEN_GOODS = "Handling stolen goods"
    FRAUD_AND_FORGERY = "Fraud and forgery"
    ABSCONDING_OR_BAIL = "Absconding or bail offences"
    TAKING_AND_DRIVING_AWAY = "Taking and driving away and related"
    THEFT_FROM_VEHICLES = "Theft from vehicles"
    DRINK_DRIVING = "Drink driving"
    OTHER_MOTORING = "Other motoring"
    CRIMINAL_DAMAGE = "Criminal damage"
    DRUG_IMPORT_EXPORT_PRODUCTION = "Drug import/export/production"
    DRUG_POSSESSION_SUPPLY = "Drug possession/supply"
    OTHER = "Other offence"


OFFENCE_COEFFICIENTS: dict[Offence, float] = {
    Offence.VIOLENCE: 0.0,
    Offence.ROBBERY: -0.634795912,
    Offence.PUBLIC_ORDER: 0.181917975,
    Offence.SEXUAL_NOT_AGAINST_CHILD: 0.003276327,
    Offence.SEXUAL_AGAINST_CHILD: -0.653434071,
    Offence.SOLICITING_OR_PROSTITUTION: 0.760608858,
    Offence.BURGLARY_DOMESTIC: -0.12394352,
    Offence.BURGLARY_OTHER: 0.240604429,
    Offence.THEFT_NON_MOTOR: 0.661244321,
    Offence.HANDLING_STOLEN_GOODS: 0.351866973,
    Offence.FRAUD_AND_FORGERY: 0.159910192,
    Offence.ABSCONDING_OR_BAIL: 0.733378677,
    Offence.TAKING_AND_DRIVING_AWAY: 0.380059431,
    Offence.THEFT_FROM_VEHICLES: 0.427225615,
    Offence.DRINK_DRIVING: -0.121439408,
    Offence.OTHER_MOTORING: 0.262228428,
    Offence.CRIMINAL_DAMAGE: 0.204960477,
    Offence.DRUG_IMPORT_EXPORT_PRODUCTION: -0.795556373,
    Offence.DRUG_POSSESSION_SUPPLY: 0.077165871,
    Offence.OTHER: -0.060667525,
}


class Band(StrEnum):
    """Bands on the 2-year probability: low < 50%, medium 50-74%, high 75-89%, very high >= 90%."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very high"


# Lower edges of medium, high and very high, as probabilities. A p2 of 0.7499 is medium.
_BAND_EDGES = np.array([0.50, 0.75, 0.90])
_BANDS_IN_ORDER = (Band.LOW, Band.MEDIUM, Band.HIGH, Band.VERY_HIGH)


def _lookup_key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


_OFFENCE_LOOKUP: dict[str, Offence] = {}
for _member in Offence:
    _OFFENCE_LOOKUP[_lookup_key(_member.value)] = _member
    _OFFENCE_LOOKUP[_lookup_key(_member.name)] = _member
_SEX_LOOKUP = {"male": Sex.MALE, "m": Sex.MALE, "female": Sex.FEMALE, "f": Sex.FEMALE}


def parse_offence(value: Offence | str) -> Offence:
    """An :class:`Offence` from itself, its published name or its member name (any case)."""
    if isinstance(value, Offence):
        return value
    if isinstance(value, str):
        found = _OFFENCE_LOOKUP.get(_lookup_key(value))
        if found is not None:
            return found
    names = ", ".join(repr(o.value) for o in Offence)
    raise ValueError(f"Unknown OGRS3 offence category {value!r}; expected one of {names}.")


def parse_sex(value: Sex | str) -> Sex:
    """A :class:`Sex` from itself or "male"/"female"/"m"/"f" (any case)."""
    if isinstance(value, Sex):
        return value
    if isinstance(value, str):
        found = _SEX_LOOKUP.get(value.strip().casefold())
        if found is not None:
            return found
    raise ValueError(f"Unknown sex {value!r}; OGRS3 has coefficients for 'male' and 'female'.")


def _check_number(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{name} must be a number, not {value!r}.")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, not {value!r}.")
    return number


def _check_inputs(
    age: float, total_sanctions: float, age_at_conviction: float, age_at_first_sanction: float
) -> tuple[float, int, float, float]:
    age = _check_number("Age at the start of follow-up", age)
    s = _check_number("Total sanctions", total_sanctions)
    conv = _check_number("Age at the current conviction", age_at_conviction)
    first = _check_number("Age at the first sanction", age_at_first_sanction)
    if age < MINIMUM_AGE:
        raise ValueError(f"Age at the start of follow-up is {age:g}; OGRS3 starts at 10.")
    if conv < MINIMUM_AGE:
        raise ValueError(f"Age at the current conviction is {conv:g}; OGRS3 starts at 10.")
    if first < MINIMUM_AGE:
        raise ValueError(f"Age at the first sanction is {first:g}; OGRS3 starts at 10.")
    if s < 1 or s != int(s):
        raise ValueError(
            f"Total sanctions is {s:g}; it must be a whole number of at least 1 "
            "(it includes the current sanction)."
        )
    if first > conv:
        raise ValueError(
            f"Age at the first sanction ({first:g}) is greater than the age at the current "
            f"conviction ({conv:g})."
        )
    return age, int(s), conv, first


def age_band(age: float) -> str:
    """The label of the OGRS3 age band for an age at the start of follow-up."""
    age = _check_number("Age at the start of follow-up", age)
    if age < MINIMUM_AGE:
        raise ValueError(f"Age at the start of follow-up is {age:g}; OGRS3 starts at 10.")
    return AGE_BANDS[_band_index(age)][2]


def _band_index(age: float) -> int:
    return int(np.searchsorted(_BAND_LOWER, age, side="right")) - 1


def age_gender_coefficient(sex: Sex | str, age: float) -> float:
    """The age-and-sex coefficient for a sex and an age at the start of follow-up."""
    if _check_number("Age at the start of follow-up", age) < MINIMUM_AGE:
        raise ValueError(f"Age at the start of follow-up is {age:g}; OGRS3 starts at 10.")
    table = MALE_AGE_COEFFICIENTS if parse_sex(sex) is Sex.MALE else FEMALE_AGE_COEFFICIENTS
    return table[_band_index(float(age))]


def sanction_status(total_sanctions: int) -> SanctionStatus:
    """The status government implementations use in practice: first conviction when S == 1."""
    if total_sanctions < 1:
        raise ValueError(f"Total sanctions is {total_sanctions}; it must be at least 1.")
    if total_sanctions == 1:
        return SanctionStatus.FIRST_SANCTION_CONVICTION
    return SanctionStatus.REPEAT_OFFENDER


def copas(total_sanctions: int, age_at_conviction: float, age_at_first_sanction: float) -> float:
    """The Copas rate ln(S / (10 + A_conv - A_first)): how fast sanctions have built up."""
    _, s, conv, first = _check_inputs(
        MINIMUM_AGE, total_sanctions, age_at_conviction, age_at_first_sanction
    )
    return math.log(s / (10 + conv - first))


def linear_predictor(
    *,
    sex: Sex | str,
    age: float,
    total_sanctions: int,
    age_at_conviction: float,
    age_at_first_sanction: float,
    offence: Offence | str,
) -> float:
    """x in the formula (without the intercept): p1 = logistic(1.402562384 + x)."""
    return _score(sex, age, total_sanctions, age_at_conviction, age_at_first_sanction, offence)[1]


@dataclass(frozen=True)
class Score:
    """One set of inputs' OGRS3 result. For a cohort's expected rate, not a person's label."""

    copas: float
    linear_predictor: float
    p1: float
    p2: float
    band: Band

    def to_dict(self) -> dict[str, Any]:
        return {
            "copas": self.copas,
            "linear_predictor": self.linear_predictor,
            "p1": self.p1,
            "p2": self.p2,
            "band": self.band.value,
        }


def _logistic(z: float) -> float:
    # The same arithmetic as the government code, ex / (1 + ex), so results match to the bit.
    ex = math.exp(z)
    return ex / (1 + ex)


def _score(
    sex: Sex | str,
    age: float,
    total_sanctions: int,
    age_at_conviction: float,
    age_at_first_sanction: float,
    offence: Offence | str,
) -> tuple[float, float, float, float]:
    age, s, conv, first = _check_inputs(
        age, total_sanctions, age_at_conviction, age_at_first_sanction
    )
    c = math.log(s / (10 + conv - first))
    b1 = COPAS_COEFFICIENT * c
    b2 = _FIRST if s == 1 else _REPEAT
    b3 = age_gender_coefficient(sex, age)
    b4 = OFFENCE_COEFFICIENTS[parse_offence(offence)]
    x = b3 + b2 + b1 + b4
    # Summed in the government code's order, with the intercept last, for bit-exact results.
    p1 = _logistic(b3 + b2 + b1 + b4 + INTERCEPT_1_YEAR)
    p2 = _logistic(b3 + b2 + b1 + b4 + INTERCEPT_2_YEAR)
    return c, x, p1, p2


def ogrs3(
    *,
    sex: Sex | str,
    age: float,
    total_sanctions: int,
    age_at_conviction: float,
    age_at_first_sanction: float,
    offence: Offence | str,
) -> Score:
    """OGRS3 for one set of inputs.

    ``age`` is the age at the start of the follow-up (it picks the age band);
    ``total_sanctions`` includes the current one. Raises ``ValueError`` on impossible inputs.
    """
    c, x, p1, p2 = _score(
        sex, age, total_sanctions, age_at_conviction, age_at_first_sanction, offence
    )
    return Score(copas=c, linear_predictor=x, p1=p1, p2=p2, band=band(p2))


def band(p2: float) -> Band:
    """The OGRS3 band of a 2-year probability."""
    value = _check_number("p2", p2)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"p2 must be a probability between 0 and 1, not {p2!r}.")
    return _BANDS_IN_ORDER[int(np.searchsorted(_BAND_EDGES, value, side="right"))]


def bands(p2: npt.ArrayLike) -> npt.NDArray[np.str_]:
    """The OGRS3 band of each 2-year probability, as an array of band names."""
    values = np.asarray(p2, dtype=float)
    if np.any(~np.isfinite(values)) or np.any((values < 0) | (values > 1)):
        raise ValueError("p2 must hold probabilities between 0 and 1.")
    names = np.array([b.value for b in _BANDS_IN_ORDER])
    return names[np.searchsorted(_BAND_EDGES, values, side="right")]


@dataclass(frozen=True)
class CohortScores:
    """OGRS3 for every member of a cohort (arrays in input order) and the cohort's means."""

    copas: npt.NDArray[np.float64]
    linear_predictor: npt.NDArray[np.float64]
    p1: npt.NDArray[np.float64]
    p2: npt.NDArray[np.float64]

    @property
    def expected_rate_1_year(self) -> float:
        """The cohort's expected 1-year proven reoffending rate: the mean of p1."""
        return float(np.mean(self.p1))

    @property
    def expected_rate_2_year(self) -> float:
        return float(np.mean(self.p2))

    @property
    def bands(self) -> npt.NDArray[np.str_]:
        return bands(self.p2)


def _first_bad(mask: npt.NDArray[np.bool_]) -> int:
    return int(np.flatnonzero(mask)[0])


def _as_float_array(name: str, values: npt.ArrayLike, n: int | None) -> npt.NDArray[np.float64]:
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be numbers.") from error
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional.")
    if n is not None and array.shape[0] != n:
        raise ValueError(f"{name} has {array.shape[0]} values; expected {n}.")
    bad = ~np.isfinite(array)
    if bad.any():
        raise ValueError(f"{name} is missing or not finite at row {_first_bad(bad)}.")
    return array


def _codes(
    name: str, values: Sequence[Any] | npt.ArrayLike, parse: Any, members: list[Any], n: int
) -> npt.NDArray[np.intp]:
    raw = np.asarray(values, dtype=object)
    if raw.ndim != 1 or raw.shape[0] != n:
        raise ValueError(f"{name} must be one-dimensional with {n} values.")
    uniques, inverse = np.unique(raw.astype(str), return_inverse=True)
    position = {member: i for i, member in enumerate(members)}
    try:
        mapped = np.array([position[parse(u)] for u in uniques], dtype=np.intp)
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from error
    return mapped[inverse]


def ogrs3_cohort(
    *,
    sex: Sequence[Sex | str] | npt.ArrayLike,
    age: npt.ArrayLike,
    total_sanctions: npt.ArrayLike,
    age_at_conviction: npt.ArrayLike,
    age_at_first_sanction: npt.ArrayLike,
    offence: Sequence[Offence | str] | npt.ArrayLike,
) -> CohortScores:
    """OGRS3 for a whole cohort at once (one value per person in each argument).

    Gives the same numbers as :func:`ogrs3` row by row. Raises ``ValueError`` naming the first
    row at fault on impossible inputs.
    """
    ages = _as_float_array("age", age, None)
    n = ages.shape[0]
    if n == 0:
        raise ValueError("The cohort is empty.")
    s = _as_float_array("total_sanctions", total_sanctions, n)
    conv = _as_float_array("age_at_conviction", age_at_conviction, n)
    first = _as_float_array("age_at_first_sanction", age_at_first_sanction, n)
    for label, array in (
        ("Age at the start of follow-up", ages),
        ("Age at the current conviction", conv),
        ("Age at the first sanction", first),
    ):
        low = array < MINIMUM_AGE
        if low.any():
            i = _first_bad(low)
            raise ValueError(f"{label} is {array[i]:g} at row {i}; OGRS3 starts at 10.")
    bad_s = (s < 1) | (s != np.floor(s))
    if bad_s.any():
        i = _first_bad(bad_s)
        raise ValueError(
            f"Total sanctions is {s[i]:g} at row {i}; it must be a whole number of at least 1."
        )
    order = first > conv
    if order.any():
        i = _first_bad(order)
        raise ValueError(
            f"Age at the first sanction ({first[i]:g}) is greater than the age at the current "
            f"conviction ({conv[i]:g}) at row {i}."
        )
    sex_codes = _codes("sex", sex, parse_sex, list(Sex), n)
    offence_codes = _codes("offence", offence, parse_offence, list(Offence), n)

    band_index = np.searchsorted(_BAND_LOWER, ages, side="right") - 1
    age_table = np.vstack([_AGE_COEFFICIENTS[Sex.MALE], _AGE_COEFFICIENTS[Sex.FEMALE]])
    offence_table = np.array([OFFENCE_COEFFICIENTS[o] for o in Offence])

    c = np.log(s / (10 + conv - first))
    b1 = COPAS_COEFFICIENT * c
    b2 = np.where(s == 1, _FIRST, _REPEAT)
    b3 = age_table[sex_codes, band_index]
    b4 = offence_table[offence_codes]
    x = b3 + b2 + b1 + b4
    e1 = np.exp(b3 + b2 + b1 + b4 + INTERCEPT_1_YEAR)
    e2 = np.exp(b3 + b2 + b1 + b4 + INTERCEPT_2_YEAR)
    return CohortScores(copas=c, linear_predictor=x, p1=e1 / (1 + e1), p2=e2 / (1 + e2))
