"""The annotation file: every valid set round-trips exactly; bad files are clear errors."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coder.annotations import (
    AnnotationHeader,
    AnnotationSet,
    Classification,
    Event,
    Rating,
    Segment,
    SessionStatus,
)
from coder.errors import StorageError
from coder.storage import (
    ANNOTATION_FORMAT,
    annotations_to_dict,
    load_annotations,
    save_annotations,
)

text = st.text(max_size=12)  # any unicode, including emoji, RTL and control characters
name = st.text(min_size=1, max_size=10)
ms = st.integers(-(2**40), 2**40)
number = st.none() | st.integers(-1000, 1000) | st.floats(allow_nan=False, allow_infinity=False)

headers = st.builds(
    AnnotationHeader,
    coder=name,
    session=name,
    scheme_id=text,
    scheme_version=text,
    scheme_sha256=text,
    video_sha256=text,
    created=text,
    modified=text,
    tool_version=text,
)


@st.composite
def events(draw: st.DrawFn) -> tuple[Event, ...]:
    ids = draw(st.lists(name, unique=True, max_size=8))
    return tuple(
        Event.make(
            draw(name),
            draw(ms),
            draw(st.none() | ms),
            modifiers=draw(st.dictionaries(name, text, max_size=3)),
            comment=draw(text),
            id=event_id,
        )
        for event_id in ids
    )


# Ids of events and segments, and (item, segment) of ratings, are unique within a file.
segments = st.lists(
    st.builds(Segment, name, name, ms, ms, st.booleans(), st.booleans(), text),
    max_size=5,
    unique_by=lambda s: s.id,
).map(tuple)
ratings = st.lists(
    st.builds(Rating, name, name, number, text), max_size=6, unique_by=lambda r: r.key
).map(tuple)
classifications = st.builds(
    Classification,
    major=st.none() | name,
    subgroup=st.none() | name,
    d_rating=number,
    forced=st.none() | name,
    low_d_confirmed=st.booleans(),
    notes=text,
)
annotation_sets = st.builds(
    AnnotationSet,
    header=headers,
    events=events(),
    segments=segments,
    ratings=ratings,
    classification=classifications,
    status=st.sampled_from(list(SessionStatus)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotations=annotation_sets)
def test_save_then_load_round_trips_exactly(annotations: AnnotationSet) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.json"
        save_annotations(path, annotations)
        loaded = load_annotations(path)
        assert loaded == annotations
        # Integral floats are written as integers, and nothing else changes on a second save.
        first = path.read_bytes()
        save_annotations(path, loaded)
        assert path.read_bytes() == first
    for rating, again in zip(annotations.ratings, loaded.ratings, strict=True):
        assert again.value == rating.value
        if rating.value is not None and not float(rating.value).is_integer():
            assert isinstance(again.value, float)


def _valid_dict() -> dict[str, object]:
    header = AnnotationHeader("ana", "S-ACDEF", "demo", "1.0", "abc")
    return annotations_to_dict(
        AnnotationSet(header=header, events=(Event.make("gaze", 0, 10, id="e1"),))
    )


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda d: d.pop("coder"), "coder"),
        (lambda d: d.update(coder=""), "coder"),
        (lambda d: d.update(events=[{"id": "e1", "code": "g", "start_ms": "0"}]), "start_ms"),
        (lambda d: d.update(events=[{"id": "e1", "code": "g", "start_ms": 1.5}]), "start_ms"),
        (lambda d: d.update(surprise=1), "surprise"),
        (lambda d: d.update(status="finished"), "unknown session status"),
        (lambda d: d["events"].append(dict(d["events"][0])), "two events with the same id"),
        (
            lambda d: d.update(
                segments=[{"id": "s", "segment": "a", "start_ms": 0, "end_ms": 1}] * 2
            ),
            "two segments with the same id",
        ),
        (
            lambda d: d.update(ratings=[{"item": "x", "segment": "s", "value": 1}] * 2),
            "two ratings of the same item",
        ),
        (lambda d: d.update(ratings=[{"item": "x", "segment": "s", "value": "5"}]), "value"),
    ],
)
def test_invalid_content_is_a_storage_error(tmp_path: Path, change: object, needle: str) -> None:
    data = _valid_dict()
    change(data)  # type: ignore[operator]
    path = tmp_path / "a.json"
    raw = json.dumps(data).encode()
    path.write_bytes(raw)
    with pytest.raises(StorageError) as caught:
        load_annotations(path)
    assert needle in str(caught.value)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == raw


def test_newer_format_version_is_refused(tmp_path: Path) -> None:
    data = _valid_dict()
    data["format_version"] = 2
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data))
    with pytest.raises(StorageError, match="newer Coder"):
        load_annotations(path)


def test_file_records_format_coder_session_scheme(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    header = AnnotationHeader("ana", "S-ACDEF", "demo", "1.0", "abc", "vid", "t0", "t1", "0.1.0")
    save_annotations(path, AnnotationSet(header=header))
    data = json.loads(path.read_text())
    assert data["format"] == ANNOTATION_FORMAT
    assert data["format_version"] == 1
    assert (data["coder"], data["session"]) == ("ana", "S-ACDEF")
    assert data["scheme"] == {"id": "demo", "version": "1.0", "sha256": "abc"}
    assert (data["video_sha256"], data["tool_version"]) == ("vid", "0.1.0")
