"""Cohen's kappa and weighted kappa for two coders, with Fleiss–Cohen–Everitt standard errors."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from scipy import stats

from coder.errors import ReliabilityError
from coder.reliability.ratings_input import encode, two_coders
from coder.reliability.results import KappaResult, as_table

Weights = Literal["linear", "quadratic"] | None
FloatArray = npt.NDArray[np.float64]

Z_95 = float(stats.norm.ppf(0.975))


def agreement_weights(k: int, weights: Weights) -> FloatArray:
    """Agreement weights by category position (1 on the diagonal; Cohen 1968).

    ``"linear"``: 1 − |i − j| / (k − 1) (Cicchetti & Allison 1971); ``"quadratic"``:
    1 − (i − j)² / (k − 1)² (Fleiss & Cohen 1973); None: the identity (unweighted kappa).
    """
    positions = np.arange(k, dtype=float)
    gap: FloatArray = np.abs(positions[:, None] - positions[None, :])
    if weights is None:
        return np.eye(k)
    if k < 2:
        return np.ones((k, k))
    distance = gap / (k - 1)
    if weights == "linear":
        return 1.0 - distance
    if weights == "quadratic":
        return 1.0 - distance**2
    raise ReliabilityError(
        f"unknown kappa weights {weights!r}", hint='use None, "linear" or "quadratic"'
    )


def kappa_from_table(
    table: npt.ArrayLike,
    categories: Sequence[Hashable],
    *,
    weights: Weights = None,
) -> KappaResult:
    """(Weighted) kappa of a k × k table of tallies (rows first coder, columns second).

    Cohen 1960, Cohen 1968; large-sample standard errors of Fleiss, Cohen & Everitt 1969: the
    non-null SE gives the 95% CI, the SE under kappa = 0 gives z and the two-sided p-value.
    """
    counts = np.asarray(table, dtype=float)
    if counts.ndim != 2 or counts.shape[0] != counts.shape[1] or counts.shape[0] != len(categories):
        raise ReliabilityError(
            f"kappa needs a square table with one row and column per category; got shape "
            f"{counts.shape} for {len(categories)} categories"
        )
    if (counts < 0).any():
        raise ReliabilityError("kappa: a table of tallies cannot hold negative counts")
    n = float(counts.sum())
    if n < 2:
        raise ReliabilityError(
            f"kappa needs at least 2 units rated by both coders; got {int(n)}",
            hint="code more units twice before computing reliability",
        )
    w = agreement_weights(counts.shape[0], weights)
    p = counts / n
    rows = p.sum(axis=1)
    cols = p.sum(axis=0)
    p_o = float((w * p).sum())
    p_e = float((w * np.outer(rows, cols)).sum())
    if np.isclose(p_e, 1.0):
        raise ReliabilityError(
            "kappa is undefined: both coders used a single and the same category for every unit",
            hint="report percent agreement instead, or add units where the category varies",
        )
    kappa = (p_o - p_e) / (1.0 - p_e)
    w_row = w @ cols  # w̄_i. = Σ_j p_.j w_ij
    w_col = rows @ w  # w̄_.j = Σ_i p_i. w_ij
    spread = w_row[:, None] + w_col[None, :]
    var = ((p * (w - spread * (1.0 - kappa)) ** 2).sum() - (kappa - p_e * (1.0 - kappa)) ** 2) / (
        n * (1.0 - p_e) ** 2
    )
    var0 = ((np.outer(rows, cols) * (w - spread) ** 2).sum() - p_e**2) / (n * (1.0 - p_e) ** 2)
    se = _root(var)
    se0 = _root(var0)
    z = _z(kappa, se0)
    return KappaResult(
        kappa=float(kappa),
        se=se,
        ci_low=float(kappa - Z_95 * se),
        ci_high=float(kappa + Z_95 * se),
        z=float(z),
        p_value=float(2.0 * stats.norm.sf(abs(z))),
        p_observed=p_o,
        p_expected=p_e,
        n=int(n),
        categories=tuple(categories),
        table=as_table(counts),
        se_null=se0,
        weights=weights,
    )


def _root(variance: float) -> float:
    """Square root of a variance, with rounding noise around an exact 0 set to 0."""
    return float(np.sqrt(variance)) if variance > 1e-14 else 0.0


def _z(kappa: float, se0: float) -> float:
    """z = kappa / se0; a degenerate table with se0 = 0 gives 0 for kappa 0, else ±inf."""
    if se0 > 0:
        return kappa / se0
    return 0.0 if abs(kappa) < 1e-12 else float(np.copysign(np.inf, kappa))


def cross_table(a_codes: npt.NDArray[np.intp], b_codes: npt.NDArray[np.intp], k: int) -> FloatArray:
    """k × k tallies of paired category positions (rows a, columns b)."""
    flat = np.bincount(a_codes * k + b_codes, minlength=k * k)
    return flat.reshape(k, k).astype(float)


def cohen_kappa(
    a: Sequence[Any],
    b: Sequence[Any],
    *,
    categories: Sequence[Hashable] | None = None,
    weights: Weights = None,
) -> KappaResult:
    """Cohen's kappa (Cohen 1960) or weighted kappa (Cohen 1968) of two coders.

    ``a`` and ``b`` hold one label per unit (strings or numbers); units where either is missing
    (None/NaN) are dropped. ``categories`` fixes the full scale in order — weights go by position
    in it, and unused categories still count; otherwise the observed categories, sorted, are
    used (as R irr's ``kappa2``). ``weights``: None, "linear" or "quadratic". Standard errors of
    Fleiss, Cohen & Everitt 1969 (non-null SE for the 95% CI, null SE for z).
    """
    pairs, _ = two_coders(a, b, what="Cohen's kappa")
    codes, cats = encode(pairs, categories, what="Cohen's kappa")
    table = cross_table(codes[:, 0], codes[:, 1], len(cats))
    return kappa_from_table(table, cats, weights=weights)


def kappa_max(table: npt.ArrayLike) -> float:
    """Largest kappa the table's marginals allow (Cohen 1960; Umesh, Peterson & Sauber 1989)."""
    counts = np.asarray(table, dtype=float)
    p = counts / counts.sum()
    rows, cols = p.sum(axis=1), p.sum(axis=0)
    p_e = float(rows @ cols)
    p_max = float(np.minimum(rows, cols).sum())
    if np.isclose(p_e, 1.0):
        return 1.0
    return (p_max - p_e) / (1.0 - p_e)
