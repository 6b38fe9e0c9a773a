"""Synthetic cohorts in the awkward shapes real data have, each with a known effect on the treated.

Every builder returns a ``Cohort``: the columns (float arrays, treated rows first), the names of
the covariates for the propensity model, and the true average effect on the treated. The outcome
is ``baseline(covariates) + TRUE_EFFECT * treated + noise`` with noise of SD ``NOISE_SD``, so the
effect on the treated is the same constant for everyone. Nothing here comes from a real person.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

TRUE_EFFECT = 1.5
NOISE_SD = 4.0

FloatArray = NDArray[np.float64]

# Share of the large dissimilar pool that looks like the treated.
LOOKALIKE_SHARE = 0.03


@dataclass
class Cohort:
    """One synthetic cohort: ``columns`` holds ``t`` (0/1), ``y`` and every covariate."""

    name: str
    columns: dict[str, FloatArray]
    covariates: list[str]
    effect: float = TRUE_EFFECT

    @property
    def treated(self) -> NDArray[np.bool_]:
        return self.columns["t"] == 1.0

    @property
    def design(self) -> FloatArray:
        """The covariates as an (n, p) array, in the order of ``covariates``."""
        return np.column_stack([self.columns[c] for c in self.covariates])

    def covariate_columns(self) -> list[FloatArray]:
        return [self.columns[c] for c in self.covariates]

    @property
    def n(self) -> int:
        return len(self.columns["t"])


def _finish(
    name: str,
    rng: np.random.Generator,
    n_treated: int,
    covariates: dict[str, FloatArray],
    baseline: FloatArray,
) -> Cohort:
    n = len(baseline)
    t = np.r_[np.ones(n_treated), np.zeros(n - n_treated)]
    y = baseline + TRUE_EFFECT * t + rng.normal(scale=NOISE_SD, size=n)
    columns = {
        "t": t,
        "y": y,
        **{k: np.asarray(v, dtype=np.float64) for k, v in covariates.items()},
    }
    return Cohort(name=name, columns=columns, covariates=list(covariates))


def _earnings(rng: np.random.Generator, n: int, zero_share: float, scale: float) -> FloatArray:
    """Yearly earnings: a share of exact zeros, the rest log-normal around ``scale``."""
    earn = scale * rng.lognormal(mean=0.0, sigma=0.7, size=n)
    earn[rng.random(n) < zero_share] = 0.0
    return np.round(earn, 2)


def _people(
    rng: np.random.Generator,
    n: int,
    *,
    age_mean: float,
    age_sd: float,
    flag_share: float,
    zero_share: float,
    earn_scale: float,
) -> dict[str, FloatArray]:
    age = np.clip(np.round(rng.normal(age_mean, age_sd, size=n)), 16, 75)
    flag = (rng.random(n) < flag_share).astype(float)
    earn1 = _earnings(rng, n, zero_share, earn_scale)
    earn2 = _earnings(rng, n, zero_share, earn_scale)
    return {"age": age, "flag": flag, "earn1": earn1, "earn2": earn2}


def _polynomial_design(parts: dict[str, FloatArray]) -> dict[str, FloatArray]:
    age = parts["age"]
    return {
        "age": age,
        "age2": age**2,
        "age3": age**3,
        "flag": parts["flag"],
        "earn1": parts["earn1"],
        "earn2": parts["earn2"],
        "zero1": (parts["earn1"] == 0).astype(float),
        "zero2": (parts["earn2"] == 0).astype(float),
        "age_flag": age * parts["flag"],
    }


def _stack(*groups: dict[str, FloatArray]) -> dict[str, FloatArray]:
    return {k: np.concatenate([g[k] for g in groups]) for k in groups[0]}


def _baseline(design: dict[str, FloatArray]) -> FloatArray:
    """The untreated outcome: depends on the covariates, so matching matters."""
    return (
        10.0
        + 0.15 * design["age"]
        + 2.0 * design["flag"]
        + 0.0002 * design["earn1"]
        - 1.0 * design["zero2"]
    )


def dissimilar_pool(seed: int = 0, n_treated: int = 200, n_pool: int = 16_000) -> Cohort:
    """(a) Few young, mostly flagged, mostly out-of-work treated against a large older pool.

    The groups overlap (a few percent of the pool are young, flagged and out of work, like
    the treated), so the maximum-likelihood logit exists, but most of the pool get scores very
    near 0.
    """
    rng = np.random.default_rng(seed)
    treated = _people(
        rng, n_treated, age_mean=24, age_sd=5, flag_share=0.7, zero_share=0.7, earn_scale=4_000
    )
    n_like = int(n_pool * LOOKALIKE_SHARE)
    like = _people(
        rng, n_like, age_mean=25, age_sd=6, flag_share=0.6, zero_share=0.6, earn_scale=5_000
    )
    pool = _people(
        rng,
        n_pool - n_like,
        age_mean=44,
        age_sd=12,
        flag_share=0.12,
        zero_share=0.15,
        earn_scale=20_000,
    )
    design = _polynomial_design(_stack(treated, like, pool))
    return _finish(f"dissimilar_pool_{seed}_{n_pool}", rng, n_treated, design, _baseline(design))


def small_lookalike_pool(seed: int = 0, n_treated: int = 200, n_pool: int = 2_500) -> Cohort:
    """(b) A pool of 2,500 of whom a small share look like the treated.

    The polynomial terms in age are nearly collinear, so the standardised coefficients of the
    maximum-likelihood fit are large (above 10) though finite.
    """
    rng = np.random.default_rng(seed)
    n_like = n_pool // 10
    treated = _people(
        rng, n_treated, age_mean=22, age_sd=3, flag_share=0.6, zero_share=0.6, earn_scale=5_000
    )
    like = _people(
        rng, n_like, age_mean=23, age_sd=3.5, flag_share=0.5, zero_share=0.5, earn_scale=6_000
    )
    rest = _people(
        rng,
        n_pool - n_like,
        age_mean=48,
        age_sd=8,
        flag_share=0.1,
        zero_share=0.1,
        earn_scale=22_000,
    )
    design = _polynomial_design(_stack(treated, like, rest))
    return _finish(f"small_lookalike_pool_{seed}", rng, n_treated, design, _baseline(design))


def _plain(rng: np.random.Generator, n_treated: int, n_pool: int) -> dict[str, FloatArray]:
    """Two ordinary overlapping covariates, the treated shifted a little."""
    n = n_treated + n_pool
    x1 = rng.normal(size=n)
    x1[:n_treated] += 0.5
    x2 = rng.normal(size=n)
    x2[:n_treated] -= 0.3
    return {"x1": x1, "x2": x2}


def _plain_baseline(design: dict[str, FloatArray]) -> FloatArray:
    return 5.0 + 1.0 * design["x1"] - 0.5 * design["x2"] + 2.0 * design.get("flag", 0.0)


def complete_separation(seed: int = 0, n_treated: int = 200, n_pool: int = 2_000) -> Cohort:
    """(c) A covariate puts every treated person above 0 and everyone else below."""
    rng = np.random.default_rng(seed)
    design = _plain(rng, n_treated, n_pool)
    design["split"] = np.r_[rng.uniform(0.1, 2.0, n_treated), rng.uniform(-2.0, -0.1, n_pool)]
    return _finish("complete_separation", rng, n_treated, design, _plain_baseline(design))


FLAGGED_TREATED = 20


def treated_side_separation(seed: int = 0, n_treated: int = 200, n_pool: int = 2_000) -> Cohort:
    """(d) 20 of the 200 treated have a flag that nobody in the comparison pool has."""
    rng = np.random.default_rng(seed)
    design = _plain(rng, n_treated, n_pool)
    flag = np.zeros(n_treated + n_pool)
    flag[:FLAGGED_TREATED] = 1.0
    design["flag"] = flag
    return _finish("treated_side_separation", rng, n_treated, design, _plain_baseline(design))


def comparison_side_separation(
    seed: int = 0, n_treated: int = 200, n_pool: int = 2_000, flagged_share: float = 0.10
) -> Cohort:
    """(e) A share of the comparison pool have a flag that no treated person has."""
    rng = np.random.default_rng(seed)
    design = _plain(rng, n_treated, n_pool)
    flag = np.zeros(n_treated + n_pool)
    flag[n_treated:] = rng.random(n_pool) < flagged_share
    design["flag"] = flag
    return _finish(
        f"comparison_side_separation_{n_pool}", rng, n_treated, design, _plain_baseline(design)
    )


def rare_level_missed_by_a_stride(
    seed: int = 0, n_treated: int = 400, n_pool: int = 70_000, flagged_comparison: int = 8
) -> Cohort:
    """A rare 0/1 level held by some treated and only a few comparison rows.

    The data are not separated (the level has comparison rows), but those rows sit at
    comparison positions 1 more than a multiple of 6, so an evenly spaced sample that takes
    every 2nd or 3rd comparison row (from the first) contains none of them: on such a sample
    the level looks like it belongs to the treated alone.
    """
    rng = np.random.default_rng(seed)
    design = _plain(rng, n_treated, n_pool)
    rare = np.zeros(n_treated + n_pool)
    rare[:12] = 1.0
    positions = 1 + 6 * np.arange(flagged_comparison) * (n_pool // (6 * flagged_comparison))
    rare[n_treated + positions] = 1.0
    design["rare"] = rare
    return _finish("rare_level_missed_by_a_stride", rng, n_treated, design, _plain_baseline(design))


def diverging_newton_step(seed: int = 0, n_treated: int = 60, n_pool: int = 3_000) -> Cohort:
    """A small treated share far out on a long-tailed covariate.

    From the intercept-only start the Hessian's weights are the same for everyone, so the full
    Newton step is a least-squares step that overshoots badly: the log-likelihood falls.
    """
    rng = np.random.default_rng(seed)
    n = n_treated + n_pool
    x1 = rng.normal(size=n)
    x1[:n_treated] += 3.0
    x2 = rng.lognormal(sigma=1.2, size=n)
    x2[:n_treated] = rng.lognormal(mean=1.5, sigma=0.6, size=n_treated)
    x3 = (rng.random(n) < 0.3).astype(float)
    design = {"x1": x1, "x2": x2, "x3": x3}
    baseline = 4.0 + 1.0 * x1 + 0.3 * x2 + 1.0 * x3
    return _finish("diverging_newton_step", rng, n_treated, design, baseline)


def rare_binary_levels(seed: int = 0, n_treated: int = 80, n_pool: int = 4_000) -> Cohort:
    """A small treated share and 0/1 covariates with rare levels (1-3% of rows)."""
    rng = np.random.default_rng(seed)
    n = n_treated + n_pool
    x1 = rng.normal(size=n)
    x1[:n_treated] += 0.8
    r1 = (rng.random(n) < 0.02).astype(float)
    r1[:n_treated] = rng.random(n_treated) < 0.08
    r2 = (rng.random(n) < 0.03).astype(float)
    r3 = (rng.random(n) < 0.5).astype(float)
    design = {"x1": x1, "r1": r1, "r2": r2, "r3": r3}
    baseline = 3.0 + x1 + 2.0 * r1 - 1.0 * r2 + 0.5 * r3
    return _finish(f"rare_binary_levels_{seed}", rng, n_treated, design, baseline)


def write_csv(cohort: Cohort, path: str) -> None:
    """Write the cohort as a CSV file with full float precision."""
    import pandas as pd

    pd.DataFrame(cohort.columns).to_csv(path, index=False, float_format="%.17g")
