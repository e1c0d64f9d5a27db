"""Annotation validation: every rule, judged against the shipped schemes and small test schemes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.annotations import (
    AnnotationSet,
    Classification,
    Event,
    Problem,
    Rating,
    Segment,
    Severity,
    annotation_problems,
    completeness_problems,
)
from coder.annotations.validation import (
    MAX_TIME_MS,
    MEDIA_END_TOLERANCE_MS,
    event_invalid,
    invalid_values,
)
from coder.scheme import Scheme, load_scheme_bytes
from coder.shipped import shipped_schemes_dir

from .conftest import HEADER

STEPPED = b"""
format_version: 1
id: stepped
version: "1"
title: Stepped
segments:
  - {id: ep1, nominal_ms: 1000}
modifiers:
  - {id: side, values: [left, right], keys: ["1", "2"], required: true}
codes:
  - {id: reach, label: Reach, kind: point, key: r, color: "#112233", modifiers: [side]}
ratings:
  - {id: HALF, min: 1, max: 4, step: 0.5, segments: [ep1]}
"""


SHIPPED = shipped_schemes_dir()


def _set(**fields: object) -> AnnotationSet:
    return AnnotationSet(header=HEADER, **fields)  # type: ignore[arg-type]


def _messages(problems: list[Problem], severity: Severity | None = None) -> list[str]:
    return [f"{p.where}: {p.message}" for p in problems if severity in (None, p.severity)]


def _only(problems: list[Problem], needle: str) -> Problem:
    found = [p for p in problems if needle in p.message]
    assert len(found) == 1, _messages(problems)
    return found[0]


def test_a_clean_set_has_no_problems(demo_scheme: Scheme) -> None:
    annotations = _set(
        events=(
            Event.make("gaze_mother", 0, 1000),
            Event.make("gaze_away", 1000, 2000),
            Event.make("infant_vocal", 1500, modifiers={"voc_tone": "neutral"}),
        ),
        segments=(Segment.make("play1", 0, 2000), Segment.make("play2", 2000, 4000)),
        ratings=(Rating("m_sensitivity", "play1", 5.0),),
    )
    assert annotation_problems(annotations, demo_scheme, duration_ms=4000) == []


@pytest.mark.parametrize(
    ("event", "needle", "severity"),
    [
        (Event.make("nope", 0, 10), "is not in scheme", Severity.ERROR),
        (Event.make("infant_vocal", 100, 200), "point event cannot have an end", Severity.ERROR),
        (Event.make("gaze_mother", 500, 500), "must end after it starts", Severity.ERROR),
        (Event.make("gaze_mother", 500, 400), "must end after it starts", Severity.ERROR),
        (Event.make("gaze_mother", 500, None), "still open", Severity.WARNING),
        (Event.make("gaze_mother", -40, 100), "before the beginning", Severity.ERROR),
        (Event.make("gaze_mother", 9000, 11001), "ends after the end of the media", Severity.ERROR),
        (Event.make("infant_vocal", 11001), "lies after the end of the media", Severity.ERROR),
        (Event.make("gaze_mother", 0, 10**30), "past the end of any media", Severity.ERROR),
        (
            Event.make("infant_vocal", 0, modifiers={"colour": "red"}),
            "does not belong",
            Severity.ERROR,
        ),
        (
            Event.make("infant_vocal", 0, modifiers={"voc_tone": "loud"}),
            "not a value of modifier",
            Severity.ERROR,
        ),
    ],
)
def test_event_rules(event: Event, needle: str, severity: Severity, demo_scheme: Scheme) -> None:
    problems = annotation_problems(_set(events=(event,)), demo_scheme, duration_ms=10000)
    problem = _only(problems, needle)
    assert problem.severity is severity
    assert problem.where.startswith(event.code)


def test_event_ending_within_the_tolerance_after_the_media_end_is_fine(demo_scheme: Scheme) -> None:
    annotations = _set(events=(Event.make("gaze_mother", 9000, 10000 + MEDIA_END_TOLERANCE_MS),))
    assert annotation_problems(annotations, demo_scheme, duration_ms=10000) == []


def test_required_modifier_is_a_warning() -> None:
    scheme = load_scheme_bytes(STEPPED)
    problems = annotation_problems(_set(events=(Event.make("reach", 0),)), scheme)
    assert _only(problems, "is required").severity is Severity.WARNING


def test_open_state_is_an_error_for_completeness(demo_scheme: Scheme) -> None:
    annotations = _set(events=(Event.make("gaze_mother", 0, None),))
    assert _only(annotation_problems(annotations, demo_scheme), "open").severity is Severity.WARNING
    problem = _only(completeness_problems(annotations, demo_scheme), "open")
    assert problem.severity is Severity.ERROR


def test_overlap_in_exclusive_stream(demo_scheme: Scheme) -> None:
    touching = _set(
        events=(Event.make("gaze_mother", 0, 1000), Event.make("gaze_away", 1000, 2000))
    )
    assert annotation_problems(touching, demo_scheme) == []
    overlapping = _set(
        events=(Event.make("gaze_mother", 0, 1000), Event.make("gaze_away", 999, 2000))
    )
    problem = _only(annotation_problems(overlapping, demo_scheme), "overlaps")
    assert "infant_gaze" in problem.message
    assert problem.where.startswith("gaze_away")
    # A long state overlaps everything it covers, even past a short one inside it.
    nested = _set(
        events=(
            Event.make("gaze_mother", 0, 10000),
            Event.make("gaze_away", 1000, 2000),
            Event.make("gaze_object", 5000, 6000),
        )
    )
    assert (
        len([p for p in annotation_problems(nested, demo_scheme) if "overlaps" in p.message]) == 2
    )
    # An open state reaches to the end of time.
    open_then = _set(
        events=(Event.make("gaze_mother", 0, None), Event.make("gaze_away", 5000, 6000))
    )
    assert _only(annotation_problems(open_then, demo_scheme), "overlaps")


def test_overlap_in_non_exclusive_stream_is_fine(demo_scheme: Scheme) -> None:
    annotations = _set(
        events=(
            Event.make("touch_affectionate", 0, 1000),
            Event.make("touch_instrumental", 500, 2000),
        )
    )
    assert annotation_problems(annotations, demo_scheme) == []


@pytest.mark.parametrize(
    ("segments", "needle"),
    [
        ((Segment.make("play9", 0, 10),), "is not in scheme"),
        ((Segment.make("play1", 0, 10), Segment.make("play1", 10, 20)), "more than once"),
        ((Segment.make("play1", 100, 100),), "must end after it starts"),
        ((Segment.make("play1", 0, 20000),), "outside the media"),
        ((Segment.make("play1", -1, 100),), "outside the media"),
        ((Segment.make("play1", 0, 100), Segment.make("play2", 50, 200)), "overlaps segment"),
        ((Segment.make("play2", 0, 100), Segment.make("play1", 100, 200)), "precedes it"),
        ((Segment.make("play1", 0, 100, curtailed=True),), "curtailed"),
        ((Segment.make("play1", 0, 100, extended=True),), "extended"),
    ],
)
def test_segment_rules(segments: tuple[Segment, ...], needle: str, demo_scheme: Scheme) -> None:
    problems = annotation_problems(_set(segments=segments), demo_scheme, duration_ms=10000)
    assert _only(problems, needle).severity is Severity.ERROR


def test_ssp_may_curtail_and_extend_where_the_scheme_allows(ssp_scheme: Scheme) -> None:
    allowed = _set(
        segments=(
            Segment.make("ep4", 0, 100, curtailed=True),
            Segment.make("ep5", 100, 200, extended=True),
        )
    )
    assert annotation_problems(allowed, ssp_scheme) == []
    refused = _set(segments=(Segment.make("ep5", 0, 100, curtailed=True),))
    assert _only(annotation_problems(refused, ssp_scheme), "curtailed")


@pytest.mark.parametrize(
    ("rating", "needle"),
    [
        (Rating("nope", "play1", 3.0), "is not in scheme"),
        (Rating("m_sensitivity", "session", 3.0), "is not rated in segment"),
        (Rating("m_sensitivity", "play1", 0.0), "outside 1–7"),
        (Rating("m_sensitivity", "play1", 8.0), "outside 1–7"),
        (Rating("m_sensitivity", "play1", 3.5), "not on the scale's steps"),
    ],
)
def test_rating_rules(rating: Rating, needle: str, demo_scheme: Scheme) -> None:
    problems = annotation_problems(_set(ratings=(rating,)), demo_scheme)
    assert _only(problems, needle).severity is Severity.ERROR


def test_rating_steps_of_a_half() -> None:
    scheme = load_scheme_bytes(STEPPED)
    for value, ok in [(1.0, True), (1.5, True), (4.0, True), (2.25, False), (4.5, False)]:
        problems = annotation_problems(_set(ratings=(Rating("HALF", "ep1", value),)), scheme)
        assert (problems == []) is ok, (value, _messages(problems))
    cleared = _set(ratings=(Rating("HALF", "ep1", None),))
    assert annotation_problems(cleared, scheme) == []


def test_care_index_scales_must_sum_to_14(care_scheme: Scheme) -> None:
    def ratings(adult: tuple[int, int, int], infant: tuple[int, int, int, int]) -> AnnotationSet:
        names_a = ["A_SENSITIVE", "A_CONTROLLING", "A_UNRESPONSIVE"]
        names_i = ["I_COOPERATIVE", "I_COMPULSIVE", "I_DIFFICULT", "I_PASSIVE"]
        rows = [Rating(n, "play", float(v)) for n, v in zip(names_a, adult, strict=True)]
        rows += [Rating(n, "play", float(v)) for n, v in zip(names_i, infant, strict=True)]
        return _set(ratings=tuple(rows))

    assert annotation_problems(ratings((8, 4, 2), (10, 0, 2, 2)), care_scheme) == []
    problems = annotation_problems(ratings((8, 4, 3), (10, 0, 2, 2)), care_scheme)
    problem = _only(problems, "add up to 15")
    assert problem.where == "ratings in play"
    assert "Adult" in problem.message
    problems = annotation_problems(ratings((8, 4, 2), (1, 0, 2, 2)), care_scheme)
    assert _only(problems, "add up to 5, not 14")
    # Incomplete sets are not judged until every item is rated.
    partial = _set(ratings=(Rating("A_SENSITIVE", "play", 3.0),))
    assert annotation_problems(partial, care_scheme) == []


def test_completeness_lists_missing_segments_ratings_and_classification(
    ssp_scheme: Scheme, demo_scheme: Scheme
) -> None:
    problems = completeness_problems(_set(), ssp_scheme)
    wheres = {p.where for p in problems}
    assert "segment ep2" in wheres and "segment ep5" in wheres
    assert "classification" in wheres
    assert all(p.severity is Severity.ERROR for p in problems)
    # Episode 1 has no rating items, so it is not required to be marked.
    assert "segment ep1" not in wheres
    # Ratings are required only in the marked segments.
    marked = _set(segments=(Segment.make("play1", 0, 1000),))
    problems = completeness_problems(marked, demo_scheme)
    assert {p.where for p in problems if p.where.startswith("rating")} == {
        "rating m_sensitivity in play1",
        "rating m_intrusive in play1",
        "rating i_involvement in play1",
    }
    done = _set(
        segments=tuple(Segment.make(f"play{i}", i * 1000, i * 1000 + 1000) for i in (1, 2, 3)),
        ratings=tuple(
            Rating(item, f"play{i}", 4.0)
            for item in ("m_sensitivity", "m_intrusive", "i_involvement")
            for i in (1, 2, 3)
        ),
    )
    assert completeness_problems(done, demo_scheme) == []
    a_null_rating = _set(
        segments=done.segments,
        ratings=(*done.ratings[1:], Rating(done.ratings[0].item, done.ratings[0].segment, None)),
    )
    assert len(completeness_problems(a_null_rating, demo_scheme)) == 1


def test_classification_problems_appear_in_annotation_problems(ssp_scheme: Scheme) -> None:
    problems = annotation_problems(_set(classification=Classification(major="D")), ssp_scheme)
    assert any(p.where == "classification" and "forced" in p.message for p in problems)


def test_classification_in_a_scheme_without_one(demo_scheme: Scheme) -> None:
    problems = annotation_problems(_set(classification=Classification(major="B")), demo_scheme)
    assert _only(problems, "has no classification").severity is Severity.ERROR


def test_problem_text() -> None:
    assert str(Problem(Severity.ERROR, "x", "y")) == "error: x: y"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["gaze_mother", "infant_vocal", "nope"]),
            st.integers(-2, 12_000) | st.sampled_from([10**30, MAX_TIME_MS, MAX_TIME_MS + 1]),
            st.none() | st.integers(-2, 12_000) | st.just(10**30),
            st.sampled_from([{}, {"voc_tone": "positive"}, {"voc_tone": "loud"}, {"x": "y"}]),
        ),
        max_size=6,
    ),
    st.none() | st.just(10_000),
)
def test_invalid_values_of_a_set_are_those_of_its_events(
    rows: list[tuple[str, int, int | None, dict[str, str]]], duration: int | None
) -> None:
    scheme = load_scheme_bytes((SHIPPED / "demo_interaction.yaml").read_bytes())
    events = tuple(Event.make(c, s, e, modifiers=m) for c, s, e, m in rows)
    expected = [p for i, e in enumerate(events) for p in event_invalid(e, i, scheme, duration)]
    assert invalid_values(_set(events=events), scheme, duration_ms=duration) == expected
