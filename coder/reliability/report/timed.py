"""Timed-code agreement pooled over double-coded sessions: time-unit kappa with and without a
tolerance, and event-based kappa with percent agreement (Bakeman, Quera & Gnisci 2009).

An exclusive stream is one nominal variable with the extra category NOTHING for uncoded time;
each code of a non-exclusive row is compared as present/absent. Unit arrays are built with
numpy per session (``stream_units``), never per unit in Python; tables are tallied per pair and
summed, so pooling and the session bootstrap are matrix products.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from coder.errors import CoderError
from coder.reliability.disagreement import Disagreement, DisagreementKind
from coder.reliability.event_alignment import event_agreement
from coder.reliability.kappa import cross_table, kappa_from_table, kappa_max
from coder.reliability.report.bootstrap import (
    kappa_of_tables,
    percent_of_tables,
    resample_sum,
)
from coder.reliability.report.disagreements import pair_disagreement
from coder.reliability.report.figures import Thresholds, guarded, make_figure
from coder.reliability.report.model import Figure, SessionTimed, TimedAgreement
from coder.reliability.report.pairs import CodedPair, Event, row_events
from coder.reliability.results import EventAgreementResult, as_table
from coder.reliability.time_units import NOTHING, matched_within, stream_units

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class _Spec:
    row: str
    code: str | None
    label: str
    categories: tuple[str, ...]
    units: bool = True


@dataclass
class _PairData:
    pair: CodedPair
    events_a: dict[str, list[Event]]
    events_b: dict[str, list[Event]]
    mask: BoolArray
    n_units: int


@dataclass
class TimedOutcome:
    """What the timed section gives the rest of the report."""

    rows: list[TimedAgreement]
    disagreements: list[Disagreement]
    problems: list[str]
    pair_kappas: list[list[float]]  # per pair: exact unit kappas of its rows (for drift)
    row_events: dict[str, tuple[FloatArray, dict[str, int]]] = field(default_factory=dict)


def _specs(pair: CodedPair) -> list[_Spec]:
    scheme = pair.scheme
    specs = []
    for row in scheme.rows():
        stream = scheme.stream(row)
        label = (stream.label if stream else "") or row
        codes = [c.id for c in scheme.codes_in_stream(row)]
        if scheme.is_exclusive(row):
            specs.append(_Spec(row, None, label, (*codes, NOTHING)))
        else:
            if len(codes) > 1:  # event kappa over the whole row; units only per code
                specs.append(_Spec(row, None, label, (*codes, NOTHING), units=False))
            for code in scheme.codes_in_stream(row):
                specs.append(_Spec(row, code.id, code.label or code.id, (code.id, NOTHING)))
    return specs


def unit_midpoints2(duration: int, unit_ms: int) -> npt.NDArray[np.int64]:
    n = -(-duration // unit_ms)
    lo = np.arange(n, dtype=np.int64) * unit_ms
    return lo + np.minimum(lo + unit_ms, duration)  # twice each unit's midpoint


def in_windows(times2: npt.NDArray[np.int64], windows: tuple[tuple[int, int], ...]) -> BoolArray:
    """Whether each doubled time lies in one of the windows [start, end)."""
    inside = np.zeros(len(times2), dtype=bool)
    for start, end in windows:
        inside |= (times2 >= 2 * start) & (times2 < 2 * end)
    return inside


def presence(events: list[Event], mid2: npt.NDArray[np.int64], unit_ms: int) -> BoolArray:
    """Units (given by twice their midpoints) in which a code is present: covered by one of its
    states at the midpoint, or holding one of its point events."""
    n = len(mid2)
    present = np.zeros(n, dtype=bool)
    if not events:
        return present
    starts = np.array([e[1] for e in events], dtype=np.int64)
    ends = np.array([e[2] for e in events], dtype=np.int64)
    points = ends == starts
    unit = starts[points] // unit_ms
    present[unit[(unit >= 0) & (unit < n)]] = True
    first = np.searchsorted(mid2, 2 * starts[~points], side="left")
    last = np.searchsorted(mid2, 2 * ends[~points], side="left")
    diff = np.zeros(n + 1, dtype=np.int64)
    np.add.at(diff, first, 1)
    np.add.at(diff, last, -1)
    return present | (np.cumsum(diff[:-1]) > 0)


def _units(
    spec: _Spec,
    events: list[Event],
    mid2: npt.NDArray[np.int64],
    unit_ms: int,
    duration: int,
    who: str,
) -> npt.NDArray[np.intp]:
    if spec.code is None:
        return stream_units(
            events,
            start_ms=0,
            end_ms=duration,
            unit_ms=unit_ms,
            categories=spec.categories,
            who=who,
        )
    return np.where(presence(events, mid2, unit_ms), 0, 1).astype(np.intp)


def _select(
    events: list[Event], code: str | None, windows: tuple[tuple[int, int], ...]
) -> list[Event]:
    if code is not None:
        events = [e for e in events if e[0] == code]
    if len(windows) == 1:
        start, end = windows[0]
        return [e for e in events if start <= e[1] < end]
    return [e for e in events if any(s <= e[1] < t for s, t in windows)]


def timed_agreement(
    pairs: list[CodedPair],
    pair_weights: FloatArray,
    *,
    unit_ms: int,
    tolerance_ms: int,
    thresholds: Thresholds,
) -> TimedOutcome:
    """Agreement per exclusive stream and per code of the other rows, for pairs of one scheme.
    ``pair_weights`` (B × pairs) are the session-bootstrap weights of each pair."""
    outcome = TimedOutcome([], [], [], [[] for _ in pairs])
    if not pairs:
        return outcome
    data = []
    for pair in pairs:
        mid2 = unit_midpoints2(pair.duration_ms, unit_ms)
        data.append(
            _PairData(
                pair,
                row_events(pair.a, pair.scheme, pair.duration_ms),
                row_events(pair.b, pair.scheme, pair.duration_ms),
                in_windows(mid2, pair.windows),
                len(mid2),
            )
        )
    window = tolerance_ms // unit_ms
    for spec in _specs(pairs[0]):
        outcome.rows.append(
            _one_spec(spec, data, pair_weights, unit_ms, window, tolerance_ms, thresholds, outcome)
        )
    return outcome


def _one_spec(
    spec: _Spec,
    data: list[_PairData],
    pair_weights: FloatArray,
    unit_ms: int,
    window: int,
    tolerance_ms: int,
    thresholds: Thresholds,
    outcome: TimedOutcome,
) -> TimedAgreement:
    k = len(spec.categories)
    index = {c: i for i, c in enumerate(spec.categories)}
    p = len(data)
    exact = np.zeros((p, k, k))
    a2b = np.zeros((p, k, k))
    b2a = np.zeros((p, k, k))
    events = np.zeros((p, k, k))
    ok = np.ones(p, dtype=bool)
    for i, d in enumerate(data):
        pair = d.pair
        row_a, row_b = d.events_a.get(spec.row, []), d.events_b.get(spec.row, [])
        if spec.units:
            mid2 = unit_midpoints2(pair.duration_ms, unit_ms)
            all_a = row_a if spec.code is None else [e for e in row_a if e[0] == spec.code]
            all_b = row_b if spec.code is None else [e for e in row_b if e[0] == spec.code]
            try:
                ua = _units(spec, all_a, mid2, unit_ms, pair.duration_ms, pair.coder_a)
                ub = _units(spec, all_b, mid2, unit_ms, pair.duration_ms, pair.coder_b)
            except CoderError as error:
                ok[i] = False
                outcome.problems.append(f"{pair.session} {spec.row}: {error.message}")
                continue
            m = d.mask
            exact[i] = cross_table(ua[m], ub[m], k)
            if window:
                ub_agreed = np.where(matched_within(ua, ub, window), ua, ub)
                ua_agreed = np.where(matched_within(ub, ua, window), ub, ua)
                a2b[i] = cross_table(ua[m], ub_agreed[m], k)
                b2a[i] = cross_table(ua_agreed[m], ub[m], k)
            else:
                a2b[i] = b2a[i] = exact[i]
        shared = outcome.row_events.get(spec.row) if spec.code is not None else None
        if shared is not None and spec.code is not None:
            events[i] = _code_table(shared[0][i], shared[1][spec.code])
            continue
        ea = _select(row_a, spec.code, pair.windows)
        eb = _select(row_b, spec.code, pair.windows)
        if not (ea or eb):
            continue
        try:
            result = event_agreement(ea, eb, tolerance_ms=tolerance_ms, match="onset")
        except CoderError as error:
            outcome.problems.append(f"{pair.session} {spec.row} events: {error.message}")
            continue
        pos = [index[c] for c in result.categories]
        events[i][np.ix_(pos, pos)] += np.asarray(result.table, dtype=float)
        _collect_disagreements(spec, pair, ea, eb, result, outcome.disagreements)
    if spec.code is None and not spec.units:
        outcome.row_events[spec.row] = (events, index)
    per_exact = kappa_of_tables(exact)
    per_tol = (kappa_of_tables(a2b) + kappa_of_tables(b2a)) / 2
    per_event = kappa_of_tables(events) if spec.code is None else np.full(p, np.nan)
    per_unit_pct = percent_of_tables(exact)
    per_event_pct = percent_of_tables(events)
    sessions = []
    for i, d in enumerate(data):
        if ok[i] and spec.units and np.isfinite(per_exact[i]):
            outcome.pair_kappas[i].append(float(per_exact[i]))
        sessions.append(
            SessionTimed(
                session=d.pair.session,
                coder_a=d.pair.coder_a,
                coder_b=d.pair.coder_b,
                n_units=int(exact[i].sum()),
                unit_kappa=_num(per_exact[i]),
                unit_kappa_tolerant=_num(per_tol[i]),
                unit_percent=_num(per_unit_pct[i]),
                n_events=int(events[i].sum()),
                event_kappa=_num(per_event[i]),
                event_percent=_num(per_event_pct[i]),
            )
        )
    pooled = [exact.sum(0), a2b.sum(0), b2a.sum(0), events.sum(0)]
    ests = [_kappa(t, spec.categories) for t in pooled]
    if not spec.units:
        ests[:3] = [(None, "non-exclusive row: time-unit kappa is given per code")] * 3
    if spec.code is not None:
        # One code's event table has a structurally empty nothing × nothing cell, which makes
        # kappa meaningless (≤ 0 by construction); percent agreement and the row's kappa remain.
        ests[3] = (None, "event kappa is given per stream; one code alone: percent agreement")
    boots = [kappa_of_tables(resample_sum(t, pair_weights)) for t in (exact, a2b, b2a, events)]
    n_units = int(pooled[0].sum())
    n_events = int(pooled[3].sum())
    tol_est = None if ests[1][0] is None or ests[2][0] is None else (ests[1][0] + ests[2][0]) / 2

    def fig(j: int, n: int) -> Figure:
        return make_figure("kappa", ests[j][0], boots[j], n, thresholds, ests[j][1])

    unit_pct = percent_of_tables(pooled[0])
    event_pct = percent_of_tables(pooled[3])
    return TimedAgreement(
        scheme=data[0].pair.scheme.id,
        row=spec.row,
        code=spec.code,
        label=spec.label,
        categories=spec.categories,
        unit_exact=fig(0, n_units),
        unit_a_to_b=fig(1, n_units),
        unit_b_to_a=fig(2, n_units),
        unit_tolerant=make_figure(
            "kappa",
            tol_est,
            (boots[1] + boots[2]) / 2,
            n_units,
            thresholds,
            ests[1][1] or ests[2][1],
        ),
        unit_percent=make_figure(
            "percent",
            _num(unit_pct),
            percent_of_tables(resample_sum(exact, pair_weights)),
            n_units,
            thresholds,
        ),
        event=fig(3, n_events),
        event_percent=make_figure(
            "percent",
            _num(event_pct),
            percent_of_tables(resample_sum(events, pair_weights)),
            n_events,
            thresholds,
            "" if n_events else "no events",
        ),
        event_kappa_max=kappa_max(pooled[3]) if ests[3][0] is not None else None,
        unit_table=as_table(pooled[0]),
        event_categories=spec.categories,
        event_table=as_table(pooled[3]),
        sessions=tuple(sessions),
    )


def _code_table(row_table: FloatArray, c: int) -> FloatArray:
    """One code's event tallies from its row's alignment: paired with itself, its events
    paired with another code or unpaired, and others' events paired with it (no both-nothing)."""
    same = row_table[c, c]
    return np.array([[same, row_table[c].sum() - same], [row_table[:, c].sum() - same, 0.0]])


def _kappa(table: FloatArray, categories: tuple[str, ...]) -> tuple[float | None, str]:
    return guarded(lambda: kappa_from_table(table, categories).kappa)


def _num(value: float | np.floating | FloatArray) -> float | None:
    number = float(value)
    return number if np.isfinite(number) else None


def _collect_disagreements(
    spec: _Spec,
    pair: CodedPair,
    ea: list[Event],
    eb: list[Event],
    result: EventAgreementResult,
    into: list[Disagreement],
) -> None:
    def add(time: int, va: str | None, vb: str | None) -> None:
        into.append(
            pair_disagreement(
                pair, DisagreementKind.EVENT, spec.row, va, vb, time_ms=time, stream=spec.row
            )
        )

    for p in result.pairs:
        if p.code_a != p.code_b:
            add(min(ea[p.a_index][1], eb[p.b_index][1]), p.code_a, p.code_b)
    for i in result.unmatched_a:
        add(ea[i][1], ea[i][0], None)
    for j in result.unmatched_b:
        add(eb[j][1], None, eb[j][0])
