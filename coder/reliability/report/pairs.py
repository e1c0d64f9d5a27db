"""Which sessions are double-coded, and each coder pair's records ready for the statistics.

A session counts when two or more coders have their own annotation file for it
(``annotations/<coder>/<session>.json``); a coder's file of a session given to them for training
or as a concealed gold check is left out. Consensus records (``consensus/``) are never read:
reliability is computed on independent codes. Every pair of those coders is compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from coder.annotations.model import AnnotationSet
from coder.progress import Progress
from coder.project.project import Project
from coder.project.record_check import InvalidValue
from coder.reliability.report.model import Excluded
from coder.scheme.model import CodeKind, Scheme

Event = tuple[str, int, int]
GOLD_SCORED_ROLES = ("training", "gold_check")


@dataclass(frozen=True)
class CodedPair:
    """Two coders' records of one session. ``windows`` are the analysed intervals [start, end)
    in ms: where both coders marked segments (each coder's whole session if they marked none)."""

    session: str
    scheme: Scheme
    coder_a: str
    coder_b: str
    a: AnnotationSet
    b: AnnotationSet
    duration_ms: int
    windows: tuple[tuple[int, int], ...]

    @property
    def window_ms(self) -> int:
        return sum(end - start for start, end in self.windows)


def double_coded(
    project: Project,
    coders: Sequence[str] | None = None,
    progress: Progress | None = None,
    invalid: list[InvalidValue] | None = None,
) -> tuple[list[CodedPair], list[Excluded]]:
    """Coder pairs of every session two or more coders coded independently; sessions left out
    (one coder, or none) come back as ``Excluded`` with the reason.

    Each record passes the door check (``coder.project.record_check``): invalid values are left
    out of it and added to ``invalid``; a record whose header names another coder, session or
    scheme is not used."""
    pairs: list[CodedPair] = []
    excluded: list[Excluded] = []
    sessions = project.sessions
    # Training and gold-check records are compared with the gold, never counted as reliability.
    checked = {
        (a.coder, a.session) for a in project.data.assignments if a.role in GOLD_SCORED_ROLES
    }
    for i, entry in enumerate(sessions):
        if progress is not None:
            progress(i / len(sessions), f"reading {entry.code}")
        present = [c for c in project.coders_of(entry.code) if (c, entry.code) not in checked]
        if coders:
            present = [c for c in present if c in coders]
        if len(present) < 2:
            who = ", ".join(present) if present else "no coder"
            excluded.append(Excluded(session=entry.code, reason=f"coded by {who} only"))
            continue
        scheme = project.scheme(entry.scheme)
        records: dict[str, AnnotationSet | None] = {}
        for coder in present:
            record = project.checked_annotations(coder, entry.code)
            records[coder] = None if record is None else record.annotations
            if record is not None and invalid is not None:
                invalid.extend(record.invalid)
        unusable = [c for c in present if records[c] is None]
        if len(present) - len(unusable) < 2:
            excluded.append(Excluded(
                session=entry.code,
                reason=f"the record of {', '.join(unusable)} is not valid (see the invalid values)",
            ))
            continue
        for coder_a, coder_b in combinations(present, 2):
            a, b = records[coder_a], records[coder_b]
            if a is None or b is None:
                continue
            pair = coded_pair(entry.code, scheme, (coder_a, a), (coder_b, b), entry.duration_ms)
            if pair is None:
                excluded.append(Excluded(session=entry.code, reason="nothing coded, no duration"))
                continue
            pairs.append(pair)
    return pairs, excluded


def coded_pair(
    session: str,
    scheme: Scheme,
    first: tuple[str, AnnotationSet],
    second: tuple[str, AnnotationSet],
    duration_ms: int | None,
) -> CodedPair | None:
    """Two named records of one session ready for the statistics (None when nothing is coded
    and the session has no duration). Without a duration the session ends after the last
    event or segment of either record."""
    (coder_a, a), (coder_b, b) = first, second
    duration = duration_ms or _last_end(a, b)
    if duration <= 0:
        return None
    return CodedPair(
        session=session,
        scheme=scheme,
        coder_a=coder_a,
        coder_b=coder_b,
        a=a,
        b=b,
        duration_ms=duration,
        windows=_windows(a, b, duration),
    )


def _last_end(a: AnnotationSet, b: AnnotationSet) -> int:
    ends = [e.end_ms or e.start_ms for e in (*a.events, *b.events)]
    ends += [s.end_ms for s in (*a.segments, *b.segments)]
    return max(ends, default=0) + 1


def _coverage(record: AnnotationSet, duration: int) -> list[tuple[int, int]]:
    if not record.segments:
        return [(0, duration)]
    spans = sorted((max(s.start_ms, 0), min(s.end_ms, duration)) for s in record.segments)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _windows(a: AnnotationSet, b: AnnotationSet, duration: int) -> tuple[tuple[int, int], ...]:
    """Intersection of the two coders' segment coverage."""
    out: list[tuple[int, int]] = []
    for sa, ea in _coverage(a, duration):
        for sb, eb in _coverage(b, duration):
            start, end = max(sa, sb), min(ea, eb)
            if end > start:
                out.append((start, end))
    return tuple(sorted(out))


def row_events(record: AnnotationSet, scheme: Scheme, end_ms: int) -> dict[str, list[Event]]:
    """Events by timeline row as (code, start_ms, end_ms): a point ends where it starts, an open
    state at ``end_ms``. Codes the scheme does not know are left out."""
    kinds = {c.id: (c.stream or c.id, c.kind is CodeKind.POINT) for c in scheme.codes}
    rows: dict[str, list[Event]] = {}
    for event in record.events:
        known = kinds.get(event.code)
        if known is None:
            continue
        row, point = known
        end = event.start_ms if point else (event.end_ms if event.end_ms is not None else end_ms)
        rows.setdefault(row, []).append((event.code, event.start_ms, end))
    return rows
