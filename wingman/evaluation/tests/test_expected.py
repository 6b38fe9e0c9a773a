"""Expected versus observed: hand-computable cases, the exact Poisson-binomial, Wilson."""

import itertools
import math
from datetime import date

import numpy as np
import pytest
from scipy import stats

from wingman.evaluation.expected import (
    DESIGN_NOTE,
    expected_versus_observed,
    final_on,
    is_final,
    poisson_binomial_pmf,
    wilson_interval,
)


def _brute_force_pmf(p):
    pmf = np.zeros(len(p) + 1)
    for outcome in itertools.product((0, 1), repeat=len(p)):
        pmf[sum(outcome)] += math.prod(
            pi if o else 1 - pi for pi, o in zip(p, outcome, strict=True)
        )
    return pmf


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 12])
def test_poisson_binomial_matches_enumeration(n):
    p = np.random.default_rng(n).uniform(0.01, 0.99, n)
    assert poisson_binomial_pmf(p) == pytest.approx(_brute_force_pmf(p), rel=1e-12, abs=1e-15)


def test_poisson_binomial_equal_probabilities_is_binomial():
    pmf = poisson_binomial_pmf(np.full(200, 0.3))
    assert pmf == pytest.approx(stats.binom.pmf(np.arange(201), 200, 0.3), rel=1e-9, abs=1e-300)
    assert pmf.sum() == pytest.approx(1.0)


def test_poisson_binomial_by_hand():
    # Two people, 0.2 and 0.5: P(0) = 0.4, P(1) = 0.2*0.5 + 0.8*0.5 = 0.5, P(2) = 0.1.
    assert poisson_binomial_pmf([0.2, 0.5]) == pytest.approx([0.4, 0.5, 0.1])


def test_wilson_known_values():
    # Newcombe (1998), Statistics in Medicine 17:857, table I: 81/263 -> 0.2553 to 0.3662,
    # 15/148 -> 0.0624 to 0.1605, 0/20 -> 0 to 0.1611.
    assert wilson_interval(81, 263) == pytest.approx((0.2553, 0.3662), abs=5e-5)
    assert wilson_interval(15, 148) == pytest.approx((0.0624, 0.1605), abs=5e-5)
    assert wilson_interval(0, 20) == pytest.approx((0.0, 0.1611), abs=5e-5)
    # z^2 / (n + z^2) exactly for 0 successes.
    z2 = stats.norm.ppf(0.975) ** 2
    assert wilson_interval(0, 20)[1] == pytest.approx(z2 / (20 + z2), rel=1e-12)


def test_wilson_agrees_with_statsmodels():
    from statsmodels.stats.proportion import proportion_confint

    for k, n in [(3, 10), (30, 100), (99, 100), (500, 5000)]:
        low, high = proportion_confint(k, n, method="wilson")
        assert wilson_interval(k, n) == pytest.approx((low, high), rel=1e-10)


def test_hand_computable_cohort():
    # 40 people, all expected at 0.5; 10 reoffended.
    result = expected_versus_observed([0.5] * 40, [1] * 10 + [0] * 30, follow_up_complete=True)
    assert result.n == 40
    assert result.expected_rate == 0.5
    assert result.expected_count == 20
    assert result.observed_rate == 0.25
    assert result.difference == -0.25
    assert result.ratio == 0.5
    # Under the null the count is Binomial(40, 0.5): exact two-sided p = 2 * P(K <= 10).
    assert result.p_value == pytest.approx(2 * stats.binom.cdf(10, 40, 0.5), rel=1e-10)
    # Central 95% range of Binomial(40, 0.5) is 14..26.
    assert (result.expected_ci_low, result.expected_ci_high) == (14 / 40, 26 / 40)
    assert stats.binom.cdf(13, 40, 0.5) < 0.025 <= stats.binom.cdf(14, 40, 0.5)
    low, high = wilson_interval(10, 40)
    assert result.observed_ci_low == low and result.observed_ci_high == high
    assert result.difference_ci_low == pytest.approx(low - 0.5)
    assert result.difference_ci_high == pytest.approx(high - 0.5)
    assert result.ratio_ci_low == pytest.approx(low / 0.5)
    assert result.warnings == []
    assert result.method == "exact Poisson-binomial"
    assert result.design_note == DESIGN_NOTE
    assert "2002–2004" in DESIGN_NOTE and "not a controlled comparison" in DESIGN_NOTE


def test_observed_equal_to_expected_has_p_value_one():
    result = expected_versus_observed([0.25] * 40, [1] * 10 + [0] * 30, follow_up_complete=True)
    assert result.difference == 0
    assert result.p_value == 1.0


def test_mixed_probabilities_p_value_against_enumeration():
    p = np.random.default_rng(3).uniform(0.1, 0.6, 12)
    y = np.zeros(12, dtype=int)
    y[:9] = 1
    result = expected_versus_observed(p, y, follow_up_complete=True)
    pmf = _brute_force_pmf(p)
    upper = pmf[9:].sum()
    lower = pmf[:10].sum()
    assert result.p_value == pytest.approx(min(1, 2 * min(upper, lower)), rel=1e-10)


def test_normal_approximation_for_large_cohorts_is_close_to_exact():
    rng = np.random.default_rng(11)
    p = rng.uniform(0.1, 0.5, 3000)
    y = (rng.uniform(size=3000) < p * 0.9).astype(int)
    exact = expected_versus_observed(p, y, follow_up_complete=True)
    approx = expected_versus_observed(p, y, follow_up_complete=True, exact_max_n=100)
    assert approx.method.startswith("normal approximation")
    assert approx.p_value == pytest.approx(exact.p_value, rel=0.05, abs=1e-4)
    assert approx.expected_ci_low == pytest.approx(exact.expected_ci_low, abs=1 / 3000 + 1e-3)
    assert approx.expected_ci_high == pytest.approx(exact.expected_ci_high, abs=1 / 3000 + 1e-3)
    sd = math.sqrt(float(np.sum(p * (1 - p))))
    z = stats.norm.ppf(0.975)
    assert approx.expected_ci_high == pytest.approx(p.mean() + z * sd / 3000)


def test_exact_is_fast_enough_for_ten_thousand():
    import time

    p = np.random.default_rng(1).uniform(0.05, 0.6, 10_000)
    start = time.perf_counter()
    pmf = poisson_binomial_pmf(p)
    assert time.perf_counter() - start < 5
    assert pmf.sum() == pytest.approx(1.0)
    assert float(np.dot(np.arange(10_001), pmf)) == pytest.approx(p.sum())


def test_small_cohort_warning():
    result = expected_versus_observed([0.3] * 12, [0] * 12, follow_up_complete=True)
    assert any("fewer than 30" in w for w in result.warnings)


def test_probability_at_the_edge_warns():
    result = expected_versus_observed([0.0] + [0.3] * 39, [0] * 40, follow_up_complete=True)
    assert any("outside (0, 1)" in w for w in result.warnings)


def test_follow_up_flag():
    not_final = expected_versus_observed([0.3] * 40, [0] * 40, follow_up_complete=False)
    assert any("provisional" in w and "18 months" in w for w in not_final.warnings)
    unknown = expected_versus_observed([0.3] * 40, [0] * 40)
    assert any("provisional" in w for w in unknown.warnings)


def test_final_on_is_eighteen_months_after_last_start():
    assert final_on(date(2025, 1, 15)) == date(2026, 7, 15)
    assert final_on(date(2024, 8, 31)) == date(2026, 2, 28)
    assert is_final(date(2025, 1, 15), date(2026, 7, 15))
    assert not is_final(date(2025, 1, 15), date(2026, 7, 14))


@pytest.mark.parametrize(
    ("probabilities", "outcomes", "message"),
    [
        ([0.2, 0.3], [1], "one of each"),
        ([], [], "empty"),
        ([0.2, 1.3], [0, 1], "between 0 and 1"),
        ([0.2, np.nan], [0, 1], "not finite"),
        ([0.2, 0.3], [0, 2], "0 .* or 1"),
    ],
)
def test_bad_inputs(probabilities, outcomes, message):
    with pytest.raises(ValueError, match=message):
        expected_versus_observed(probabilities, outcomes)


def test_to_dict_is_plain():
    import json

    result = expected_versus_observed([0.3] * 40, [1] * 15 + [0] * 25, follow_up_complete=True)
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert {"expected_rate", "observed_rate", "p_value", "warnings", "design_note"} <= set(data)
