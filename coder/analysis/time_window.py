"""Time-window contingency: does the target occur in a window after the given's onset more than elsewhere?

Bakeman & Quera's time-based approach (Bakeman & Quera 2011, ch. 10; Bakeman, Deckner & Quera
2005): the session is cut into time units (frames, 100 ms, 1 s); each unit is tallied in a 2×2
table as *in a window after a given onset or not* × *target present or not*. The association is
reported as Yule's Q and the odds ratio, with the log odds ratio and its 95% CI (Woolf's standard
error √(1/a + 1/b + 1/c + 1/d)).

Rules (also given in ``ContingencyResult.rules``):

- Units cover [start_ms, end_ms): unit u is [start_ms + u·unit, start_ms + (u+1)·unit); the last
  unit may be shorter.
- A given onset at t lies in unit floor((t − start)/unit); its window covers the units from
  that unit + round(w0/unit) to that unit + round(w1/unit) − 1 (``window_ms=(0, 3000)`` at
  1-s units: the onset's unit and the next two). Overlapping windows merge; windows are clipped
  to the session. Onsets outside [start_ms, end_ms) are left out.
- ``target="present"``: a unit counts as target when a target interval [s, e) overlaps it, or a
  target point (s = e) falls in it. ``target="onset"``: only the unit holding a target onset.
- When a cell is 0 the odds ratio, log odds and CI are computed with 0.5 added to every cell
  (Haldane 1956) and ``corrected`` is True; Yule's Q always uses the raw counts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from coder.errors import AnalysisError

Interval = tuple[int, int]
Z95 = 1.959963984540054


@dataclass(frozen=True)
class ContingencyResult:
    """The 2×2 time-unit table and its association statistics."""

    table: pd.DataFrame
    """Rows ``window`` / ``outside``; columns ``target`` / ``no_target``; counts of time units."""
    yules_q: float
    odds_ratio: float
    log_odds: float
    log_odds_se: float
    log_odds_ci: tuple[float, float]
    odds_ratio_ci: tuple[float, float]
    unit_ms: int
    window_ms: tuple[int, int]
    start_ms: int
    end_ms: int
    n_units: int
    n_given: int
    target: str
    corrected: bool
    rules: str

    @property
    def conditional_p(self) -> float:
        """P(target | unit in a window)."""
        a, b = self.table.loc["window"]
        return float(a / (a + b)) if a + b else float("nan")

    @property
    def base_rate(self) -> float:
        """P(target) over all units of the session."""
        total = self.table.to_numpy().sum()
        return float(self.table["target"].sum() / total) if total else float("nan")

    def to_dict(self) -> dict[str, Any]:
        def clean(x: float) -> float | None:
            return float(x) if math.isfinite(x) else None

        return {
            "table": {row: {col: int(v) for col, v in self.table.loc[row].items()} for row in self.table.index},
            "yules_q": clean(self.yules_q),
            "odds_ratio": clean(self.odds_ratio),
            "log_odds": clean(self.log_odds),
            "log_odds_se": clean(self.log_odds_se),
            "log_odds_ci": [clean(v) for v in self.log_odds_ci],
            "odds_ratio_ci": [clean(v) for v in self.odds_ratio_ci],
            "conditional_p": clean(self.conditional_p),
            "base_rate": clean(self.base_rate),
            "unit_ms": self.unit_ms,
            "window_ms": list(self.window_ms),
            "start_ms": self.start_ms,
            "end_ms": self.end_ms,
            "n_units": self.n_units,
            "n_given": self.n_given,
            "target": self.target,
            "corrected": self.corrected,
            "rules": self.rules,
        }


RULES = (
    "Time units of {unit} ms over [{start}, {end}) ms. A unit is 'window' when it lies in the "
    "units from the one holding a given onset + round({w0}/{unit}) to + round({w1}/{unit}) − 1 "
    "(overlapping windows merge; clipped to the session); 'target' when {target_rule}. "
    "Odds ratio with Woolf's 95% CI{correction}; Yule's Q from the raw counts."
)


def _as_array(intervals: Sequence[Interval] | np.ndarray, name: str) -> np.ndarray:
    array = np.asarray(intervals, dtype=np.int64).reshape(-1, 2) if len(intervals) else np.zeros((0, 2), np.int64)
    if np.any(array[:, 1] < array[:, 0]):
        raise AnalysisError(f"a {name} interval ends before it starts", hint="give (start_ms, end_ms) with end ≥ start")
    return array


def window_units(onsets: np.ndarray, *, start_ms: int, n_units: int, unit_ms: int,
                 window_ms: tuple[int, int]) -> np.ndarray:
    """Boolean per unit: inside the window after some onset (windows merged, clipped)."""
    lo = round(window_ms[0] / unit_ms)
    hi = round(window_ms[1] / unit_ms)
    first = (onsets - start_ms) // unit_ms + lo
    last = (onsets - start_ms) // unit_ms + hi  # exclusive
    first = np.clip(first, 0, n_units)
    last = np.clip(last, 0, n_units)
    keep = last > first
    change = np.zeros(n_units + 1, dtype=np.int64)
    np.add.at(change, first[keep], 1)
    np.add.at(change, last[keep], -1)
    return np.cumsum(change[:-1]) > 0


def present_units(intervals: np.ndarray, *, start_ms: int, n_units: int, unit_ms: int,
                  onset_only: bool = False) -> np.ndarray:
    """Boolean per unit: a target interval overlaps it (a point: falls in it; or its onset only)."""
    s = intervals[:, 0] - start_ms
    e = intervals[:, 1] - start_ms
    first = np.floor_divide(s, unit_ms)
    # A state runs to the unit holding its end (ceil); a point or an onset covers its own unit.
    last = first + 1 if onset_only else np.where(e > s, -np.floor_divide(-e, unit_ms), first + 1)
    first = np.clip(first, 0, n_units)
    last = np.clip(last, 0, n_units)
    keep = (last > first) & (s < n_units * unit_ms) & (np.maximum(e, s) >= 0)
    change = np.zeros(n_units + 1, dtype=np.int64)
    np.add.at(change, first[keep], 1)
    np.add.at(change, last[keep], -1)
    return np.cumsum(change[:-1]) > 0


def association(a: float, b: float, c: float, d: float) -> dict[str, Any]:
    """Yule's Q (raw), odds ratio, log odds, Woolf SE and 95% CIs (Haldane's 0.5 when a cell is 0)."""
    q_den = a * d + b * c
    yules_q = (a * d - b * c) / q_den if q_den > 0 else float("nan")
    corrected = min(a, b, c, d) == 0
    if corrected:
        a, b, c, d = a + 0.5, b + 0.5, c + 0.5, d + 0.5
    log_odds = math.log(a * d / (b * c))
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    ci = (log_odds - Z95 * se, log_odds + Z95 * se)
    return {
        "yules_q": yules_q,
        "odds_ratio": math.exp(log_odds),
        "log_odds": log_odds,
        "log_odds_se": se,
        "log_odds_ci": ci,
        "odds_ratio_ci": (math.exp(ci[0]), math.exp(ci[1])),
        "corrected": corrected,
    }


def time_window_contingency(
    given: Sequence[Interval] | np.ndarray,
    target: Sequence[Interval] | np.ndarray,
    *,
    window_ms: tuple[int, int] = (0, 3000),
    start_ms: int,
    end_ms: int,
    unit_ms: int = 100,
    target_rule: Literal["present", "onset"] = "present",
) -> ContingencyResult:
    """Tally time units in/out of the window after each given onset × target present/absent.

    ``given`` and ``target`` are (start_ms, end_ms) intervals (a point has start = end); times are
    integer ms of media time. See the module docstring for the exact rules.
    """
    if unit_ms <= 0:
        raise AnalysisError(f"the time unit must be positive, not {unit_ms} ms")
    if end_ms <= start_ms:
        raise AnalysisError(f"the session window [{start_ms}, {end_ms}) ms is empty")
    if window_ms[1] <= window_ms[0]:
        raise AnalysisError(f"the window {window_ms} ms is empty", hint="give (from_ms, to_ms) with to > from")
    g = _as_array(given, "given")
    t = _as_array(target, "target")
    n_units = -((start_ms - end_ms) // unit_ms)
    onsets = g[:, 0][(g[:, 0] >= start_ms) & (g[:, 0] < end_ms)]
    in_window = window_units(onsets, start_ms=start_ms, n_units=n_units, unit_ms=unit_ms, window_ms=window_ms)
    has_target = present_units(t, start_ms=start_ms, n_units=n_units, unit_ms=unit_ms,
                               onset_only=target_rule == "onset")
    a = int(np.count_nonzero(in_window & has_target))
    b = int(np.count_nonzero(in_window & ~has_target))
    c = int(np.count_nonzero(~in_window & has_target))
    d = n_units - a - b - c
    stats = association(a, b, c, d)
    table = pd.DataFrame([[a, b], [c, d]], index=pd.Index(["window", "outside"], name="given"),
                         columns=pd.Index(["target", "no_target"], name="target"))
    rules = RULES.format(
        unit=unit_ms, start=start_ms, end=end_ms, w0=window_ms[0], w1=window_ms[1],
        target_rule="a target onset falls in it" if target_rule == "onset"
        else "a target state overlaps it or a target point falls in it",
        correction=" (0.5 added to every cell: a cell was 0)" if stats["corrected"] else "",
    )
    return ContingencyResult(
        table=table, yules_q=stats["yules_q"], odds_ratio=stats["odds_ratio"],
        log_odds=stats["log_odds"], log_odds_se=stats["log_odds_se"],
        log_odds_ci=stats["log_odds_ci"], odds_ratio_ci=stats["odds_ratio_ci"],
        unit_ms=unit_ms, window_ms=(int(window_ms[0]), int(window_ms[1])), start_ms=start_ms,
        end_ms=end_ms, n_units=n_units, n_given=len(onsets), target=target_rule,
        corrected=stats["corrected"], rules=rules,
    )
