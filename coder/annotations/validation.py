"""Check an annotation set against its scheme and the media: what is wrong, what is missing.

``annotation_problems`` finds what is wrong (errors) or doubtful (warnings) at any time;
``completeness_problems`` adds what must be there before a session is marked complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from coder.annotations.classification_rules import classification_problems
from coder.annotations.model import AnnotationSet, Event
from coder.scheme.model import WHOLE_SESSION, CodeKind, Scheme
from coder.timebase import format_timecode


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem: its severity, where it is (an event, segment, item …) and what is wrong."""

    severity: Severity
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity.value}: {self.where}: {self.message}"


def _error(where: str, message: str) -> Problem:
    return Problem(Severity.ERROR, where, message)


def _warning(where: str, message: str) -> Problem:
    return Problem(Severity.WARNING, where, message)


def _where(event: Event) -> str:
    return f"{event.code} at {format_timecode(event.start_ms)}"


def annotation_problems(
    annotations: AnnotationSet, scheme: Scheme, *, duration_ms: int | None = None
) -> list[Problem]:
    """Every error and warning in ``annotations`` judged by ``scheme`` and the media duration."""
    problems = _event_problems(annotations, scheme, duration_ms)
    problems += _overlap_problems(annotations, scheme)
    problems += _segment_problems(annotations, scheme, duration_ms)
    problems += _rating_problems(annotations, scheme)
    problems += [
        Problem(Severity(p.severity), p.where, p.message)
        for p in classification_problems(annotations.classification, scheme)
    ]
    return problems


def _event_problems(
    annotations: AnnotationSet, scheme: Scheme, duration_ms: int | None
) -> list[Problem]:
    problems: list[Problem] = []
    for event in annotations.events:
        code = scheme.code(event.code)
        where = _where(event)
        if code is None:
            problems.append(_error(where, f"code '{event.code}' is not in scheme '{scheme.id}'"))
            continue
        if event.start_ms < 0:
            problems.append(_error(where, "starts before the beginning of the media"))
        if code.kind is CodeKind.POINT and event.end_ms is not None:
            problems.append(_error(where, "a point event cannot have an end"))
        if (
            code.kind is CodeKind.STATE
            and event.end_ms is not None
            and event.end_ms <= event.start_ms
        ):
            problems.append(_error(where, "a state must end after it starts"))
        if code.kind is CodeKind.STATE and event.end_ms is None:
            problems.append(
                _warning(where, "the state is still open (press its key again to end it)")
            )
        end = event.end_ms if event.end_ms is not None else event.start_ms
        if duration_ms is not None and end > duration_ms:
            problems.append(_error(where, f"ends after the media ({format_timecode(duration_ms)})"))
        allowed = {m: scheme.modifier(m) for m in code.modifiers}
        given = event.modifier_map
        for mod_id, value in given.items():
            mod = allowed.get(mod_id)
            if mod is None:
                problems.append(
                    _error(where, f"modifier '{mod_id}' does not belong to '{code.id}'")
                )
            elif value not in mod.values:
                problems.append(_error(where, f"'{value}' is not a value of modifier '{mod_id}'"))
        for mod_id, mod in allowed.items():
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


def _segment_problems(
    annotations: AnnotationSet, scheme: Scheme, duration_ms: int | None
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    order = [s.id for s in scheme.segments]
    previous = None
    for seg in sorted(annotations.segments, key=lambda s: (s.start_ms, s.id)):
        where = f"segment {seg.segment}"
        definition = scheme.segment(seg.segment)
        if definition is None:
            problems.append(
                _error(where, f"segment '{seg.segment}' is not in scheme '{scheme.id}'")
            )
            continue
        if seg.segment in seen:
            problems.append(_error(where, "is marked more than once"))
        seen.add(seg.segment)
        if seg.end_ms <= seg.start_ms:
            problems.append(_error(where, "must end after it starts"))
        if seg.start_ms < 0 or (duration_ms is not None and seg.end_ms > duration_ms):
            problems.append(_error(where, "lies outside the media"))
        if seg.curtailed and not definition.may_curtail:
            problems.append(_error(where, "is marked curtailed but the scheme does not allow it"))
        if seg.extended and not definition.may_extend:
            problems.append(_error(where, "is marked extended but the scheme does not allow it"))
        if previous is not None:
            if seg.start_ms < previous.end_ms:
                problems.append(_error(where, f"overlaps segment {previous.segment}"))
            if scheme.ordered_segments and order.index(seg.segment) < order.index(previous.segment):
                problems.append(
                    _error(where, f"comes after {previous.segment} but precedes it in the scheme")
                )
        previous = seg
    return problems


def _rating_problems(annotations: AnnotationSet, scheme: Scheme) -> list[Problem]:
    problems: list[Problem] = []
    values: dict[tuple[str, str], float] = {}
    for rating in annotations.ratings:
        where = f"rating {rating.item} in {rating.segment}"
        item = scheme.rating(rating.item)
        if item is None:
            problems.append(_error(where, f"item '{rating.item}' is not in scheme '{scheme.id}'"))
            continue
        if rating.segment not in item.segments:
            problems.append(
                _error(where, f"'{rating.item}' is not rated in segment '{rating.segment}'")
            )
        if rating.value is None:
            continue
        if not item.min <= rating.value <= item.max:
            problems.append(_error(where, f"{rating.value:g} is outside {item.min}–{item.max}"))
        elif (
            abs(
                (rating.value - item.min) / item.step - round((rating.value - item.min) / item.step)
            )
            > 1e-9
        ):
            problems.append(
                _error(where, f"{rating.value:g} is not on the scale's steps of {item.step:g}")
            )
        values[rating.key] = rating.value
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
