"""Check an annotation set against its scheme and the media: what is wrong, what is missing.

``annotation_problems`` finds what is wrong (errors) or doubtful (warnings) at any time;
``completeness_problems`` adds what must be there before a session is marked complete.

Two kinds of error are told apart. An *invalid value* (``Problem.invalid``) is one no record may
hold: a code, item or segment the scheme does not have, a rating off its scale or not a number, a
time before the media, after it (beyond ``MEDIA_END_TOLERANCE_MS``) or past ``MAX_TIME_MS``, a
state ending before it starts. Every door of a project applies the same per-record checks
(``invalid_values``): a file is refused where it enters (open, collect, import) and the record is
left out, with a warning, where it is used (export, reliability, consensus) — it is never data.
The other errors are rules between records (an overlap in an exclusive stream, ratings that must
add up, a classification still missing its forced alternative): ``coder validate`` reports them
and a coder fixes them, but each record in itself is a valid value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum

from coder.annotations.classification_rules import classification_problems
from coder.annotations.model import AnnotationSet, Classification, Event, Rating, Segment
from coder.scheme.model import WHOLE_SESSION, CodeKind, Scheme
from coder.timebase import format_timecode

MEDIA_END_TOLERANCE_MS = 1_000
"""How far past the media's recorded duration a time may lie (a container's stated duration and
its last frame or audio sample differ by up to a few hundred ms)."""
MAX_TIME_MS = 7 * 24 * 3_600_000
"""No time of any session is larger (one week): it keeps every time a small integer, whatever a
file holds and whether or not the media duration is known."""


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem: its severity, where it is (an event, segment, item …) and what is wrong.

    ``field`` is the place in the annotation file (``events[3].end_ms``, ``ratings[0].value``),
    ``value`` the offending value as text, and ``invalid`` says the record there is not a valid
    value at all (see the module docstring); ``record`` is that record's (list, index) in the set.
    """

    severity: Severity
    where: str
    message: str
    field: str = ""
    value: str = ""
    invalid: bool = False
    record: tuple[str, int] | None = None

    def __str__(self) -> str:
        return f"{self.severity.value}: {self.where}: {self.message}"


def _error(where: str, message: str) -> Problem:
    return Problem(Severity.ERROR, where, message)


def _warning(where: str, message: str) -> Problem:
    return Problem(Severity.WARNING, where, message)


def _shown(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _invalid(where: str, message: str, record: tuple[str, int], field: str, value: object) -> Problem:
    name, index = record
    return Problem(
        Severity.ERROR, where, message, field=f"{name}[{index}].{field}" if field else f"{name}[{index}]",
        value=_shown(value), invalid=True, record=record,
    )


def _where(event: Event) -> str:
    return f"{event.code} at {_time(event.start_ms)}"


def _time(ms: int) -> str:
    return format_timecode(ms) if 0 <= ms <= MAX_TIME_MS else f"{ms} ms"


def _time_problem(ms: int, duration_ms: int | None, *, end: bool = False) -> str | None:
    """What is wrong with a time of the media, or None when it is a valid one."""
    if ms < 0:
        return "starts before the beginning of the media"
    if ms > MAX_TIME_MS:
        return f"is past the end of any media (more than {MAX_TIME_MS} ms, one week)"
    if duration_ms is not None and ms > duration_ms + MEDIA_END_TOLERANCE_MS:
        what = "ends" if end else "lies"
        return f"{what} after the end of the media ({format_timecode(duration_ms)})"
    return None


def annotation_problems(
    annotations: AnnotationSet, scheme: Scheme, *, duration_ms: int | None = None
) -> list[Problem]:
    """Every error and warning in ``annotations`` judged by ``scheme`` and the media duration."""
    invalid = invalid_values(annotations, scheme, duration_ms=duration_ms)
    valid = without_invalid(annotations, invalid)
    problems = invalid + _event_warnings(valid, scheme)
    problems += _overlap_problems(valid, scheme)
    problems += _segment_order_problems(valid, scheme)
    problems += _sum_problems(valid, scheme)
    problems += [
        Problem(Severity(p.severity), p.where, p.message)
        for p in classification_problems(valid.classification, scheme)
    ]
    return problems


# --- per-record checks: the one validation every door applies ---------------------------------
def invalid_values(
    annotations: AnnotationSet, scheme: Scheme, *, duration_ms: int | None = None
) -> list[Problem]:
    """The values no record may hold (see the module docstring), each naming its field."""
    problems: list[Problem] = []
    codes = {c.id: c for c in scheme.codes}
    modifiers = {m.id: m for m in scheme.modifiers}
    allowed = {c.id: {m: modifiers[m].values for m in c.modifiers if m in modifiers} for c in codes.values()}
    end_limit = MAX_TIME_MS if duration_ms is None else min(MAX_TIME_MS, duration_ms + MEDIA_END_TOLERANCE_MS)
    for index, event in enumerate(annotations.events):
        # The common case (a valid event) is decided here without building any message: files
        # hold up to millions of events and every door checks them all.
        code = codes.get(event.code)
        end = event.end_ms
        if (
            code is not None
            and 0 <= event.start_ms <= end_limit
            and (end is None or (code.kind is CodeKind.STATE and event.start_ms < end <= end_limit))
            and all(value in allowed[code.id].get(mod, ()) for mod, value in event.modifiers)
        ):
            continue
        problems += event_invalid(event, index, scheme, duration_ms)
    for index, segment in enumerate(annotations.segments):
        problems += segment_invalid(segment, index, scheme, duration_ms)
    for index, rating in enumerate(annotations.ratings):
        problems += rating_invalid(rating, index, scheme)
    problems += [
        Problem(Severity.ERROR, p.where, p.message, field=p.field,
                value=_shown(_classification_value(annotations.classification, p.field)),
                invalid=True, record=("classification", 0))
        for p in classification_problems(annotations.classification, scheme)
        if p.invalid
    ]
    return problems


def _classification_value(value: Classification, field: str) -> object:
    name = field.removeprefix("classification").lstrip(".")
    return getattr(value, name) if name else value.major


def without_invalid(annotations: AnnotationSet, problems: list[Problem]) -> AnnotationSet:
    """``annotations`` without the records ``problems`` mark invalid (the set itself if none)."""
    drop: dict[str, set[int]] = {}
    for problem in problems:
        if problem.invalid and problem.record is not None:
            drop.setdefault(problem.record[0], set()).add(problem.record[1])
    if not drop:
        return annotations
    return replace(
        annotations,
        events=tuple(e for i, e in enumerate(annotations.events) if i not in drop.get("events", ())),
        segments=tuple(
            s for i, s in enumerate(annotations.segments) if i not in drop.get("segments", ())
        ),
        ratings=tuple(
            r for i, r in enumerate(annotations.ratings) if i not in drop.get("ratings", ())
        ),
        classification=Classification() if "classification" in drop else annotations.classification,
    )


def event_invalid(
    event: Event, index: int, scheme: Scheme, duration_ms: int | None
) -> list[Problem]:
    """Why the event at ``events[index]`` is not a valid value (empty when it is)."""
    record = ("events", index)
    where = _where(event)
    code = scheme.code(event.code)
    if code is None:
        return [_invalid(where, f"code '{event.code}' is not in scheme '{scheme.id}'", record,
                         "code", event.code)]
    problems: list[Problem] = []
    start = _time_problem(event.start_ms, duration_ms)
    if start is not None:
        problems.append(_invalid(where, start, record, "start_ms", event.start_ms))
    if event.end_ms is not None:
        if code.kind is CodeKind.POINT:
            problems.append(
                _invalid(where, "a point event cannot have an end", record, "end_ms", event.end_ms)
            )
        elif event.end_ms <= event.start_ms:
            problems.append(
                _invalid(where, "a state must end after it starts", record, "end_ms", event.end_ms)
            )
        else:
            end = _time_problem(event.end_ms, duration_ms, end=True)
            if end is not None:
                problems.append(_invalid(where, end, record, "end_ms", event.end_ms))
    allowed = {m: scheme.modifier(m) for m in code.modifiers}
    for mod_id, value in event.modifiers:
        mod = allowed.get(mod_id)
        if mod is None:
            problems.append(_invalid(where, f"modifier '{mod_id}' does not belong to '{code.id}'",
                                     record, f"modifiers.{mod_id}", value))
        elif value not in mod.values:
            problems.append(_invalid(where, f"'{value}' is not a value of modifier '{mod_id}'",
                                     record, f"modifiers.{mod_id}", value))
    return problems


def segment_invalid(
    segment: Segment, index: int, scheme: Scheme, duration_ms: int | None
) -> list[Problem]:
    """Why the segment at ``segments[index]`` is not a valid value (empty when it is)."""
    record = ("segments", index)
    where = f"segment {segment.segment}"
    definition = scheme.segment(segment.segment)
    if definition is None:
        return [_invalid(where, f"segment '{segment.segment}' is not in scheme '{scheme.id}'",
                         record, "segment", segment.segment)]
    problems: list[Problem] = []
    if segment.end_ms <= segment.start_ms:
        problems.append(_invalid(where, "must end after it starts", record, "end_ms", segment.end_ms))
    for name, ms in (("start_ms", segment.start_ms), ("end_ms", segment.end_ms)):
        if _time_problem(ms, duration_ms) is not None:
            problems.append(_invalid(where, "lies outside the media", record, name, ms))
            break
    if segment.curtailed and not definition.may_curtail:
        problems.append(_invalid(where, "is marked curtailed but the scheme does not allow it",
                                 record, "curtailed", True))
    if segment.extended and not definition.may_extend:
        problems.append(_invalid(where, "is marked extended but the scheme does not allow it",
                                 record, "extended", True))
    return problems


def rating_invalid(rating: Rating, index: int, scheme: Scheme) -> list[Problem]:
    """Why the rating at ``ratings[index]`` is not a valid value (empty when it is)."""
    record = ("ratings", index)
    where = f"rating {rating.item} in {rating.segment}"
    item = scheme.rating(rating.item)
    if item is None:
        return [_invalid(where, f"item '{rating.item}' is not in scheme '{scheme.id}'", record,
                         "item", rating.item)]
    if rating.segment not in item.segments:
        return [_invalid(where, f"'{rating.item}' is not rated in segment '{rating.segment}'",
                         record, "segment", rating.segment)]
    value = rating.value
    if value is None:
        return []
    if not math.isfinite(value):
        return [_invalid(where, f"{value} is not a number", record, "value", value)]
    if not item.min <= value <= item.max:
        return [_invalid(where, f"{value:g} is outside {item.min}–{item.max}", record, "value", value)]
    steps = (value - item.min) / item.step
    if abs(steps - round(steps)) > 1e-9:
        return [_invalid(where, f"{value:g} is not on the scale's steps of {item.step:g}", record,
                         "value", value)]
    return []


# --- rules between records -------------------------------------------------------------------
def _event_warnings(annotations: AnnotationSet, scheme: Scheme) -> list[Problem]:
    problems: list[Problem] = []
    for event in annotations.events:
        code = scheme.code(event.code)
        if code is None:
            continue
        where = _where(event)
        if code.kind is CodeKind.STATE and event.end_ms is None:
            problems.append(
                _warning(where, "the state is still open (press its key again to end it)")
            )
        given = event.modifier_map
        for mod_id in code.modifiers:
            mod = scheme.modifier(mod_id)
            if mod is not None and mod.required and mod_id not in given:
                problems.append(_warning(where, f"modifier '{mod_id}' is required"))
    return problems


def _overlap_problems(annotations: AnnotationSet, scheme: Scheme) -> list[Problem]:
    problems: list[Problem] = []
    by_row: dict[str, list[Event]] = {}
    for event in annotations.events:
        row = scheme.stream_of(event.code)
        if scheme.code(event.code) is not None and scheme.is_exclusive(row):
            by_row.setdefault(row, []).append(event)
    for row, events in by_row.items():
        events.sort(key=lambda e: (e.start_ms, e.id))
        reach: Event | None = None
        for event in events:
            if reach is not None:
                reach_end = reach.end_ms if reach.end_ms is not None else float("inf")
                if event.start_ms < reach_end:
                    problems.append(
                        _error(
                            _where(event), f"overlaps {_where(reach)} in exclusive stream '{row}'"
                        )
                    )
            end = event.end_ms if event.end_ms is not None else float("inf")
            if reach is None or end > (reach.end_ms if reach.end_ms is not None else float("inf")):
                reach = event
    return problems


def _segment_order_problems(annotations: AnnotationSet, scheme: Scheme) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    order = [s.id for s in scheme.segments]
    previous = None
    for seg in sorted(annotations.segments, key=lambda s: (s.start_ms, s.id)):
        where = f"segment {seg.segment}"
        if seg.segment in seen:
            problems.append(_error(where, "is marked more than once"))
        seen.add(seg.segment)
        if previous is not None:
            if seg.start_ms < previous.end_ms:
                problems.append(_error(where, f"overlaps segment {previous.segment}"))
            if scheme.ordered_segments and order.index(seg.segment) < order.index(previous.segment):
                problems.append(
                    _error(where, f"comes after {previous.segment} but precedes it in the scheme")
                )
        previous = seg
    return problems


def _sum_problems(annotations: AnnotationSet, scheme: Scheme) -> list[Problem]:
    problems: list[Problem] = []
    values = {r.key: r.value for r in annotations.ratings if r.value is not None}
    segments = {r.segment for r in annotations.ratings}
    for rule in scheme.sum_constraints:
        for segment in sorted(segments):
            got = [values.get((item, segment)) for item in rule.items]
            if all(v is not None for v in got):
                total = sum(v for v in got if v is not None)
                if abs(total - rule.total) > 1e-9:
                    name = rule.label or " + ".join(rule.items)
                    problems.append(
                        _error(
                            f"ratings in {segment}",
                            f"{name} add up to {total:g}, not {rule.total:g}",
                        )
                    )
    return problems


def completeness_problems(
    annotations: AnnotationSet, scheme: Scheme, *, duration_ms: int | None = None
) -> list[Problem]:
    """What must be fixed or added before the session can be marked complete (plus all problems)."""
    problems = annotation_problems(annotations, scheme, duration_ms=duration_ms)
    marked = {s.segment for s in annotations.segments}
    for definition in scheme.segments:
        if definition.id not in marked and scheme.items_for_segment(definition.id):
            problems.append(_error(f"segment {definition.id}", "is not marked"))
    rated = {r.key for r in annotations.ratings if r.value is not None}
    for item in scheme.ratings:
        for segment in item.segments:
            if segment != WHOLE_SESSION and segment not in marked:
                continue
            if (item.id, segment) not in rated:
                problems.append(_error(f"rating {item.id} in {segment}", "is not rated"))
    if scheme.classification is not None and annotations.classification.major is None:
        problems.append(_error("classification", "is not set"))
    for problem in list(problems):
        if problem.severity is Severity.WARNING and "still open" in problem.message:
            problems.remove(problem)
            problems.append(_error(problem.where, problem.message))
    return problems
