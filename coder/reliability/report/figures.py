"""Making a report ``Figure``: estimate, bootstrap interval, band and the lab's threshold."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from coder.errors import CoderError
from coder.reliability.bands import koo_li, landis_koch
from coder.reliability.report.bootstrap import percentile_ci
from coder.reliability.report.model import Figure


@dataclass(frozen=True)
class Thresholds:
    """The lab's thresholds (project settings)."""

    kappa: float
    icc: float
    alpha: float

    def of(self, statistic: str) -> float | None:
        return {
            "kappa": self.kappa,
            "weighted_kappa": self.kappa,
            "icc": self.icc,
            "alpha": self.alpha,
        }.get(statistic)


def _band(statistic: str, value: float) -> str | None:
    if not math.isfinite(value) or value > 1.0 + 1e-12:
        return None
    if statistic == "icc":
        return koo_li(value).value
    if statistic in ("kappa", "weighted_kappa", "alpha"):
        return landis_koch(value).value
    return None


def make_figure(
    statistic: str,
    estimate: float | None,
    boots: npt.NDArray[np.float64] | None,
    n: int,
    thresholds: Thresholds,
    note: str = "",
) -> Figure:
    """A figure with its band, threshold flag and the percentile CI of ``boots`` (if any)."""
    if estimate is None or not math.isfinite(estimate):
        return Figure(statistic=statistic, estimate=None, n=n, note=note or "undefined")
    low, high = percentile_ci(boots) if boots is not None and len(boots) else (None, None)
    threshold = thresholds.of(statistic)
    return Figure(
        statistic=statistic,
        estimate=float(estimate),
        ci_low=low,
        ci_high=high,
        n=n,
        band=_band(statistic, estimate),
        threshold=threshold,
        below_threshold=None if threshold is None else bool(estimate < threshold),
        note=note,
    )


def guarded(compute: Callable[[], float]) -> tuple[float | None, str]:
    """Run a statistic from the API; an undefined one gives (None, the reason)."""
    try:
        value = compute()
    except (CoderError, ValueError, ZeroDivisionError, FloatingPointError) as error:
        return None, getattr(error, "message", str(error))
    return (value, "") if math.isfinite(value) else (None, "undefined")
