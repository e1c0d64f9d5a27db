"""Intraclass correlations of McGraw & Wong (1996), with F tests and F-based 95% CIs."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import stats

from coder.errors import ReliabilityError
from coder.reliability.ratings_input import numeric, ratings_matrix
from coder.reliability.results import IccResult

FORMS: tuple[str, ...] = ("1,1", "A,1", "C,1", "1,k", "A,k", "C,k")
_SHROUT_FLEISS = {
    "1,1": "1,1",
    "A,1": "2,1",
    "C,1": "3,1",
    "1,k": "1,k",
    "A,k": "2,k",
    "C,k": "3,k",
}
_ALPHA = 0.05


def icc(data: Any, form: str = "A,1") -> IccResult:
    """Intraclass correlation of ``data`` (rows = units, columns = coders; numeric ratings).

    Forms of McGraw & Wong 1996 with their Shrout & Fleiss 1979 names:
    "1,1" one-way random, single rater = ICC(1,1); "A,1" two-way, absolute agreement, single
    rater = ICC(2,1); "C,1" two-way, consistency, single rater = ICC(3,1); "1,k", "A,k", "C,k"
    the same for the mean of the k coders = ICC(1,k), ICC(2,k), ICC(3,k).

    Units with any missing rating are dropped (listwise; ``n`` and ``n_dropped`` say how many).
    ``f`` tests ICC = 0: MS_rows / MS_within with df (n − 1, n(k − 1)) for one-way forms and
    MS_rows / MS_error with df (n − 1, (n − 1)(k − 1)) for two-way forms; ``p_value`` is its upper
    tail. 95% CIs are McGraw & Wong's F-based intervals (for "A,1" with Satterthwaite's df ν,
    which is not an integer; for "A,k" the "A,1" bounds stepped up by Spearman–Brown), the same
    as pingouin's ``intraclass_corr`` and R psych's ``ICC``.
    """
    if form not in FORMS:
        raise ReliabilityError(
            f"unknown ICC form {form!r}",
            hint=f"use one of {', '.join(FORMS)} (McGraw & Wong 1996)",
        )
    values, missing = ratings_matrix(data, what="the ICC")
    complete = ~missing.any(axis=1)
    x = numeric(values[complete], what="the ICC")
    n, k = x.shape
    if k < 2:
        raise ReliabilityError("the ICC needs at least 2 coders (columns)")
    if n < 2:
        raise ReliabilityError(
            f"the ICC needs at least 2 units rated by every coder; got {n}",
            hint="units with a missing rating are left out",
        )
    grand = x.mean()
    ss_rows = k * ((x.mean(axis=1) - grand) ** 2).sum()
    ss_cols = n * ((x.mean(axis=0) - grand) ** 2).sum()
    ss_total = ((x - grand) ** 2).sum()
    ss_error = ss_total - ss_rows - ss_cols
    msr = ss_rows / (n - 1)
    msc = ss_cols / (k - 1)
    mse = ss_error / ((n - 1) * (k - 1))
    msw = (ss_cols + ss_error) / (n * (k - 1))
    if msr == 0 and mse == 0 and msw == 0:
        raise ReliabilityError(
            "the ICC is undefined: every rating is the same",
            hint="report percent agreement instead",
        )
    model, unit = form.split(",")
    with np.errstate(divide="ignore", invalid="ignore"):
        # A zero error term (coders agree exactly within every unit) makes F infinite.
        return _icc_result(form, model, unit, msr, msc, mse, msw, n, k, int((~complete).sum()))


def _icc_result(
    form: str,
    model: str,
    unit: str,
    msr: float,
    msc: float,
    mse: float,
    msw: float,
    n: int,
    k: int,
    dropped: int,
) -> IccResult:
    if model == "1":
        df1, df2 = n - 1, n * (k - 1)
        f = msr / msw
        value = (msr - msw) / (msr + (k - 1) * msw) if unit == "1" else (msr - msw) / msr
    else:
        df1, df2 = n - 1, (n - 1) * (k - 1)
        f = msr / mse
        if model == "C":
            value = (msr - mse) / (msr + (k - 1) * mse) if unit == "1" else (msr - mse) / msr
        elif unit == "1":
            value = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
        else:
            value = (msr - mse) / (msr + (msc - mse) / n)
    if model == "A":
        low, high = _agreement_ci(msr, msc, mse, n, k)
        if unit == "k":
            low, high = _spearman_brown(low, k), _spearman_brown(high, k)
    else:
        f_low = f / stats.f.ppf(1 - _ALPHA / 2, df1, df2)
        f_high = f * stats.f.ppf(1 - _ALPHA / 2, df2, df1)
        if unit == "1":
            low, high = (f_low - 1) / (f_low + k - 1), (f_high - 1) / (f_high + k - 1)
        else:
            low, high = 1 - 1 / f_low, 1 - 1 / f_high
    if not np.isfinite(low) or not np.isfinite(high):
        # Without error variance the F-based interval collapses onto the estimate.
        low = low if np.isfinite(low) else value
        high = high if np.isfinite(high) else value
    return IccResult(
        value=float(value),
        ci_low=float(low),
        ci_high=float(high),
        f=float(f),
        df1=int(df1),
        df2=int(df2),
        p_value=float(stats.f.sf(f, df1, df2)),
        form=form,
        n=int(n),
        k=int(k),
        n_dropped=dropped,
    )


def shrout_fleiss_name(form: str) -> str:
    """The Shrout & Fleiss 1979 name of a McGraw & Wong form, e.g. "A,1" → "ICC(2,1)"."""
    return f"ICC({_SHROUT_FLEISS[form]})"


def _agreement_ci(msr: float, msc: float, mse: float, n: int, k: int) -> tuple[float, float]:
    """McGraw & Wong 1996 (Table 7, case 2A) 95% CI of ICC(A,1), Satterthwaite df."""
    rho = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
    a = k * rho / (n * (1 - rho))
    b = 1 + k * rho * (n - 1) / (n * (1 - rho))
    v = (a * msc + b * mse) ** 2 / ((a * msc) ** 2 / (k - 1) + (b * mse) ** 2 / ((n - 1) * (k - 1)))
    f_star = stats.f.ppf(1 - _ALPHA / 2, n - 1, v)
    f_star_rev = stats.f.ppf(1 - _ALPHA / 2, v, n - 1)
    denom = k * msc + (k * n - k - n) * mse
    low = n * (msr - f_star * mse) / (f_star * denom + n * msr)
    high = n * (f_star_rev * msr - mse) / (denom + n * f_star_rev * msr)
    return float(low), float(high)


def _spearman_brown(r: float, k: int) -> float:
    return k * r / (1 + (k - 1) * r)
