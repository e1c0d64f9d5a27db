"""Time budgets per session, segment, fixed bin or named analysis window.

The per-window measures (freq, rate per minute, total and mean duration, proportion of time,
latency to first onset) are the export's, computed by ``coder.export.timed_variables`` — one
owner for their definitions; this module only chooses the windows: the whole session, the marked
segments, fixed bins (e.g. 30 s) or windows the analyst names (absolute, or relative to a marked
segment's start). Two measures the export does not have are defined here:

- ``latency_after``: for each onset of code A, the time to the next onset of code B (none when B
  does not follow before the end); reported per A onset.
- ``co_occurrence`` ("A during B"): time A and B are both on, as a share of B's time, and the
  number of A onsets that fall inside a B bout. Points of A count as onsets; a point has no time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from coder.analysis.sequences import intervals, session_end_ms
from coder.annotations.model import AnnotationSet, Segment
from coder.errors import AnalysisError
from coder.export.spec import TIMED_MEASURES, TimedSpec
from coder.export.timed_variables import timed_variables
from coder.export.variables import Record, Registry
from coder.scheme.model import WHOLE_SESSION, Scheme, SegmentDef


@dataclass(frozen=True)
class Window:
    """An analysis window: absolute [start_ms, end_ms), or relative to a marked segment's start."""

    name: str
    start_ms: int
    end_ms: int
    segment: str | None = None


@dataclass(frozen=True)
class SessionData:
    """One session's record for an analysis: its code, annotations and video duration (ms)."""

    session: str
    annotations: AnnotationSet
    duration_ms: int | None = None


def fixed_bins(bin_ms: int, end_ms: int, start_ms: int = 0) -> list[Window]:
    """Consecutive bins of ``bin_ms`` from ``start_ms``; the last one may be shorter."""
    if bin_ms <= 0:
        raise AnalysisError(f"the bin length must be positive, not {bin_ms} ms")
    starts = range(start_ms, end_ms, bin_ms)
    width = len(str(len(starts)))
    return [Window(f"bin{n + 1:0{width}d}", s, min(s + bin_ms, end_ms)) for n, s in enumerate(starts)]


def _resolve(windows: Sequence[Window], annotations: AnnotationSet, session: str) -> list[Segment]:
    marked: dict[str, Segment] = {}
    for seg in annotations.segments:
        marked.setdefault(seg.segment, seg)
    out: list[Segment] = []
    for w in windows:
        if w.segment is None:
            out.append(Segment(f"w{len(out)}", w.name, w.start_ms, w.end_ms))
        elif w.segment in marked:
            base = marked[w.segment].start_ms
            out.append(Segment(f"w{len(out)}", w.name, base + w.start_ms, min(base + w.end_ms, marked[w.segment].end_ms)))
    return out


def time_budget(
    sessions: Sequence[SessionData],
    scheme: Scheme,
    *,
    by: str = "session",
    bin_ms: int | None = None,
    windows: Sequence[Window] = (),
    codes: Sequence[str] | None = None,
    measures: Sequence[str] = TIMED_MEASURES,
    proportion_denominator: str = "window",
) -> pd.DataFrame:
    """Tidy time budget: one row per session × window × code × measure (``value``; NaN is NA).

    ``by``: ``session`` (whole session), ``segment`` (each marked segment of the scheme),
    ``bins`` (fixed bins of ``bin_ms``) or ``windows`` (the named ``windows``).
    Durations and latencies are in seconds, rates per minute, as in the export.
    """
    warnings: list[str] = []
    records: list[Record] = []
    names: list[str] = []
    for i, data in enumerate(sessions):
        a = data.annotations
        if by == "session":
            segs: list[Segment] = []
        elif by == "segment":
            segs = [s for s in a.segments]
        elif by == "bins":
            if bin_ms is None:
                raise AnalysisError("time budgets by bins need a bin length", hint="give bin_ms, e.g. 30000")
            end = session_end_ms(a, data.duration_ms)
            segs = _resolve(fixed_bins(bin_ms, end), a, data.session)
        elif by == "windows":
            if not windows:
                raise AnalysisError("time budgets by windows need named windows")
            segs = _resolve(windows, a, data.session)
        else:
            raise AnalysisError(f"unknown time-budget grouping '{by}'", hint="use session, segment, bins or windows")
        for s in segs:
            if s.segment not in names:
                names.append(s.segment)
        records.append(Record(i, data.session, replace(a, segments=tuple(segs)), data.duration_ms))
    if by == "segment":
        window_scheme = scheme
    else:
        for name in names:
            if name == WHOLE_SESSION or not name[:1].isalpha() or not name.replace("_", "").isalnum():
                raise AnalysisError(f"'{name}' is not a window name", hint="use letters, digits and _ (starting with a letter)")
        window_scheme = scheme.model_copy(update={"segments": [SegmentDef(id=n) for n in names]})
    spec = TimedSpec(codes=list(codes) if codes is not None else None, measures=list(measures),  # type: ignore[arg-type]
                     modifier_counts=False, whole_session=by == "session",
                     proportion_denominator=proportion_denominator)  # type: ignore[arg-type]
    registry = Registry()
    rows = timed_variables(window_scheme, records, spec, None, registry, warnings)
    info = registry.variables
    code_ids = sorted((c.id for c in scheme.codes), key=len, reverse=True)

    def split(base: str) -> tuple[str, str]:
        code = next(c for c in code_ids if base.startswith(c + "_"))
        return code, base[len(code) + 1:]

    parts = [split(v.base) for v in info]
    var = rows["var"].to_numpy()
    frame = pd.DataFrame({
        "session": [sessions[r].session for r in rows["rec"].to_numpy()],
        "window": [info[v].segment for v in var],
        "code": [parts[v][0] for v in var],
        "measure": [parts[v][1] for v in var],
        "value": rows["value"].to_numpy(),
    })
    return frame.reset_index(drop=True)


def latency_after(annotations: AnnotationSet, from_code: str | Sequence[str], to_code: str | Sequence[str],
                  end_ms: int | None = None) -> np.ndarray:
    """Per onset of ``from_code``: ms to the next onset of ``to_code`` (NaN when none follows).

    An onset of a different code at the same time counts as latency 0; when the two code sets
    share a code, the next onset must come strictly later (an onset does not follow itself).
    """
    a = intervals(annotations, from_code)[:, 0]
    b = intervals(annotations, to_code)[:, 0]
    if end_ms is not None:
        a, b = a[a < end_ms], b[b < end_ms]
    shared = ({from_code} if isinstance(from_code, str) else set(from_code)) & (
        {to_code} if isinstance(to_code, str) else set(to_code))
    position = np.searchsorted(b, a, side="right" if shared else "left")
    out = np.full(len(a), np.nan)
    found = position < len(b)
    out[found] = b[position[found]] - a[found]
    return out


@dataclass(frozen=True)
class CoOccurrence:
    """A during B: shared time (ms), B's time (ms), their ratio, and A onsets inside B bouts."""

    overlap_ms: int
    b_ms: int
    proportion_of_b: float
    a_onsets_during_b: int
    a_onsets: int


def _union(iv: np.ndarray) -> np.ndarray:
    iv = iv[iv[:, 1] > iv[:, 0]]
    if not len(iv):
        return iv
    iv = iv[np.argsort(iv[:, 0])]
    merged = [list(iv[0])]
    for s, e in iv[1:]:
        if s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return np.array(merged, dtype=np.int64)


def co_occurrence(annotations: AnnotationSet, a_code: str, b_code: str) -> CoOccurrence:
    """How much of B's time A is also on, and how many A onsets fall inside B ("A during B")."""
    a = intervals(annotations, a_code)
    b = _union(intervals(annotations, b_code))
    a_states = _union(a)
    overlap = 0
    for s, e in b:
        overlap += int(np.clip(np.minimum(a_states[:, 1], e) - np.maximum(a_states[:, 0], s), 0, None).sum()) if len(a_states) else 0
    b_ms = int((b[:, 1] - b[:, 0]).sum()) if len(b) else 0
    onsets = a[:, 0]
    inside = sum(int(((onsets >= s) & (onsets < e)).sum()) for s, e in b)
    return CoOccurrence(overlap, b_ms, overlap / b_ms if b_ms else float("nan"), inside, len(onsets))
