"""Derived variables of timed codes, per session × window × code, computed with numpy.

Definitions (DOMAIN.md), for a window [w0, w1) — a marked segment, or the whole session:

- ``freq``: onsets in the window (w0 ≤ onset < w1). A bout that started before the window is
  *not* counted; a point event exactly at w1 belongs to the next window.
- ``rate``: freq per minute of window length.
- ``dur`` (s, states): total duration of all bouts clipped to the window — a bout running into
  the window from before counts for its part inside it.
- ``prop`` (states): dur / denominator; the denominator is the window length, or (spec
  ``proportion_denominator: codable``) the window minus the time coded with ``uncodable: true``
  codes of the same stream (uncodable codes themselves always use the window length).
- ``mbout`` (s, states): mean clipped length of the bouts with an onset in the window
  (consistent with freq); NA when freq = 0.
- ``lat`` (s): first onset in the window minus w0; when absent NA, or (``latency_absent:
  censored``) the window length, with ``latc`` = 1 marking a censored value.
- ``<code>_<value>_freq``: onsets per modifier value.

Worked check: window 0–300 s, bouts [10,20) [50,65) [200,230) [290,310) → freq 4, dur 65 s,
prop .2167, rate 0.8/min, mbout 16.25 s, lat 10 s. States still open (no end) are left out with a
warning. Point codes get freq, rate and lat only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from coder.export.spec import TimedSpec
from coder.export.variables import Record, Registry, VariableInfo, empty_rows, long_rows, stem_of
from coder.scheme.model import WHOLE_SESSION, CodeDef, CodeKind, Scheme

STATE_ONLY = ("dur", "prop", "mbout")
_LABELS = {
    "freq": ("frequency (onsets)", "onsets in the window"),
    "rate": ("rate per minute", "freq / window length in minutes"),
    "dur": ("total duration (s)", "sum of bouts clipped to the window, in s"),
    "prop": ("proportion of time", "dur / {denominator}"),
    "mbout": ("mean bout length (s)", "mean clipped length of bouts with onset in the window; NA when freq = 0"),
    "lat": ("latency to first onset (s)", "first onset − window start, in s; {absent}"),
    "latc": ("latency censored (1 = no onset)", "1 when the code did not occur and lat is the window length"),
}


@dataclass(frozen=True)
class Windows:
    """Windows of all records: record index, window-name index, start and end (ms)."""

    rec: np.ndarray
    name: np.ndarray
    start: np.ndarray
    end: np.ndarray


def window_names(scheme: Scheme, segments: Sequence[str] | None, whole_session: bool) -> list[str]:
    """Window names in order: the scheme's selected segments, then ``session``."""
    names = [s.id for s in scheme.segments if segments is None or s.id in segments]
    if whole_session and (segments is None or WHOLE_SESSION in segments):
        names.append(WHOLE_SESSION)
    return names


def build_windows(
    records: Sequence[Record], names: Sequence[str], warnings: list[str]
) -> Windows:
    """One window per marked segment of each record (first of repeats), plus the whole session."""
    index = {n: i for i, n in enumerate(names)}
    rec: list[int] = []
    name: list[int] = []
    start: list[int] = []
    end: list[int] = []
    for position, record in enumerate(records):
        seen: set[str] = set()
        for seg in record.annotations.segments:
            if seg.segment not in index or seg.segment == WHOLE_SESSION:
                continue
            if seg.segment in seen:
                warnings.append(
                    f"{record.session}: segment '{seg.segment}' is marked twice; the first is used"
                )
                continue
            seen.add(seg.segment)
            rec.append(position)
            name.append(index[seg.segment])
            start.append(seg.start_ms)
            end.append(seg.end_ms)
        if WHOLE_SESSION in index:
            total = record.duration_ms
            if total is None:
                a = record.annotations
                ends = [e.end_ms or e.start_ms for e in a.events] + [s.end_ms for s in a.segments]
                total = max(ends, default=0)
                warnings.append(
                    f"{record.session}: video duration unknown; the whole-session window ends at "
                    f"the last annotation ({total} ms)"
                )
            rec.append(position)
            name.append(index[WHOLE_SESSION])
            start.append(0)
            end.append(total)
    order = np.lexsort((np.array(name, dtype=np.int64), np.array(rec, dtype=np.int64)))
    return Windows(
        np.array(rec, dtype=np.int64)[order],
        np.array(name, dtype=np.int64)[order],
        np.array(start, dtype=np.float64)[order],
        np.array(end, dtype=np.float64)[order],
    )


def cross_with_windows(ev_rec: np.ndarray, windows: Windows, n_records: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (event index, window index) of every event with every window of its record."""
    counts = np.bincount(windows.rec, minlength=n_records)
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    per_event = counts[ev_rec]
    total = int(per_event.sum())
    ev_idx = np.repeat(np.arange(len(ev_rec)), per_event)
    starts = np.repeat(np.cumsum(per_event) - per_event, per_event)
    w_idx = np.repeat(first[ev_rec], per_event) + (np.arange(total) - starts)
    return ev_idx, w_idx


def _collect_events(
    records: Sequence[Record], codes: dict[str, int], scheme: Scheme, warnings: list[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[tuple[int, int, int, str, str]]]:
    """Arrays rec, code, start, end (end = start for points) and modifier rows."""
    rec: list[int] = []
    code: list[int] = []
    start: list[int] = []
    end: list[int] = []
    modifier_rows: list[tuple[int, int, int, str, str]] = []
    known = {c.id for c in scheme.codes}
    state = np.array([c.kind is CodeKind.STATE for c in scheme.codes if c.id in codes], dtype=bool)
    with_modifiers = {codes[c.id] for c in scheme.codes if c.id in codes and c.modifiers}
    for position, record in enumerate(records):
        kept = [(codes.get(e.code), e) for e in record.annotations.events]
        for index, event in kept:
            if index is None and event.code not in known:
                warnings.append(f"{record.session}: unknown code '{event.code}' left out")
        kept = [(i, e) for i, e in kept if i is not None]
        rec += [position] * len(kept)
        code += [i for i, _e in kept]  # type: ignore[misc]
        start += [e.start_ms for _i, e in kept]
        end += [-1 if e.end_ms is None else e.end_ms for _i, e in kept]
        modifier_rows += [
            (position, i, e.start_ms, m, v)
            for i, e in kept if e.modifiers and i in with_modifiers for m, v in e.modifiers
        ]
    rec_a = np.array(rec, dtype=np.int64)
    code_a = np.array(code, dtype=np.int64)
    start_a = np.array(start, dtype=np.float64)
    end_a = np.array(end, dtype=np.float64)
    is_state = state[code_a] if len(code_a) else np.zeros(0, dtype=bool)
    open_states = is_state & (end_a < 0)
    if open_states.any():
        names = [c.id for c in scheme.codes if c.id in codes]
        for r, c, s in zip(rec_a[open_states], code_a[open_states], start_a[open_states], strict=True):
            warnings.append(
                f"{records[int(r)].session}: open state '{names[int(c)]}' at {int(s)} ms "
                "(never ended) left out"
            )
        keep = ~open_states
        rec_a, code_a, start_a, end_a, is_state = (
            rec_a[keep], code_a[keep], start_a[keep], end_a[keep], is_state[keep]
        )
    end_a = np.where(is_state, end_a, start_a)
    return rec_a, code_a, start_a, end_a, modifier_rows


def _register(
    registry: Registry, scheme: Scheme, code: CodeDef, measure: str, window: str, spec: TimedSpec
) -> int:
    label, how = _LABELS[measure]
    denominator = (
        "window length minus uncodable time in the stream"
        if spec.proportion_denominator == "codable" and not code.uncodable
        else "window length"
    )
    absent = "window length when absent (censored)" if spec.latency_absent == "censored" else "NA when absent"
    base = f"{code.id}_{measure}"
    where = "whole session" if window == WHOLE_SESSION else window
    return registry.add(
        VariableInfo(
            base=base,
            segment=window,
            stem=stem_of(base, window),
            label=f"{code.label or code.id}: {label}, {where}",
            measure="nominal" if measure == "latc" else "scale",
            value_labels=((0.0, "observed"), (1.0, "censored")) if measure == "latc" else (),
            derivation=how.format(denominator=denominator, absent=absent),
            scheme=scheme.id,
        )
    )


def timed_variables(
    scheme: Scheme,
    records: Sequence[Record],
    spec: TimedSpec,
    segments: Sequence[str] | None,
    registry: Registry,
    warnings: list[str],
) -> pd.DataFrame:
    """Long rows of every timed-code variable of ``records`` (all coded with ``scheme``)."""
    wanted = [c for c in scheme.codes if spec.codes is None or c.id in spec.codes]
    names = window_names(scheme, segments, spec.whole_session)
    if not spec.enabled or not wanted or not names or not records:
        return empty_rows()
    codes = {c.id: i for i, c in enumerate(wanted)}
    n_codes = len(wanted)
    windows = build_windows(records, names, warnings)
    n_win = len(windows.rec)
    ev_rec, ev_code, ev_start, ev_end, modifier_rows = _collect_events(records, codes, scheme, warnings)
    ev_idx, w_idx = cross_with_windows(ev_rec, windows, len(records))
    s, e = ev_start[ev_idx], ev_end[ev_idx]
    ws, we = windows.start[w_idx], windows.end[w_idx]
    c = ev_code[ev_idx]
    onset_in = (s >= ws) & (s < we)
    clipped = np.maximum(0.0, np.minimum(e, we) - np.maximum(s, ws))
    key = w_idx * n_codes + c
    size = n_win * n_codes
    freq = np.bincount(key, weights=onset_in, minlength=size).reshape(n_win, n_codes)
    dur = np.bincount(key, weights=clipped, minlength=size).reshape(n_win, n_codes)
    bout = np.bincount(key, weights=clipped * onset_in, minlength=size).reshape(n_win, n_codes)
    first_flat = np.full(size, np.inf)
    np.minimum.at(first_flat, key[onset_in], s[onset_in])
    first = first_flat.reshape(n_win, n_codes)
    length = (windows.end - windows.start)[:, None]

    # Uncodable time per window and stream, for the "codable" denominator.
    streams = {scheme.stream_of(code.id) for code in wanted}
    stream_ids = {row: i for i, row in enumerate(sorted(streams))}
    code_stream = np.array([stream_ids[scheme.stream_of(code.id)] for code in wanted])
    uncodable = np.array([code.uncodable for code in wanted])
    denominator: np.ndarray[Any, Any] = np.broadcast_to(length, (n_win, n_codes)).copy()
    if spec.proportion_denominator == "codable" and uncodable.any():
        u_key = w_idx * len(stream_ids) + code_stream[c]
        u_time = np.bincount(
            u_key, weights=clipped * uncodable[c], minlength=n_win * len(stream_ids)
        ).reshape(n_win, len(stream_ids))
        denominator = np.where(uncodable[None, :], length, length - u_time[:, code_stream])
    with np.errstate(divide="ignore", invalid="ignore"):
        values = {
            "freq": freq,
            "rate": np.where(length > 0, freq / (length / 60000.0), np.nan),
            "dur": dur / 1000.0,
            "prop": np.where(denominator > 0, dur / denominator, np.nan),
            "mbout": np.where(freq > 0, bout / freq / 1000.0, np.nan),
        }
    present = np.isfinite(first)
    latency = np.where(present, (first - windows.start[:, None]) / 1000.0, np.nan)
    if spec.latency_absent == "censored":
        values["lat"] = np.where(present, latency, np.broadcast_to(length / 1000.0, latency.shape))
        values["latc"] = np.where(present, 0.0, 1.0)
    else:
        values["lat"] = latency
    measures: list[str] = [m for m in spec.measures if m in values]
    if "lat" in measures and "latc" in values:
        measures.insert(measures.index("lat") + 1, "latc")

    frames = []
    win_name = windows.name
    global_rec = np.array([r.rec for r in records], dtype=np.int64)[windows.rec]
    for n, window in enumerate(names):
        rows = np.nonzero(win_name == n)[0]
        if len(rows) == 0:
            continue
        for ci, code in enumerate(wanted):
            for measure in measures:
                if code.kind is CodeKind.POINT and measure in STATE_ONLY:
                    continue
                var = _register(registry, scheme, code, measure, window, spec)
                frames.append(
                    (global_rec[rows], np.full(len(rows), var), values[measure][rows, ci])
                )
    if spec.modifier_counts and modifier_rows:
        frames += _modifier_frames(
            scheme, wanted, names, windows, modifier_rows, registry, global_rec, len(records)
        )
    if not frames:
        return empty_rows()
    return long_rows(
        np.concatenate([f[0] for f in frames]),
        np.concatenate([f[1] for f in frames]),
        np.concatenate([f[2] for f in frames]),
    )


def _modifier_frames(
    scheme: Scheme,
    wanted: Sequence[CodeDef],
    names: Sequence[str],
    windows: Windows,
    modifier_rows: list[tuple[int, int, int, str, str]],
    registry: Registry,
    global_rec: np.ndarray,
    n_records: int,
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Onsets per modifier value (``<code>_<value>_freq``), for codes declaring modifiers."""
    combos: list[tuple[int, str]] = []
    for ci, code in enumerate(wanted):
        for modifier_id in code.modifiers:
            modifier = scheme.modifier(modifier_id)
            if modifier is not None:
                combos += [(ci, value) for value in modifier.values]
    if not combos:
        return []
    combo_index = {combo: i for i, combo in enumerate(combos)}
    kept = [(r, combo_index[(ci, v)], s) for r, ci, s, _m, v in modifier_rows if (ci, v) in combo_index]
    m_rec = np.array([k[0] for k in kept], dtype=np.int64)
    m_combo = np.array([k[1] for k in kept], dtype=np.int64)
    m_start = np.array([k[2] for k in kept], dtype=np.float64)
    ev_idx, w_idx = cross_with_windows(m_rec, windows, n_records)
    s = m_start[ev_idx]
    onset_in = (s >= windows.start[w_idx]) & (s < windows.end[w_idx])
    n_win, n_combo = len(windows.rec), len(combos)
    counts = np.bincount(
        w_idx * n_combo + m_combo[ev_idx], weights=onset_in, minlength=n_win * n_combo
    ).reshape(n_win, n_combo)
    frames = []
    for n, window in enumerate(names):
        rows = np.nonzero(windows.name == n)[0]
        if len(rows) == 0:
            continue
        for k, (ci, value) in enumerate(combos):
            code = wanted[ci]
            base = f"{code.id}_{value}_freq"
            where = "whole session" if window == WHOLE_SESSION else window
            var = registry.add(
                VariableInfo(
                    base=base,
                    segment=window,
                    stem=stem_of(base, window),
                    label=f"{code.label or code.id} ({value}): frequency, {where}",
                    derivation=f"onsets in the window with modifier value '{value}'",
                    scheme=scheme.id,
                )
            )
            frames.append((global_rec[rows], np.full(len(rows), var), counts[rows, k]))
    return frames
