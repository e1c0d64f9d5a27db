"""Krippendorff's alpha through the ``krippendorff`` package, with a unit bootstrap."""

from __future__ import annotations

from typing import Any, Literal

import krippendorff
import krippendorff.krippendorff as kd
import numpy as np
import numpy.typing as npt
from scipy import sparse

from coder.errors import ReliabilityError
from coder.reliability.ratings_input import encode, numeric, ratings_matrix
from coder.reliability.results import AlphaResult

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")

# The package builds value × value matrices; beyond this many distinct values they stop being
# light (5,000² floats is 200 MB), and a rating scale never has that many points.
MAX_DISTINCT_VALUES = 5000
# Above this many units × values² the package's dense units × V × V array is avoided.
DENSE_LIMIT = 4_000_000


def krippendorff_alpha(
    data: Any,
    level: Level = "nominal",
    *,
    bootstrap: int = 0,
    seed: int | None = None,
) -> AlphaResult:
    """Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's alpha-reliability").

    ``data``: rows = units, columns = coders; missing ratings (None/NaN) are allowed, and units
    with fewer than two values do not count. ``level``: "nominal" (labels may be strings),
    "ordinal", "interval" or "ratio" (numeric ratings). The value domain passed to the package is
    the observed values only, which keeps memory small for many-valued ratings.

    ``bootstrap`` > 0 adds a 95% percentile CI from a nonparametric bootstrap over units:
    ``bootstrap`` resamples of the pairable units drawn with replacement, alpha recomputed on
    each (ordinal distances from each resample's own marginals). This is not Hayes &
    Krippendorff's (2007) bootstrap of coincidences; it treats units as the sampled entity.
    ``seed`` makes the resampling reproducible.
    """
    if level not in LEVELS:
        raise ReliabilityError(
            f"unknown level of measurement {level!r}", hint=f"use one of {', '.join(LEVELS)}"
        )
    if bootstrap < 0:
        raise ReliabilityError(f"bootstrap must be 0 or a number of resamples; got {bootstrap}")
    values, missing = ratings_matrix(data, what="Krippendorff's alpha")
    counts, domain = _value_counts(values, missing, level)
    per_unit = np.asarray(counts.sum(axis=1)).ravel()
    pairable = counts[per_unit >= 2]
    n_units = int(pairable.shape[0])
    if n_units < 2 or np.count_nonzero(pairable.sum(axis=0)) < 2:
        raise ReliabilityError(
            f"Krippendorff's alpha needs at least 2 units with two or more ratings and at least "
            f"2 distinct values; got {n_units} such unit(s)",
            hint="check that rows are units and columns are coders",
        )
    point = _alpha(pairable, domain, level)
    ci_low = ci_high = None
    if bootstrap:
        rng = np.random.default_rng(seed)
        draws = rng.integers(0, n_units, size=(bootstrap, n_units))
        estimates = np.array([_alpha(pairable[row], domain, level) for row in draws])
        estimates = estimates[np.isfinite(estimates)]
        ci_low, ci_high = (float(v) for v in np.quantile(estimates, [0.025, 0.975]))
    return AlphaResult(
        alpha=point,
        ci_low=ci_low,
        ci_high=ci_high,
        n_units=n_units,
        n_pairable=int(pairable.sum()),
        level=level,
        bootstrap=bootstrap,
        seed=seed,
    )


def _value_counts(
    values: npt.NDArray[np.object_], missing: npt.NDArray[np.bool_], level: Level
) -> tuple[sparse.csr_matrix, npt.NDArray[np.float64]]:
    """Sparse units × distinct-values counts and the value of each column (positions if
    nominal)."""
    present = ~missing
    rows = np.nonzero(present)[0]
    if level == "nominal":
        codes, cats = encode(values[present].reshape(-1, 1), None, what="Krippendorff's alpha")
        columns = codes.ravel()
        k = len(cats)
        # Positions are arbitrary labels for nominal data: the metric only asks "equal or not".
        scale = np.arange(k, dtype=float)
    else:
        ratings = numeric(values, what=f"Krippendorff's alpha ({level})")[present]
        scale, columns = np.unique(ratings, return_inverse=True)
        k = len(scale)
    if k > MAX_DISTINCT_VALUES:
        raise ReliabilityError(
            f"Krippendorff's alpha: the ratings take {k} distinct values, more than "
            f"{MAX_DISTINCT_VALUES}",
            hint="round the ratings to the precision of the scale",
        )
    counts = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, columns)), shape=(values.shape[0], k), dtype=float
    )
    return counts, scale


def _alpha(counts: sparse.csr_matrix, domain: npt.NDArray[np.float64], level: Level) -> float:
    """Alpha of pairable units' value counts.

    Small problems go through ``krippendorff.alpha`` as is. The package builds a units × V × V
    array, so when that would be large the coincidence matrix (a sum over units, Krippendorff
    2011 eq. for o_ck) is computed sparsely here and finished with the package's own random
    coincidences and distance metric; tests check both paths give the same alpha.
    """
    units, v = counts.shape
    if units * v * v <= DENSE_LIMIT:
        return float(
            krippendorff.alpha(
                value_counts=counts.toarray(), value_domain=domain, level_of_measurement=level
            )
        )
    per_unit = np.asarray(counts.sum(axis=1)).ravel()
    weights = sparse.diags(1.0 / (per_unit - 1.0))
    weighted = counts.T @ weights
    coincidences = (weighted @ counts).toarray() - np.diag(np.asarray(weighted.sum(axis=1)).ravel())
    n_v = coincidences.sum(axis=0)
    expected = kd._random_coincidences(n_v)
    distances: npt.NDArray[np.float64] = kd._distances(domain, kd._distance_metric(level), n_v)
    return float(1.0 - (coincidences * distances).sum() / (expected * distances).sum())
