"""OGRS3 against the government implementation's own test vectors, and its input checks."""

import numpy as np
import pytest

from wingman.evaluation import ogrs3 as o
from wingman.evaluation.ogrs3 import Band, Offence, Sex, ogrs3, ogrs3_cohort

BASE = {
    "sex": "male",
    "age": 20,
    "age_at_conviction": 20,
    "age_at_first_sanction": 20,
    "offence": "Violence",
}


def test_first_sanction_vector_is_bit_exact():
    score = ogrs3(total_sanctions=1, **BASE)
    assert score.p1 == 0.12161553504714574
    assert score.p2 == 0.22130521140511314
    assert score.band is Band.LOW


def test_second_sanction_vector_is_bit_exact():
    score = ogrs3(total_sanctions=2, **BASE)
    assert score.p1 == 0.3158120100020924
    assert score.p2 == 0.48651769565917


@pytest.mark.parametrize(
    ("s", "p1", "p2"),
    [
        # Further vectors from the same government test file (3rd to 5th sanction).
        (3, 0.43393890261473633, 0.6114342480551298),
        (4, 0.5235145926731711, 0.6928061177628605),
        (5, 0.5922581047904114, 0.7488430658491833),
    ],
)
def test_further_government_vectors(s, p1, p2):
    score = ogrs3(total_sanctions=s, **BASE)
    assert score.p1 == pytest.approx(p1, rel=1e-15, abs=0)
    assert score.p2 == pytest.approx(p2, rel=1e-15, abs=0)


def test_parts_of_the_formula():
    assert o.copas(1, 20, 20) == np.log(0.1)
    assert o.copas(6, 37, 14) == np.log(6 / 33)
    x = o.linear_predictor(total_sanctions=1, **BASE)
    assert x == pytest.approx(-0.625103618 + 0.126142106 + 1.251124464 * np.log(0.1), rel=1e-15)
    assert 1 / (1 + np.exp(-(o.INTERCEPT_1_YEAR + x))) == pytest.approx(0.12161553504714574)


def test_worked_example_from_government_tests():
    # Female, 43 at assessment (band 40-49), criminal damage, 6 sanctions, first at 14, now 37.
    score = ogrs3(
        sex=Sex.FEMALE,
        age=43,
        total_sanctions=6,
        age_at_conviction=37,
        age_at_first_sanction=14,
        offence=Offence.CRIMINAL_DAMAGE,
    )
    z = -1.524652221 + 0.463062792 + 1.251124464 * np.log(6 / 33) + 0.204960477
    assert score.p1 == pytest.approx(1 / (1 + np.exp(-(z + 1.402562384))), rel=1e-15)
    assert score.p2 == pytest.approx(1 / (1 + np.exp(-(z + 2.121705678))), rel=1e-15)


def test_sanction_status():
    assert o.sanction_status(1) is o.SanctionStatus.FIRST_SANCTION_CONVICTION
    assert o.sanction_status(2) is o.SanctionStatus.REPEAT_OFFENDER
    assert o.SANCTION_STATUS_COEFFICIENTS[o.SanctionStatus.FIRST_SANCTION_CONVICTION] == 0.126142106
    assert o.SANCTION_STATUS_COEFFICIENTS[o.SanctionStatus.REPEAT_OFFENDER] == 0.463062792
    assert o.SANCTION_STATUS_COEFFICIENTS[o.SanctionStatus.SECOND_CAUTION] == 0.083100501
    assert o.SANCTION_STATUS_COEFFICIENTS[o.SanctionStatus.MULTIPLE_CAUTIONS] == 0.34859587
    assert o.SANCTION_STATUS_COEFFICIENTS[o.SanctionStatus.FIRST_CAUTION] == 0


def test_female_young_coefficients_keep_their_minus_sign():
    assert o.FEMALE_AGE_COEFFICIENTS[:3] == (-0.785038489, -0.613852078, -0.669521331)
    assert o.age_gender_coefficient("female", 10) == -0.785038489
    assert o.age_gender_coefficient("female", 15) == -0.669521331
    assert o.age_gender_coefficient("male", 12) == 0.083922902
    # A girl of 14 scores lower than a boy of 14 with the same history.
    girl = ogrs3(**{**BASE, "sex": "female", "age": 14}, total_sanctions=2)
    boy = ogrs3(**{**BASE, "age": 14}, total_sanctions=2)
    assert girl.p1 < boy.p1


def test_exact_coefficient_values_and_names():
    assert len(Offence) == 20
    assert Offence("Sexual (not against child)") is Offence.SEXUAL_NOT_AGAINST_CHILD
    assert o.OFFENCE_COEFFICIENTS[Offence.SEXUAL_NOT_AGAINST_CHILD] == 0.003276327
    assert o.OFFENCE_COEFFICIENTS[Offence.ROBBERY] == -0.634795912
    assert o.OFFENCE_COEFFICIENTS[Offence.OTHER] == -0.060667525
    assert o.MALE_AGE_COEFFICIENTS[-1] == -2.025261458
    assert o.FEMALE_AGE_COEFFICIENTS[-1] == -2.44983716
    assert len(o.MALE_AGE_COEFFICIENTS) == len(o.FEMALE_AGE_COEFFICIENTS) == len(o.AGE_BANDS)


@pytest.mark.parametrize(
    ("age", "label"),
    [
        (10, "10-11"),
        (11.9, "10-11"),
        (12, "12-13"),
        (17, "16-17"),
        (18, "18-20"),
        (20, "18-20"),
        (21, "21-24"),
        (49, "40-49"),
        (50, "50+"),
        (87, "50+"),
    ],
)
def test_age_bands(age, label):
    assert o.age_band(age) == label


def test_offence_names_parse_in_several_spellings():
    assert o.parse_offence("Drug possession/supply") is Offence.DRUG_POSSESSION_SUPPLY
    assert o.parse_offence("drug_possession_supply") is Offence.DRUG_POSSESSION_SUPPLY
    assert o.parse_offence("BURGLARY (DOMESTIC)") is Offence.BURGLARY_DOMESTIC
    assert o.parse_sex("F") is Sex.FEMALE


@pytest.mark.parametrize(
    ("p2", "expected"),
    [
        (0.0, Band.LOW),
        (0.4999, Band.LOW),
        (0.5, Band.MEDIUM),
        (0.7499, Band.MEDIUM),
        (0.75, Band.HIGH),
        (0.8999, Band.HIGH),
        (0.9, Band.VERY_HIGH),
        (1.0, Band.VERY_HIGH),
    ],
)
def test_bands(p2, expected):
    assert o.band(p2) is expected
    assert o.bands([p2])[0] == expected.value


def test_band_rejects_non_probabilities():
    with pytest.raises(ValueError, match="between 0 and 1"):
        o.band(1.2)
    with pytest.raises(ValueError):
        o.bands([0.2, np.nan])


def _random_cohort(n, seed=7):
    rng = np.random.default_rng(seed)
    first = rng.integers(10, 40, n)
    conv = first + rng.integers(0, 20, n)
    return {
        "sex": rng.choice(["male", "female"], n),
        "age": conv + rng.integers(0, 5, n),
        "total_sanctions": rng.integers(1, 40, n),
        "age_at_conviction": conv,
        "age_at_first_sanction": first,
        "offence": rng.choice([x.value for x in Offence], n),
    }


def test_vectorised_equals_scalar():
    cohort = _random_cohort(500)
    scores = ogrs3_cohort(**cohort)
    for i in range(500):
        one = ogrs3(
            **{k: (v[i].item() if hasattr(v[i], "item") else v[i]) for k, v in cohort.items()}
        )
        assert scores.p1[i] == pytest.approx(one.p1, rel=1e-15, abs=0)
        assert scores.p2[i] == pytest.approx(one.p2, rel=1e-15, abs=0)
        assert scores.copas[i] == pytest.approx(one.copas, rel=1e-15, abs=0)
        assert scores.linear_predictor[i] == pytest.approx(one.linear_predictor, rel=1e-14)
    assert scores.expected_rate_1_year == pytest.approx(scores.p1.mean())
    assert set(scores.bands) <= {b.value for b in Band}


def test_vectorised_reference_vectors():
    scores = ogrs3_cohort(
        sex=[Sex.MALE, Sex.MALE],
        age=[20, 20],
        total_sanctions=[1, 2],
        age_at_conviction=[20, 20],
        age_at_first_sanction=[20, 20],
        offence=[Offence.VIOLENCE, "violence"],
    )
    assert scores.p1[0] == pytest.approx(0.12161553504714574, rel=1e-15, abs=0)
    assert scores.p2[0] == pytest.approx(0.22130521140511314, rel=1e-15, abs=0)
    assert scores.p1[1] == pytest.approx(0.3158120100020924, rel=1e-15, abs=0)
    assert scores.p2[1] == pytest.approx(0.48651769565917, rel=1e-15, abs=0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"age": 9}, "starts at 10"),
        ({"age_at_first_sanction": 9, "age_at_conviction": 9}, "starts at 10"),
        ({"total_sanctions": 0}, "at least 1"),
        ({"total_sanctions": 1.5}, "whole number"),
        ({"age_at_first_sanction": 21}, "greater than the age at the current conviction"),
        ({"offence": "Arson"}, "Unknown OGRS3 offence category"),
        ({"sex": "x"}, "Unknown sex"),
        ({"age": float("nan")}, "finite"),
    ],
)
def test_bad_inputs(change, message):
    inputs = {**BASE, "total_sanctions": 1, **change}
    with pytest.raises(ValueError, match=message):
        ogrs3(**inputs)
    cohort = {k: [v, BASE.get(k, 1)] for k, v in inputs.items()}
    cohort["total_sanctions"][1] = 1
    with pytest.raises(ValueError, match=message if "finite" not in message else "not finite"):
        ogrs3_cohort(**cohort)


def test_vectorised_error_names_the_row():
    cohort = _random_cohort(10)
    cohort["total_sanctions"][6] = 0
    with pytest.raises(ValueError, match="row 6"):
        ogrs3_cohort(**cohort)


def test_vectorised_rejects_mismatched_lengths_and_empty():
    cohort = _random_cohort(10)
    cohort["age"] = cohort["age"][:9]
    with pytest.raises(ValueError):
        ogrs3_cohort(**cohort)
    with pytest.raises(ValueError, match="empty"):
        ogrs3_cohort(**{k: [] for k in BASE}, total_sanctions=[])


def test_module_says_it_is_never_a_label():
    assert "never a label on a young person" in (o.__doc__ or "")
