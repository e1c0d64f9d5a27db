"""Verbal bands for reliability coefficients, for reports (the thresholds are the authors')."""

from __future__ import annotations

import math
from enum import StrEnum

from coder.errors import ReliabilityError


class LandisKochBand(StrEnum):
    """Strength of agreement for kappa (Landis & Koch 1977, p. 165)."""

    POOR = "poor"
    SLIGHT = "slight"
    FAIR = "fair"
    MODERATE = "moderate"
    SUBSTANTIAL = "substantial"
    ALMOST_PERFECT = "almost perfect"


class KooLiBand(StrEnum):
    """Reliability of an ICC (Koo & Li 2016): <.50 poor, .50–.75 moderate, .75–.90 good, >.90."""

    POOR = "poor"
    MODERATE = "moderate"
    GOOD = "good"
    EXCELLENT = "excellent"


def _check(value: float, what: str) -> None:
    if not math.isfinite(value) or value > 1.0 + 1e-12:
        raise ReliabilityError(f"{what} band: {value} is not a coefficient at most 1")


def landis_koch(kappa: float) -> LandisKochBand:
    """Landis & Koch 1977: <0 poor, 0–.20 slight, .21–.40 fair, .41–.60 moderate,
    .61–.80 substantial, .81–1 almost perfect (upper limits inclusive)."""
    _check(kappa, "Landis & Koch")
    for limit, band in (
        (0.0, LandisKochBand.POOR),
        (0.20, LandisKochBand.SLIGHT),
        (0.40, LandisKochBand.FAIR),
        (0.60, LandisKochBand.MODERATE),
        (0.80, LandisKochBand.SUBSTANTIAL),
    ):
        if kappa < limit or (kappa == limit and band is not LandisKochBand.POOR):
            return band
    return LandisKochBand.ALMOST_PERFECT


def koo_li(icc: float) -> KooLiBand:
    """Koo & Li 2016: ICC < .50 poor, .50 to < .75 moderate, .75 to .90 good, > .90 excellent."""
    _check(icc, "Koo & Li")
    if icc < 0.50:
        return KooLiBand.POOR
    if icc < 0.75:
        return KooLiBand.MODERATE
    if icc <= 0.90:
        return KooLiBand.GOOD
    return KooLiBand.EXCELLENT
