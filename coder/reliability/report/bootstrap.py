"""Percentile bootstrap over sessions, vectorised: one resample matrix per scheme, applied to
per-pair tallies (tables, coincidences, rating rows) with matrix products instead of loops.

Sessions are resampled with replacement (all coder pairs of a session move together); a
statistic is recomputed on each resample from the summed tallies; the 95% interval is the 2.5th
and 97.5th percentile of the resamples where the statistic is defined (Efron & Tibshirani 1993).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from coder.reliability.kappa import agreement_weights

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


def session_weights(n_sessions: int, bootstrap: int, seed: int) -> FloatArray:
    """How often each session is drawn in each resample: ``bootstrap`` × ``n_sessions`` counts
    (each row sums to ``n_sessions``). Seeded with ``seed``, so the report is reproducible."""
    if bootstrap <= 0 or n_sessions == 0:
        return np.zeros((0, n_sessions))
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(n_sessions, np.full(n_sessions, 1.0 / n_sessions), size=bootstrap)
    return counts.astype(float)


def resample_sum(per_pair: FloatArray, pair_weights: FloatArray) -> FloatArray:
    """Sum of per-pair tallies (P × …) in each resample, given pair weights (B × P)."""
    flat = per_pair.reshape(per_pair.shape[0], -1)
    return (pair_weights @ flat).reshape((pair_weights.shape[0], *per_pair.shape[1:]))


def kappa_of_tables(tables: FloatArray, weights: str | None = None) -> FloatArray:
    """(Weighted) kappa of each k × k table in a stack (…, k, k); NaN where undefined (under 2
    tallies, or chance agreement 1). The same formula as ``kappa_from_table`` (Cohen 1960, 1968)."""
    k = tables.shape[-1]
    w = agreement_weights(k, weights)  # type: ignore[arg-type]
    n = tables.sum(axis=(-2, -1))
    safe_n = np.where(n > 0, n, 1.0)
    p = tables / safe_n[..., None, None]
    rows = p.sum(axis=-1)
    cols = p.sum(axis=-2)
    p_o = (p * w).sum(axis=(-2, -1))
    p_e = np.einsum("...i,ij,...j->...", rows, w, cols)
    defined = (n >= 2) & ~np.isclose(p_e, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = (p_o - p_e) / (1.0 - p_e)
    return np.where(defined, kappa, np.nan)


def percent_of_tables(tables: FloatArray) -> FloatArray:
    """Percent agreement (diagonal / total × 100) of each table in a stack; NaN when empty."""
    n = tables.sum(axis=(-2, -1))
    diagonal = np.trace(tables, axis1=-2, axis2=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n > 0, 100.0 * diagonal / np.where(n > 0, n, 1.0), np.nan)


def icc_a1_many(x: FloatArray, unit_weights: FloatArray) -> FloatArray:
    """ICC(A,1) (McGraw & Wong 1996; Shrout & Fleiss ICC(2,1)) of the complete rating rows ``x``
    (U × k) with each unit counted ``unit_weights[b, u]`` times in resample b; NaN if undefined."""
    k = x.shape[1]
    n = unit_weights.sum(axis=1)
    col_sums = unit_weights @ x  # B × k
    grand = col_sums.sum(axis=1) / (n * k)
    ss_total = unit_weights @ (x**2).sum(axis=1) - n * k * grand**2
    ss_rows = k * (unit_weights @ x.mean(axis=1) ** 2) - n * k * grand**2
    ss_cols = n * ((col_sums / n[:, None] - grand[:, None]) ** 2).sum(axis=1)
    ss_error = ss_total - ss_rows - ss_cols
    with np.errstate(divide="ignore", invalid="ignore"):
        msr = ss_rows / (n - 1)
        msc = ss_cols / (k - 1)
        mse = ss_error / ((n - 1) * (k - 1))
        value = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
    return np.where((n >= 2) & np.isfinite(value), value, np.nan)


def coincidences(pairs: FloatArray, domain: FloatArray) -> FloatArray:
    """Krippendorff's coincidence matrix (V × V) of two coders' complete value pairs (U × 2)."""
    v = len(domain)
    ia = np.searchsorted(domain, pairs[:, 0])
    ib = np.searchsorted(domain, pairs[:, 1])
    flat = np.bincount(ia * v + ib, minlength=v * v) + np.bincount(ib * v + ia, minlength=v * v)
    return flat.reshape(v, v).astype(float)


def ordinal_alpha_of_coincidences(coinc: FloatArray) -> FloatArray:
    """Ordinal Krippendorff's alpha of each coincidence matrix in a stack (…, V, V) (Krippendorff
    2011: δ²(c, k) = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²); NaN when undefined."""
    n_c = coinc.sum(axis=-1)
    n = n_c.sum(axis=-1)
    cum = np.cumsum(n_c, axis=-1)
    before = cum - n_c
    v = coinc.shape[-1]
    lo = np.minimum.outer(np.arange(v), np.arange(v))
    hi = np.maximum.outer(np.arange(v), np.arange(v))
    between = cum[..., hi] - before[..., lo]
    delta2 = (between - (n_c[..., :, None] + n_c[..., None, :]) / 2.0) ** 2
    observed = (coinc * delta2).sum(axis=(-2, -1))
    expected = (n_c[..., :, None] * n_c[..., None, :] * delta2).sum(axis=(-2, -1))
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = 1.0 - (n - 1) * observed / expected
    return np.where((expected > 0) & (n >= 2), alpha, np.nan)


def percentile_ci(values: FloatArray) -> tuple[float | None, float | None]:
    """The 95% percentile interval of the defined resample values (None with fewer than 2)."""
    finite = values[np.isfinite(values)]
    if len(finite) < 2:
        return None, None
    low, high = np.percentile(finite, [2.5, 97.5])
    return float(low), float(high)
