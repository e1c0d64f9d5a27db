"""Dyadic indices for parent–infant interaction, in the terms of DOMAIN.md.

- **Contingent responsiveness**: the share of infant bids (onsets of the bid codes) followed by a
  maternal response onset within the window [bid + w0, bid + w1); beside it the *base rate*: the
  share of all time units u of the session for which a response onset falls in [u + w0, u + w1)
  — how often a window placed anywhere would catch a response. The index is their difference;
  the time-window Yule's Q (``time_window_contingency`` with ``target="onset"``) is given too.
- **Match, mismatch and repair** (ICEP-R style, Tronick & Weinberg): the two partners' affect
  streams are read in time units; each code maps to ``positive`` (positive or neutral-engaged) or
  ``negative``; codes not mapped (e.g. unscorable) leave the unit unscored. A scored unit is a
  *match* when both partners are in the same class, else a *mismatch*. A *mismatch run* is a
  maximal stretch of consecutive mismatch units; it is *repaired* when the next scored unit is a
  match. Per episode: match proportion, mismatch runs, repairs, repair rate (repairs / mismatch
  runs), repairs per minute of scored time, and repair latency (mean length of repaired runs, s).
  A run is cut at an unscored unit and at the episode's end (then not counted as repaired).
- **Still-face contrasts**: a per-episode value (e.g. a code's proportion of time) contrasted
  between episodes: still face − play, reunion − play, reunion − still face.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from coder.analysis.sequences import intervals
from coder.analysis.time_window import ContingencyResult, present_units, time_window_contingency
from coder.annotations.model import AnnotationSet
from coder.errors import AnalysisError


@dataclass(frozen=True)
class Responsiveness:
    """Contingent responsiveness of one session."""

    bids: int
    bids_answered: int
    conditional: float
    """Share of bids followed by a response within the window."""
    base_rate: float
    """Share of time units whose window holds a response onset."""
    index: float
    """conditional − base_rate."""
    contingency: ContingencyResult
    window_ms: tuple[int, int]
    unit_ms: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "bids": self.bids, "bids_answered": self.bids_answered,
            "conditional": _clean(self.conditional), "base_rate": _clean(self.base_rate),
            "index": _clean(self.index), "yules_q": _clean(self.contingency.yules_q),
            "window_ms": list(self.window_ms), "unit_ms": self.unit_ms,
        }


def _clean(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def contingent_responsiveness(
    annotations: AnnotationSet,
    bid_codes: Sequence[str],
    response_codes: Sequence[str],
    *,
    start_ms: int,
    end_ms: int,
    window_ms: tuple[int, int] = (0, 3000),
    unit_ms: int = 100,
) -> Responsiveness:
    """Share of bids answered within the window, against the response's base rate (see module)."""
    bids = intervals(annotations, bid_codes)[:, 0]
    bids = bids[(bids >= start_ms) & (bids < end_ms)]
    responses = intervals(annotations, response_codes)[:, 0]
    responses = np.sort(responses[(responses >= start_ms) & (responses < end_ms)])
    lo, hi = window_ms

    def answered(times: np.ndarray) -> np.ndarray:
        first = np.searchsorted(responses, times + lo, side="left")
        last = np.searchsorted(responses, times + hi, side="left")
        return last > first

    hits = int(answered(bids).sum())
    units = np.arange(start_ms, end_ms, unit_ms, dtype=np.int64)
    base = float(answered(units).mean()) if len(units) else float("nan")
    conditional = hits / len(bids) if len(bids) else float("nan")
    table = time_window_contingency(
        [(int(b), int(b)) for b in bids], [(int(r), int(r)) for r in responses],
        window_ms=window_ms, start_ms=start_ms, end_ms=end_ms, unit_ms=unit_ms, target_rule="onset",
    )
    return Responsiveness(len(bids), hits, conditional, base, conditional - base, table,
                          (int(lo), int(hi)), unit_ms)


def _classes(annotations: AnnotationSet, mapping: Mapping[str, str], start_ms: int, n: int,
             unit_ms: int) -> np.ndarray:
    """Per unit: 1 positive, −1 negative, 0 unscored (a unit takes the class covering it)."""
    out = np.zeros(n, dtype=np.int8)
    for value, sign in (("positive", 1), ("negative", -1)):
        codes = [c for c, v in mapping.items() if v == value]
        if codes:
            iv = intervals(annotations, codes)
            iv = iv[iv[:, 1] > iv[:, 0]]
            out[present_units(iv, start_ms=start_ms, n_units=n, unit_ms=unit_ms)] = sign
    return out


def match_repair(
    annotations: AnnotationSet,
    infant: Mapping[str, str],
    caregiver: Mapping[str, str],
    *,
    episodes: Sequence[tuple[str, int, int]],
    unit_ms: int = 1000,
) -> pd.DataFrame:
    """Match/mismatch/repair per episode (name, start_ms, end_ms); see the module for the rules."""
    for mapping in (infant, caregiver):
        bad = {v for v in mapping.values()} - {"positive", "negative"}
        if bad:
            raise AnalysisError(f"affect classes must be 'positive' or 'negative', not {sorted(bad)}")
    rows = []
    for name, start, end in episodes:
        n = max(-((start - end) // unit_ms), 0)
        i = _classes(annotations, infant, start, n, unit_ms)
        c = _classes(annotations, caregiver, start, n, unit_ms)
        scored = (i != 0) & (c != 0)
        state = np.where(scored, np.where(i == c, 1, -1), 0)  # 1 match, −1 mismatch, 0 unscored
        runs, repaired, lengths = 0, 0, []
        k = 0
        while k < n:
            if state[k] == -1:
                j = k
                while j < n and state[j] == -1:
                    j += 1
                runs += 1
                if j < n and state[j] == 1:
                    repaired += 1
                    lengths.append((j - k) * unit_ms / 1000)
                k = j
            else:
                k += 1
        scored_units = int(scored.sum())
        rows.append({
            "episode": name,
            "scored_s": scored_units * unit_ms / 1000,
            "match_prop": float((state == 1).sum() / scored_units) if scored_units else np.nan,
            "mismatch_runs": runs,
            "repairs": repaired,
            "repair_rate": repaired / runs if runs else np.nan,
            "repairs_per_min": repaired / (scored_units * unit_ms / 60000) if scored_units else np.nan,
            "repair_latency_s": float(np.mean(lengths)) if lengths else np.nan,
        })
    return pd.DataFrame(rows)


STILL_FACE_CONTRASTS = (("still_face", "play"), ("reunion", "play"), ("reunion", "still_face"))


def episode_contrasts(values: Mapping[str, float],
                      contrasts: Sequence[tuple[str, str]] = STILL_FACE_CONTRASTS) -> dict[str, float]:
    """Differences between episodes' values, e.g. ``still_face_minus_play``; NaN when one is missing."""
    return {
        f"{a}_minus_{b}": float(values.get(a, np.nan)) - float(values.get(b, np.nan))
        for a, b in contrasts
    }
