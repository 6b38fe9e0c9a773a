"""The first version of every unit cost, seeded by migration 0002. Kept here, apart from the
migration, so the figures and their sources can be read in one place."""

from decimal import Decimal

#: Valid from the earliest date Wingman records, so every period has a figure.
FIRST_VALID_FROM = "2000-01-01"

HOME_OFFICE_2018 = (
    "Home Office, The economic and social costs of crime, second edition "
    "(Research Report 99, Heeks and others, July 2018), average cost per offence"
)

#: (key, label, amount, unit, source, price year)
FIRST_VERSIONS: list[tuple[str, str, Decimal, str, str, str]] = [
    (
        "prison_place_year",
        "Prison place (adult)",
        Decimal("51724"),
        "a prisoner a year",
        "Ministry of Justice, Costs per place and costs per prisoner, 2022/23",
        "2022/23",
    ),
    (
        "yoi_place_year",
        "Young offender institution place",
        Decimal("178970"),
        "a young person a year",
        "Ministry of Justice and Youth Justice Board, cost per young person in a young "
        "offender institution, 2022/23",
        "2022/23",
    ),
    (
        "stc_place_year",
        "Secure training centre place",
        Decimal("160000"),
        "a child a year",
        "Children's Commissioner for England, Who are they? Where are they? Children locked up "
        "(May 2019), estimated cost per child a year",
        "2018/19",
    ),
    (
        "sch_place_year",
        "Secure children's home place",
        Decimal("210000"),
        "a child a year",
        "Children's Commissioner for England, Who are they? Where are they? Children locked up "
        "(May 2019), estimated cost per child a year",
        "2018/19",
    ),
    (
        "caseworker_year",
        "Caseworker",
        Decimal("60000"),
        "a caseworker a year",
        "The service's own figure",
        "2025/26",
    ),
    (
        "clients_per_caseworker_low",
        "Clients a caseworker works with a year (fewest)",
        Decimal("30"),
        "clients a caseworker a year",
        "The service's own figure",
        "2025/26",
    ),
    (
        "clients_per_caseworker_high",
        "Clients a caseworker works with a year (most)",
        Decimal("40"),
        "clients a caseworker a year",
        "The service's own figure",
        "2025/26",
    ),
    ("offence_homicide", "Homicide", Decimal("3217740"), "an offence", HOME_OFFICE_2018, "2015/16"),
    (
        "offence_violence_with_injury",
        "Violence with injury",
        Decimal("14050"),
        "an offence",
        HOME_OFFICE_2018,
        "2015/16",
    ),
    (
        "offence_violence_without_injury",
        "Violence without injury",
        Decimal("5930"),
        "an offence",
        HOME_OFFICE_2018,
        "2015/16",
    ),
    ("offence_rape", "Rape", Decimal("39360"), "an offence", HOME_OFFICE_2018, "2015/16"),
    (
        "offence_other_sexual",
        "Other sexual offences",
        Decimal("6520"),
        "an offence",
        HOME_OFFICE_2018,
        "2015/16",
    ),
    ("offence_robbery", "Robbery", Decimal("11320"), "an offence", HOME_OFFICE_2018, "2015/16"),
    (
        "offence_burglary",
        "Domestic burglary",
        Decimal("5930"),
        "an offence",
        HOME_OFFICE_2018,
        "2015/16",
    ),
    (
        "offence_theft",
        "Theft from the person",
        Decimal("1380"),
        "an offence",
        HOME_OFFICE_2018,
        "2015/16",
    ),
    (
        "offence_criminal_damage",
        "Criminal damage (other than arson)",
        Decimal("1350"),
        "an offence",
        HOME_OFFICE_2018,
        "2015/16",
    ),
]
