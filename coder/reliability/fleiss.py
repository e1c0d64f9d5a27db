"""Fleiss' kappa for a fixed number of coders per unit."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import stats

from coder.errors import ReliabilityError
from coder.reliability.kappa import Z_95
from coder.reliability.ratings_input import encode, ratings_matrix
from coder.reliability.results import KappaResult, as_table


def fleiss_kappa(data: Any) -> KappaResult:
    """Fleiss' kappa (Fleiss 1971) of m coders per unit, with per-category kappas.

    ``data``: rows = units, columns = coders (labels: strings or numbers). Units with a missing
    rating are dropped (listwise), so every unit has the same number of ratings, as the statistic
    requires. ``se`` and ``se_null`` are both the standard error under kappa = 0 of Fleiss, Nee &
    Landis 1979 (as R irr's ``kappam.fleiss``), which gives ``z`` and the two-sided ``p_value``;
    the 95% CI ``kappa ± 1.96 se`` is therefore only an approximation away from 0.
    ``category_kappas`` holds Fleiss' kappa of each category against the rest (Fleiss 1971).
    ``table`` is the units × categories count matrix; ``p_observed`` is Fleiss' P̄ and
    ``p_expected`` is P̄e.
    """
    values, missing = ratings_matrix(data, what="Fleiss' kappa")
    m = values.shape[1]
    complete = values[~missing.any(axis=1)]
    n = complete.shape[0]
    if m < 2:
        raise ReliabilityError("Fleiss' kappa needs at least 2 coders (columns)")
    if n < 2:
        raise ReliabilityError(
            f"Fleiss' kappa needs at least 2 units rated by all {m} coders; got {n}",
            hint="units with a missing rating are left out; use Krippendorff's alpha for "
            "incomplete data",
        )
    codes, cats = encode(complete, None, what="Fleiss' kappa")
    k = len(cats)
    counts = np.zeros((n, k))
    np.add.at(counts, (np.repeat(np.arange(n), m), codes.ravel()), 1.0)
    p_j = counts.sum(axis=0) / (n * m)
    q_j = 1.0 - p_j
    p_i = ((counts**2).sum(axis=1) - m) / (m * (m - 1))
    p_bar = float(p_i.mean())
    p_e = float((p_j**2).sum())
    if np.isclose(p_e, 1.0):
        raise ReliabilityError(
            "Fleiss' kappa is undefined: every coder used the same single category",
            hint="report percent agreement instead",
        )
    kappa = (p_bar - p_e) / (1.0 - p_e)
    pq = p_j * q_j
    sum_pq = float(pq.sum())
    se0 = float(
        np.sqrt(2.0)
        / (sum_pq * np.sqrt(n * m * (m - 1)))
        * np.sqrt(max(sum_pq**2 - float((pq * (q_j - p_j)).sum()), 0.0))
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        per_cat = 1.0 - (counts * (m - counts)).sum(axis=0) / (n * m * (m - 1) * pq)
    z = kappa / se0
    return KappaResult(
        kappa=float(kappa),
        se=se0,
        ci_low=float(kappa - Z_95 * se0),
        ci_high=float(kappa + Z_95 * se0),
        z=float(z),
        p_value=float(2.0 * stats.norm.sf(abs(z))),
        p_observed=p_bar,
        p_expected=p_e,
        n=n,
        categories=cats,
        table=as_table(counts),
        se_null=se0,
        category_kappas=tuple(float(v) for v in per_cat),
    )
