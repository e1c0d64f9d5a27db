"""Kappa-like coefficients with other chance terms: PABAK and Gwet's AC1 (two coders)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from coder.errors import ReliabilityError
from coder.reliability.kappa import cross_table
from coder.reliability.ratings_input import encode, two_coders
from coder.reliability.results import AgreementCoefficient


def _proportions(
    a: Sequence[Any], b: Sequence[Any], categories: Sequence[Hashable] | None, what: str
) -> tuple[npt.NDArray[np.float64], tuple[Hashable, ...], int]:
    pairs, _ = two_coders(a, b, what=what)
    if pairs.shape[0] == 0:
        raise ReliabilityError(f"{what} needs at least 1 unit rated by both coders")
    codes, cats = encode(pairs, categories, what=what)
    if len(cats) < 2:
        raise ReliabilityError(
            f"{what} needs at least 2 categories; only {list(cats)} occur",
            hint="pass the full list of categories of the scale",
        )
    table = cross_table(codes[:, 0], codes[:, 1], len(cats))
    return table / table.sum(), cats, int(pairs.shape[0])


def pabak(
    a: Sequence[Any], b: Sequence[Any], *, categories: Sequence[Hashable] | None = None
) -> AgreementCoefficient:
    """Prevalence- and bias-adjusted kappa (Byrt, Bishop & Carlin 1993): (k·p_o − 1)/(k − 1).

    Equal to Brennan & Prediger's (1981) coefficient with chance term 1/k. ``k`` is the number of
    ``categories`` (the observed ones if None — pass the full scale, since k changes the value).
    Returns an ``AgreementCoefficient``; units with a missing rating are dropped.
    """
    p, cats, n = _proportions(a, b, categories, "PABAK")
    p_o = float(np.trace(p))
    p_e = 1.0 / len(cats)
    return AgreementCoefficient(
        name="PABAK",
        value=(p_o - p_e) / (1.0 - p_e),
        p_observed=p_o,
        p_expected=p_e,
        n=n,
        categories=cats,
    )


def gwet_ac1(
    a: Sequence[Any], b: Sequence[Any], *, categories: Sequence[Hashable] | None = None
) -> AgreementCoefficient:
    """Gwet's AC1 (Gwet 2008) of two coders, as irrCAC's ``gwet.ac1.raw`` for 2 raters.

    Chance term ``p_e = Σ π_k (1 − π_k) / (q − 1)`` with ``π_k`` the mean of the two coders'
    proportions of category k and ``q`` the number of ``categories`` (observed ones if None).
    Returns an ``AgreementCoefficient``; units with a missing rating are dropped.
    """
    p, cats, n = _proportions(a, b, categories, "Gwet's AC1")
    p_o = float(np.trace(p))
    pi = (p.sum(axis=0) + p.sum(axis=1)) / 2.0
    p_e = float((pi * (1.0 - pi)).sum() / (len(cats) - 1))
    return AgreementCoefficient(
        name="Gwet's AC1",
        value=(p_o - p_e) / (1.0 - p_e),
        p_observed=p_o,
        p_expected=p_e,
        n=n,
        categories=cats,
    )
