"""Does the 95% interval cover the true effect about 95% of the time? And how fast is it?

Synthetic cohorts with confounded treatment (a logistic model on the covariates decides who
gets the service) and a known effect on the treated, for a continuous outcome and a 0/1 one,
over many seeds, with and without replacement.
"""

from __future__ import annotations

import resource
import time
import tracemalloc

import numpy as np
import pytest

from wingman.evaluation import evaluate

SEEDS = 400
N_TREATED = 200
N_COMPARISON = 2000


def synthetic(seed: int, binary: bool) -> tuple[dict[str, np.ndarray], float]:
    """Return a cohort and its true average effect on the treated."""
    rng = np.random.default_rng(seed)
    pool = (N_TREATED + N_COMPARISON) * 6
    x = rng.normal(size=(3, pool))
    lin = -2.5 + 0.8 * x[0] - 0.5 * x[1] + 0.3 * x[2]
    got = rng.random(pool) < 1 / (1 + np.exp(-lin))
    rows = np.r_[np.flatnonzero(got)[:N_TREATED], np.flatnonzero(~got)[:N_COMPARISON]]
    x = x[:, rows]
    t = np.r_[np.ones(N_TREATED), np.zeros(N_COMPARISON)]
    n = len(t)
    if binary:
        base = -0.5 + 0.7 * x[0] + 0.4 * x[1]
        y = (rng.random(n) < 1 / (1 + np.exp(-(base - 0.6 * t)))).astype(float)
        treated_base = base[:N_TREATED]
        att = float(
            np.mean(1 / (1 + np.exp(-(treated_base - 0.6))) - 1 / (1 + np.exp(-treated_base)))
        )
    else:
        y = 1 + x[0] + 0.5 * x[1] - 0.5 * x[2] + 0.5 * t + rng.normal(size=n)
        att = 0.5
    return {"t": t, "y": y, "a": x[0], "b": x[1], "c": x[2]}, att


@pytest.mark.parametrize("binary", [False, True])
@pytest.mark.parametrize("replace", [True, False])
def test_interval_coverage(replace, binary):
    covered = 0
    for seed in range(SEEDS):
        data, att = synthetic(seed, binary)
        res = evaluate(
            data, treatment="t", outcome="y", covariates=["a", "b", "c"], replace=replace
        )
        covered += res.ci_low <= att <= res.ci_high
    rate = covered / SEEDS
    print(f"coverage replace={replace} binary={binary}: {rate:.3f} over {SEEDS} seeds")
    assert 0.88 <= rate <= 0.99


DISSIMILAR_SEEDS = 400
DISSIMILAR_TREATED = 200
DISSIMILAR_COMPARISON = 6000


def dissimilar(seed: int) -> dict[str, np.ndarray]:
    """200 treated against 6,000 comparison people drawn from a population unlike them.

    Who gets the service depends on a cubic in age, a 0/1 flag and earnings with many zeros,
    so most of the comparison pool get scores near 0. The effect is 0.5 for everyone, so the
    matched treated people have the same true effect whoever is trimmed.
    """
    rng = np.random.default_rng(10_000 + seed)
    pool = 60_000
    age = np.clip(np.round(rng.normal(40, 12, size=pool)), 16, 75)
    flag = (rng.random(pool) < 0.2).astype(float)
    earn = np.round(15_000 * rng.lognormal(sigma=0.7, size=pool), 2)
    earn[rng.random(pool) < 0.3] = 0.0
    zero = (earn == 0).astype(float)
    centred = (age - 40) / 10
    lin = -4.0 - 1.2 * centred + 0.2 * centred**2 - 0.1 * centred**3 + 1.2 * flag + 0.8 * zero
    got = rng.random(pool) < 1 / (1 + np.exp(-lin))
    rows = np.r_[
        np.flatnonzero(got)[:DISSIMILAR_TREATED], np.flatnonzero(~got)[:DISSIMILAR_COMPARISON]
    ]
    t = np.r_[np.ones(DISSIMILAR_TREATED), np.zeros(DISSIMILAR_COMPARISON)]
    age, flag, earn, zero = age[rows], flag[rows], earn[rows], zero[rows]
    y = 2 + 0.05 * age + flag + 0.0001 * earn - 0.5 * zero + 0.5 * t + rng.normal(size=len(t))
    return {
        "t": t,
        "y": y,
        "age": age,
        "age2": age**2,
        "age3": age**3,
        "flag": flag,
        "earn": earn,
        "zero": zero,
    }


@pytest.mark.parametrize("replace", [True, False])
def test_interval_coverage_against_a_large_dissimilar_pool(replace):
    covered = 0
    for seed in range(DISSIMILAR_SEEDS):
        data = dissimilar(seed)
        res = evaluate(
            data,
            treatment="t",
            outcome="y",
            covariates=["age", "age2", "age3", "flag", "earn", "zero"],
            replace=replace,
        )
        covered += res.ci_low <= 0.5 <= res.ci_high
    rate = covered / DISSIMILAR_SEEDS
    print(f"coverage dissimilar pool replace={replace}: {rate:.3f} over {DISSIMILAR_SEEDS} seeds")
    assert 0.88 <= rate <= 0.99


def test_timing_large():
    """Not an assertion: prints the time and peak memory for 5,000 vs 1,000,000 x 10."""
    rng = np.random.default_rng(0)
    n_t, n_c, p = 5000, 1_000_000, 10
    n = n_t + n_c
    t = np.r_[np.ones(n_t), np.zeros(n_c)]
    data: dict[str, np.ndarray] = {"t": t}
    for j in range(p):
        col = rng.normal(size=n)
        col[:n_t] += 0.2
        data[f"x{j}"] = col
    data["y"] = (rng.random(n) < 0.3).astype(float)
    covariates = [f"x{j}" for j in range(p)]
    evaluate(data, treatment="t", outcome="y", covariates=covariates)  # warm up
    start = time.perf_counter()
    cpu = time.process_time()
    res = evaluate(data, treatment="t", outcome="y", covariates=covariates)
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu
    tracemalloc.start()
    evaluate(data, treatment="t", outcome="y", covariates=covariates)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"evaluate 5,000 x 1,000,000 x 10: {wall:.3f} s wall, {cpu:.3f} s CPU, "
        f"peak allocated {peak / 1e6:.0f} MB (process max RSS {rss:.0f} MB incl. data)"
    )
    assert res.n_treated_matched > 0
