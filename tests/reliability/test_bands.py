from __future__ import annotations

import pytest

from coder.errors import ReliabilityError
from coder.reliability import KooLiBand, LandisKochBand, koo_li, landis_koch


@pytest.mark.parametrize(
    ("kappa", "band"),
    [
        (-0.1, LandisKochBand.POOR),
        (0.0, LandisKochBand.SLIGHT),
        (0.20, LandisKochBand.SLIGHT),
        (0.21, LandisKochBand.FAIR),
        (0.60, LandisKochBand.MODERATE),
        (0.61, LandisKochBand.SUBSTANTIAL),
        (0.80, LandisKochBand.SUBSTANTIAL),
        (0.81, LandisKochBand.ALMOST_PERFECT),
        (1.0, LandisKochBand.ALMOST_PERFECT),
    ],
)
def test_landis_koch(kappa: float, band: LandisKochBand) -> None:
    assert landis_koch(kappa) is band


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0.49, KooLiBand.POOR),
        (0.50, KooLiBand.MODERATE),
        (0.75, KooLiBand.GOOD),
        (0.90, KooLiBand.GOOD),
        (0.91, KooLiBand.EXCELLENT),
    ],
)
def test_koo_li(value: float, band: KooLiBand) -> None:
    assert koo_li(value) is band


def test_not_a_coefficient() -> None:
    with pytest.raises(ReliabilityError):
        landis_koch(float("nan"))
    with pytest.raises(ReliabilityError):
        koo_li(1.5)
