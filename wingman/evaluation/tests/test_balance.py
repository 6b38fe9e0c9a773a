"""Balance values checked against figures worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from wingman.evaluation.balance import balance_table


def test_smd_is_standardised_by_the_treated_groups_sd_and_variance_ratios_are_by_hand():
    # Treated: 1, 2, 3 (mean 2, variance 1). Comparison: 2, 4, 6, 8 (mean 5, variance 20/3).
    x = np.array([[1.0, 2.0, 3.0, 2.0, 4.0, 6.0, 8.0]])
    treated = np.array([True, True, True, False, False, False, False])
    denominator = 1.0  # the treated group's SD before matching
    # After: treated rows 0 and 1 (mean 1.5); comparison rows 3, 4, 5 with weights 1, 0.5, 0.5
    # (weighted mean (2 + 2 + 3) / 2 = 3.5).
    rows = balance_table(
        x,
        ["age"],
        treated,
        np.array([0, 1]),
        np.array([3, 4, 5]),
        np.array([1.0, 0.5, 0.5]),
    )
    row = rows[0]
    assert row.covariate == "age"
    assert row.mean_treated_before == pytest.approx(2.0)
    assert row.mean_comparison_before == pytest.approx(5.0)
    assert row.smd_before == pytest.approx(-3.0 / denominator)
    assert row.mean_treated_after == pytest.approx(1.5)
    assert row.mean_comparison_after == pytest.approx(3.5)
    assert row.smd_after == pytest.approx(-2.0 / denominator)
    assert row.imbalanced
    assert row.variance_ratio_before == pytest.approx(1.0 / (20.0 / 3.0))
    # After: treated 1, 2 (variance 0.25); comparison 2, 4, 6 weighted 1, 0.5, 0.5 around 3.5:
    # (2.25 + 0.5 * 0.25 + 0.5 * 6.25) / 2 = 2.75.
    assert row.variance_ratio_after == pytest.approx(0.25 / 2.75)
    assert row.variance_ratio_flagged


def test_smd_falls_back_to_the_pooled_sd_when_the_treated_all_have_one_value():
    # Treated: 2, 2 (variance 0). Comparison: 1, 3 (variance 2): pooled SD sqrt((0 + 2) / 2) = 1.
    x = np.array([[2.0, 2.0, 1.0, 3.0]])
    treated = np.array([True, True, False, False])
    rows = balance_table(x, ["a"], treated, np.array([0, 1]), np.array([2]), np.array([1.0]))
    assert rows[0].smd_before == pytest.approx(0.0)
    assert rows[0].smd_after == pytest.approx(1.0)


def test_a_flag_has_no_variance_ratio():
    x = np.array([[1.0, 0.0, 1.0, 0.0, 0.0, 1.0]])
    treated = np.array([True, True, True, False, False, False])
    rows = balance_table(x, ["flag"], treated, np.arange(3), np.arange(3, 6), np.ones(3))
    assert rows[0].variance_ratio_before is None
    assert rows[0].variance_ratio_after is None
    assert not rows[0].variance_ratio_flagged


def test_balanced_and_constant():
    x = np.array([[1.0, 2.0, 1.0, 2.0], [5.0, 5.0, 5.0, 5.0]])
    treated = np.array([True, True, False, False])
    rows = balance_table(
        x, ["a", "k"], treated, np.array([0, 1]), np.array([2, 3]), np.array([1.0, 1.0])
    )
    assert rows[0].smd_before == pytest.approx(0.0)
    assert rows[0].smd_after == pytest.approx(0.0)
    assert not rows[0].imbalanced
    assert rows[1].smd_before == 0.0
    assert rows[1].smd_after == 0.0


def test_large_mean_no_cancellation():
    rng = np.random.default_rng(0)
    base = rng.normal(size=1000)
    x = (base + 1e9)[None, :]
    treated = np.arange(1000) < 100
    rows = balance_table(x, ["big"], treated, np.arange(100), np.arange(100, 200), np.ones(100))
    small = balance_table(
        base[None, :], ["small"], treated, np.arange(100), np.arange(100, 200), np.ones(100)
    )
    assert rows[0].smd_before == pytest.approx(small[0].smd_before, abs=1e-6)
    assert rows[0].smd_after == pytest.approx(small[0].smd_after, abs=1e-6)
