"""A one-sided lower CUSUM on a coder's per-session agreement, with its error rates stated.

Page (1954): with standardised shortfalls z_t = (μ0 − x_t) / σ, the statistic
C_t = max(0, C_{t−1} + z_t − k) accumulates evidence that agreement has fallen below the
in-control level μ0; an alarm is raised when C_t > h. The reference value k = δ / 2σ is tuned to a
fall of δ. Average run lengths use Siegmund's (1985) approximation for normal observations,
ARL(Δ) = (exp(−2Δb) + 2Δb − 1) / (2Δ²) with b = h + 1.166 and Δ the mean of z_t − k (ARL = b²
when Δ = 0); the false-alarm probability within a horizon of checks is estimated by simulation of
a steady coder (normal, seeded, so the stated figure is reproducible).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from coder.training.settings import DriftSettings

SIEGMUND_CORRECTION = 1.166
SIMULATED_CODERS = 20_000


def siegmund_arl(delta: float, h: float) -> float:
    """Average run length of a one-sided CUSUM whose increments have mean ``delta`` (in σ units,
    after subtracting k) and decision interval ``h`` (Siegmund 1985)."""
    b = h + SIEGMUND_CORRECTION
    if abs(delta) < 1e-9:
        return b * b
    return (math.exp(-2 * delta * b) + 2 * delta * b - 1) / (2 * delta * delta)


@dataclass(frozen=True, kw_only=True)
class CusumPath:
    """The statistic after each check and the index of the first alarm (None without one)."""

    statistic: tuple[float, ...]
    first_alarm: int | None


@dataclass(frozen=True, kw_only=True)
class CusumRule:
    """The rule and its stated operating characteristics."""

    in_control: float
    shift: float
    sd: float
    h: float
    horizon: int

    @classmethod
    def from_settings(cls, settings: DriftSettings) -> CusumRule:
        return cls(
            in_control=settings.in_control,
            shift=settings.shift,
            sd=settings.sd,
            h=settings.h,
            horizon=settings.horizon,
        )

    @property
    def k(self) -> float:
        """Reference value in σ units: half the fall to detect."""
        return self.shift / (2 * self.sd)

    def run(self, values: list[float]) -> CusumPath:
        """The CUSUM over per-session agreement ``values`` in coding order."""
        statistic: list[float] = []
        current = 0.0
        first: int | None = None
        for i, value in enumerate(values):
            current = max(0.0, current + (self.in_control - value) / self.sd - self.k)
            statistic.append(current)
            if first is None and current > self.h:
                first = i
        return CusumPath(statistic=tuple(statistic), first_alarm=first)

    @property
    def arl_in_control(self) -> float:
        """Expected checks between false alarms for a steady coder at ``in_control``."""
        return siegmund_arl(-self.k, self.h)

    @property
    def arl_out_of_control(self) -> float:
        """Expected checks to an alarm after agreement falls by ``shift``."""
        return siegmund_arl(self.shift / self.sd - self.k, self.h)

    def false_alarm_rate(self, reference: Sequence[float] = (), seed: int = 2026) -> float:
        """Probability that a steady coder raises an alarm within ``horizon`` checks, by
        simulation of 20,000 coders: κ normal around ``in_control`` with ``sd``, or — given a
        ``reference`` sample of a steady coder's κ values — drawn from that sample (bootstrap),
        which keeps the skew of real κ values near their ceiling."""
        rng = np.random.default_rng(seed)
        shape = (SIMULATED_CODERS, self.horizon)
        if len(reference):
            draws = rng.choice(np.asarray(reference, dtype=float), size=shape, replace=True)
            z = (self.in_control - draws) / self.sd - self.k
        else:
            z = rng.standard_normal(shape) - self.k
        current = np.zeros(SIMULATED_CODERS)
        alarmed = np.zeros(SIMULATED_CODERS, dtype=bool)
        for t in range(self.horizon):
            current = np.maximum(0.0, current + z[:, t])
            alarmed |= current > self.h
        return float(alarmed.mean())

    def describe(self) -> str:
        """The rule in words, for reports and methods sections."""
        return (
            f"one-sided lower CUSUM (Page 1954) on per-session mean exact time-unit κ: in-control "
            f"κ {self.in_control:.2f}, fall to detect {self.shift:.2f}, session SD "
            f"{self.sd:.2f}, k = {self.k:.2f} SD, alarm when the statistic exceeds h = "
            f"{self.h:.2f} SD; average checks to a false alarm {self.arl_in_control:.0f}, to an "
            f"alarm after the fall {self.arl_out_of_control:.1f} (Siegmund 1985); false-alarm "
            f"probability within {self.horizon} checks {self.false_alarm_rate():.3f} (simulated)"
        )
