"""Matching agrees with a plain brute-force matcher, including how ties are broken."""

from __future__ import annotations

import numpy as np
import pytest

from wingman.evaluation.estimate import estimate_att
from wingman.evaluation.matching import SortedComparison, match, sort_stably


def brute_force(logit_t, logit_c, ratio, replace, caliper_width, common_support=True):
    """Match by computing every distance; returns {treated row: [comparison rows]}."""
    lo, hi = min(logit_c), max(logit_c)
    treated = list(range(len(logit_t)))
    if common_support:
        treated = [i for i in treated if lo <= logit_t[i] <= hi]
    if not replace:
        # Descending score, ties in data order.
        treated.sort(key=lambda i: (-logit_t[i], i))
    used = set()
    result = {}
    for i in treated:
        ranked = sorted(
            (abs(logit_t[i] - logit_c[j]), j) for j in range(len(logit_c)) if j not in used
        )
        chosen = []
        for d, j in ranked[:ratio]:
            if caliper_width is not None and d > caliper_width:
                break
            chosen.append(j)
        if not replace:
            used.update(chosen)
        if chosen:
            result[i] = chosen
    return result


def brute_att(result, y_t, y_c):
    diffs = [y_t[i] - np.mean([y_c[j] for j in js]) for i, js in result.items()]
    return float(np.mean(diffs))


def brute_std_error(result, logit_c, y_t, y_c, neighbours=2):
    """Abadie-Imbens (2006) standard error, written out plainly."""
    diffs = [y_t[i] - np.mean([y_c[j] for j in js]) for i, js in result.items()]
    att = np.mean(diffs)
    total = sum((d - att) ** 2 for d in diffs)
    weight: dict[int, float] = {}
    weight_sq: dict[int, float] = {}
    for js in result.values():
        for j in js:
            weight[j] = weight.get(j, 0.0) + 1.0 / len(js)
            weight_sq[j] = weight_sq.get(j, 0.0) + 1.0 / len(js) ** 2
    for j, k in weight.items():
        factor = k**2 - weight_sq[j]
        if factor <= 1e-12:
            continue
        others = sorted((abs(logit_c[j] - logit_c[m]), m) for m in range(len(logit_c)) if m != j)[
            :neighbours
        ]
        mean = np.mean([y_c[m] for _, m in others])
        total += factor * len(others) / (len(others) + 1) * (y_c[j] - mean) ** 2
    return float(np.sqrt(total) / len(diffs))


def as_dict(res):
    out: dict[int, list[int]] = {}
    for t, c in zip(res.pair_treated.tolist(), res.pair_control.tolist(), strict=True):
        out.setdefault(t, []).append(c)
    return out


def make_case(seed, n_t, n_c, ties):
    rng = np.random.default_rng(seed)
    if ties:
        # Few distinct values, so many exact ties (as with binary covariates).
        logit_t = rng.integers(-3, 4, n_t) / 2.0
        logit_c = rng.integers(-4, 4, n_c) / 2.0
    else:
        logit_t = rng.normal(0.5, 1, n_t)
        logit_c = rng.normal(0, 1, n_c)
    return logit_t, logit_c


@pytest.mark.parametrize("replace", [True, False])
@pytest.mark.parametrize("ratio", [1, 3])
@pytest.mark.parametrize("caliper", [None, 0.1])
@pytest.mark.parametrize("ties", [False, True])
def test_matches_brute_force(replace, ratio, caliper, ties):
    for seed in range(15):
        logit_t, logit_c = make_case(seed, 25, 60, ties)
        caliper_width = 0.5 if ties and caliper is not None else caliper
        expected = brute_force(list(logit_t), list(logit_c), ratio, replace, caliper_width)
        res = match(logit_t, logit_c, ratio=ratio, replace=replace, caliper_width=caliper_width)
        assert as_dict(res) == expected, seed
        rng = np.random.default_rng(seed + 100)
        y_t = rng.normal(size=len(logit_t))
        y_c = rng.normal(size=len(logit_c))
        if expected:
            per_pair = y_c[res.pair_control] * res.pair_weight
            control_mean = np.bincount(res.pair_treated, weights=per_pair, minlength=len(logit_t))[
                res.matched_treated
            ]
            att = float(np.mean(y_t[res.matched_treated] - control_mean))
            assert att == pytest.approx(brute_att(expected, y_t, y_c), abs=1e-12)
            est = estimate_att(y_t, y_c, res, SortedComparison(logit_c))
            assert est.estimate == pytest.approx(att, abs=1e-12)
            assert est.std_error == pytest.approx(
                brute_std_error(expected, list(logit_c), y_t, y_c), abs=1e-12
            )


def test_weights_and_counts():
    logit_t = np.array([0.0, 0.1, 5.0])
    logit_c = np.array([0.05, 1.0, 2.0, -1.0])
    res = match(logit_t, logit_c, ratio=2, replace=True, caliper_width=None)
    # Treated 2 (logit 5) is outside the comparison range and is trimmed.
    assert res.n_outside_support == 1
    assert res.matched_treated.tolist() == [0, 1]
    # For treated 0, rows 1 (logit 1.0) and 3 (logit -1.0) are equally far: row 1 comes first.
    assert res.pair_control.tolist() == [0, 1, 0, 1]
    assert res.pair_weight.tolist() == [0.5, 0.5, 0.5, 0.5]
    assert res.control_rows.tolist() == [0, 1]
    assert res.control_weight.tolist() == [1.0, 1.0]


def test_caliper_leaves_unmatched():
    res = match(np.array([0.0, 1.0]), np.array([0.0, 2.0]), caliper_width=0.5)
    assert res.matched_treated.tolist() == [0]
    assert res.n_no_match == 1


def test_without_replacement_uses_each_once():
    rng = np.random.default_rng(3)
    res = match(rng.normal(size=200), rng.normal(size=300), ratio=1, replace=False)
    assert len(set(res.pair_control.tolist())) == len(res.pair_control)


def test_runs_out_of_comparisons():
    res = match(np.array([0.0, 0.0, 0.0]), np.array([0.0, 0.0]), replace=False)
    assert res.matched_treated.tolist() == [0, 1]
    assert res.n_no_match == 1


def test_sorted_comparison_walks_ties_in_data_order():
    sc = SortedComparison(np.array([1.0, 0.0, 1.0, 0.0, 2.0]))
    rows, dist = sc.nearest(np.array([1.6]), 5)
    assert rows.tolist() == [[4, 0, 2, 1, 3]]
    assert dist[0, 0] == pytest.approx(0.4)


@pytest.mark.parametrize(
    "kind", ["distinct", "rounded", "mostly_equal", "two_values", "tiny_range", "constant"]
)
def test_bucketed_sort_agrees_with_a_plain_stable_sort(kind):
    rng = np.random.default_rng(21)
    n = 150_000  # above the size where the bucketed sort is used
    values = {
        "distinct": rng.normal(size=n) * 1.3 - 4.0,
        "rounded": np.round(rng.normal(size=n), 2),
        "mostly_equal": np.where(rng.random(n) < 0.9, -2.5, rng.normal(size=n)),
        "two_values": rng.choice([-1.0, 3.0], size=n),
        "tiny_range": 1.0 + rng.normal(size=n) * 1e-14,
        "constant": np.full(n, 0.25),
    }[kind]
    order = np.empty(n, dtype=np.int64)
    ordered = np.empty(n)
    sort_stably(values, order, ordered)
    expected = np.argsort(values, kind="stable")
    np.testing.assert_array_equal(order, expected)
    np.testing.assert_array_equal(ordered, values[expected])


def test_large_comparison_group_matches_like_brute_force_on_ties():
    # The bucketed sort path, with many exact ties, gives the same matches as a plain search.
    rng = np.random.default_rng(22)
    logit_c = np.round(rng.normal(size=120_000), 3)
    logit_t = np.round(rng.normal(size=50), 3) + 0.0005
    sc = SortedComparison(logit_c)
    rows, dist = sc.nearest(logit_t, 3)
    for i, x in enumerate(logit_t):
        gap = np.abs(logit_c - x)
        expected = np.lexsort((np.arange(len(logit_c)), gap))[:3]
        assert rows[i].tolist() == expected.tolist()
        np.testing.assert_array_equal(dist[i], gap[expected])
