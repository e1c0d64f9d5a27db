"""What two coders' records of one session disagree on: timed events, segments, ratings, classification.

Timed events are paired within each timeline row (stream, or a code without one) exactly as the
reliability report pairs them (``coder.reliability.event_agreement``): one-to-one by onset within
``tolerance_ms``, optimally (most pairs, then most same-code pairs, then closest). So every timed
disagreement of the report (a pair with different codes, an unpaired event) is listed here at the
same session, row and time. Besides those, a pair disagrees when its modifiers differ or its ends
differ by more than the tolerance, and events outside the segments both coders marked (which the
report's statistics leave out) are listed too: consensus settles the whole record.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coder.annotations.model import AnnotationSet, Event
from coder.errors import WorkflowError
from coder.project.project import Project
from coder.project.record_values import classification_to_dict, event_to_dict, segment_to_dict
from coder.reliability.disagreement import Disagreement, DisagreementKind
from coder.reliability.event_alignment import event_agreement
from coder.scheme.model import Scheme
from coder.timebase import format_timecode

__all__ = ["Disagreement", "DisagreementKind", "disagreements", "record_disagreements"]


def disagreements(
    project: Project, session: str, coders: Sequence[str], *, tolerance_ms: int | None = None
) -> list[Disagreement]:
    """Everything two coders' records of ``session`` disagree on, in time order per kind.

    ``tolerance_ms`` (default: the project's setting) is the largest onset difference of paired
    events and the largest boundary difference of segments still counted as agreement.
    """
    if len(coders) != 2 or coders[0] == coders[1]:
        raise WorkflowError(f"disagreements are listed between two coders, got {list(coders)}")
    records = []
    for coder in coders:
        record = project.usable_annotations(coder, session)
        if record is None:
            raise WorkflowError(
                f"coder '{coder}' has no record of session {session}",
                path=project.annotation_path(coder, session),
            )
        records.append(record)
    tolerance = project.data.settings.tolerance_ms if tolerance_ms is None else tolerance_ms
    return record_disagreements(
        records[0], records[1], project.scheme_for(session), tolerance_ms=tolerance
    )


def record_disagreements(
    a: AnnotationSet, b: AnnotationSet, scheme: Scheme, *, tolerance_ms: int = 2000
) -> list[Disagreement]:
    """What records ``a`` and ``b`` (named by their header's coder) disagree on."""
    if tolerance_ms < 0:
        raise WorkflowError("the tolerance must be 0 ms or more")
    found = _event_disagreements(a, b, scheme, tolerance_ms)
    found += _segment_disagreements(a, b, tolerance_ms)
    found += _rating_disagreements(a, b)
    ca, cb = classification_to_dict(a.classification), classification_to_dict(b.classification)
    if {k: v for k, v in ca.items() if k != "notes"} != {
        k: v for k, v in cb.items() if k != "notes"
    }:
        found.append(
            Disagreement(
                kind=DisagreementKind.CLASSIFICATION,
                **_between(a, b, ca, cb),
                row="classification",
                detail=f"{_class_text(ca)} vs {_class_text(cb)}",
            )
        )
    return found


def _between(a: AnnotationSet, b: AnnotationSet, value_a: Any, value_b: Any) -> dict[str, Any]:
    """The session, coders and values of a disagreement between records ``a`` and ``b``."""
    return {
        "session": a.header.session,
        "coder_a": a.header.coder,
        "coder_b": b.header.coder,
        "value_a": value_a,
        "value_b": value_b,
    }


def _class_text(c: dict[str, Any]) -> str:
    text = c["subgroup"] or c["major"] or "none"
    if c["d_rating"] is not None:
        text += f" (D {c['d_rating']})"
    if c["forced"]:
        text += f" forced {c['forced']}"
    return str(text)


def _pairing(
    a: Sequence[Event], b: Sequence[Event], tolerance_ms: int
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """The reliability report's pairing of one row's events (``event_agreement``, onsets within
    ``tolerance_ms``, optimal one-to-one): (index pairs, unpaired of a, unpaired of b)."""
    if not a and not b:
        return [], [], []
    result = event_agreement(_spans(a), _spans(b), tolerance_ms=tolerance_ms, match="onset")
    pairs = sorted((p.a_index, p.b_index) for p in result.pairs)
    return pairs, list(result.unmatched_a), list(result.unmatched_b)


def _spans(events: Sequence[Event]) -> list[tuple[str, int, int]]:
    """(code, start, end) for the pairing, which looks at onsets only: a point or an open state
    ends where it starts."""
    return [(e.code, e.start_ms, e.start_ms if e.end_ms is None else e.end_ms) for e in events]


def _event_disagreements(
    a: AnnotationSet, b: AnnotationSet, scheme: Scheme, tolerance_ms: int
) -> list[Disagreement]:
    coder_a, coder_b = a.header.coder, b.header.coder
    found: list[Disagreement] = []
    rows = scheme.rows()
    rows += sorted({scheme.stream_of(e.code) for e in (*a.events, *b.events)} - set(rows))
    for row in rows:
        ea = sorted(
            (e for e in a.events if scheme.stream_of(e.code) == row), key=lambda e: e.start_ms
        )
        eb = sorted(
            (e for e in b.events if scheme.stream_of(e.code) == row), key=lambda e: e.start_ms
        )
        pairs, only_a, only_b = _pairing(ea, eb, tolerance_ms)
        for i, j in pairs:
            x, y = ea[i], eb[j]
            details = []
            if x.code != y.code:
                details.append(f"code {x.code} vs {y.code}")
            if x.modifiers != y.modifiers:
                details.append("modifiers differ")
            if (x.end_ms is None) != (y.end_ms is None) or (
                x.end_ms is not None
                and y.end_ms is not None
                and abs(x.end_ms - y.end_ms) > tolerance_ms
            ):
                details.append(f"end {_time(x.end_ms)} vs {_time(y.end_ms)}")
            if details:
                found.append(_event_item(a, b, row, min(x.start_ms, y.start_ms),
                                         "; ".join(details), x, y))
        for i in only_a:
            found.append(_event_item(a, b, row, ea[i].start_ms,
                                     f"{ea[i].code} only coded by {coder_a}", ea[i], None))
        for j in only_b:
            found.append(_event_item(a, b, row, eb[j].start_ms,
                                     f"{eb[j].code} only coded by {coder_b}", None, eb[j]))
    found.sort(key=lambda d: (d.time_ms or 0, d.stream or "", d.detail))
    return found


def _event_item(
    a: AnnotationSet,
    b: AnnotationSet,
    row: str,
    at_ms: int,
    detail: str,
    x: Event | None,
    y: Event | None,
) -> Disagreement:
    """Events ``x`` of ``a`` and ``y`` of ``b`` (None: that coder has none) that disagree."""
    pairs = ((a.header.coder, x), (b.header.coder, y))
    return Disagreement(
        kind=DisagreementKind.EVENT,
        **_between(a, b, None if x is None else event_to_dict(x),
                   None if y is None else event_to_dict(y)),
        row=row,
        detail=detail,
        time_ms=at_ms,
        stream=row,
        ids=tuple((c, e.id) for c, e in pairs if e is not None),
    )


def _time(ms: int | None) -> str:
    return "open" if ms is None else format_timecode(ms)


def _segment_disagreements(
    a: AnnotationSet, b: AnnotationSet, tolerance_ms: int
) -> list[Disagreement]:
    found = []
    names = list(dict.fromkeys(s.segment for s in (*a.segments, *b.segments)))
    for name in names:
        sa = next((s for s in a.segments if s.segment == name), None)
        sb = next((s for s in b.segments if s.segment == name), None)
        if sa is not None and sb is not None:
            details = []
            if abs(sa.start_ms - sb.start_ms) > tolerance_ms:
                details.append(f"start {_time(sa.start_ms)} vs {_time(sb.start_ms)}")
            if abs(sa.end_ms - sb.end_ms) > tolerance_ms:
                details.append(f"end {_time(sa.end_ms)} vs {_time(sb.end_ms)}")
            if (sa.curtailed, sa.extended) != (sb.curtailed, sb.extended):
                details.append("curtailed/extended differ")
            if not details:
                continue
            detail = "; ".join(details)
        else:
            present = a if sa is not None else b
            detail = f"only marked by {present.header.coder}"
        pairs = ((a.header.coder, sa), (b.header.coder, sb))
        found.append(
            Disagreement(
                kind=DisagreementKind.SEGMENT,
                **_between(a, b, None if sa is None else segment_to_dict(sa),
                           None if sb is None else segment_to_dict(sb)),
                row=f"segment {name}",
                detail=detail,
                time_ms=min(s.start_ms for _c, s in pairs if s is not None),
                segment=name,
                ids=tuple((c, s.id) for c, s in pairs if s is not None),
            )
        )
    found.sort(key=lambda d: d.time_ms or 0)
    return found


def _rating_disagreements(a: AnnotationSet, b: AnnotationSet) -> list[Disagreement]:
    va = {r.key: r.value for r in a.ratings}
    vb = {r.key: r.value for r in b.ratings}
    found = []
    for key in list(dict.fromkeys([*va, *vb])):
        x, y = va.get(key), vb.get(key)
        if x == y:
            continue
        item, segment = key
        found.append(
            Disagreement(
                kind=DisagreementKind.RATING,
                **_between(a, b, x, y),
                row=f"{item}@{segment}",
                detail=f"{_value(x)} vs {_value(y)}",
                item=item,
                segment=segment,
            )
        )
    return found


def _value(value: float | None) -> str:
    if value is None:
        return "none"
    return str(int(value)) if float(value).is_integer() else str(value)
