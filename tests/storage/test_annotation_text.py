"""Any text a coder can type or paste is saved and read back exactly.

Annotation files are made by the JSON encoder record by record, never edited as text; text a
UTF-8 file cannot hold (a lone surrogate) is stored as its JSON escape, so a save never fails
because of what a comment or name says.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coder.annotations import (
    AddEvent,
    AnnotationHeader,
    AnnotationSet,
    Classification,
    Event,
    Rating,
    Segment,
    SessionStatus,
)
from coder.storage import load_annotations
from coder.storage.annotation_file import annotation_bytes
from coder.storage.annotation_store import AnnotationStore

# Pieces that broke files or saves before: JSON punctuation that once made the text splitter cut
# a string, quotes, backslashes, newlines, NUL and lone surrogates; and any other code point.
TRICKY = ['},{"', ':[{"', '},{', ':[{', '"', "\\", '\\"', "\n", "\r\n", "\x00", "\ud800", "\udfff", "\u2028", "😀"]
any_char = st.characters(exclude_categories=())  # surrogates included
# A high surrogate followed by a low one is, in UTF-16 and in JSON, the one character they encode
# ("\ud83d\ude00" is "😀"), and is read back as that character: only lone surrogates are drawn.
SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
pieces = st.sampled_from(TRICKY) | st.text(any_char, min_size=1, max_size=4)


def _lone_surrogates_only(value: str) -> str:
    return SURROGATE_PAIR.sub(lambda pair: pair[0][0] + "|" + pair[0][1], value)


text = st.lists(pieces, max_size=6).map("".join).map(_lone_surrogates_only)
name = st.lists(pieces, min_size=1, max_size=6).map("".join).map(_lone_surrogates_only)
ms = st.integers(0, 2**40)

HEADER = AnnotationHeader("ana", "S-ACDEF", "demo", "1.0", "abc")


@st.composite
def annotation_sets(draw: st.DrawFn) -> AnnotationSet:
    event_ids = draw(st.lists(name, unique=True, max_size=4))
    events = tuple(
        Event.make(
            draw(name),
            draw(ms),
            draw(st.none() | ms),
            modifiers=draw(st.dictionaries(name, text, max_size=2)),
            comment=draw(text),
            id=event_id,
        )
        for event_id in event_ids
    )
    segments = tuple(
        draw(st.lists(st.builds(Segment, name, name, ms, ms, st.booleans(), st.booleans(), text), max_size=2, unique_by=lambda s: s.id))
    )
    ratings = tuple(
        draw(st.lists(st.builds(Rating, name, name, st.none() | st.integers(-9, 9), text), max_size=2, unique_by=lambda r: r.key))
    )
    classification = draw(st.builds(Classification, major=st.none() | name, notes=text))
    header = AnnotationHeader(draw(name), draw(name), draw(text), draw(text), draw(text), draw(text))
    status = draw(st.sampled_from(list(SessionStatus)))
    return AnnotationSet(header, events, segments, ratings, classification, status)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotations=annotation_sets())
def test_any_text_round_trips_save_then_load(annotations: AnnotationSet) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.json"
        # The bytes save_annotations writes (written here without its fsync, to keep this quick).
        raw = annotation_bytes(annotations)
        path.write_bytes(raw)
        raw.decode("utf-8")  # always a valid UTF-8 file
        # One record per line, whatever the text: raw line breaks only ever end a record.
        groups = (annotations.events, annotations.segments, annotations.ratings)
        assert raw.count(b"\n") == 1 + sum(len(group) for group in groups)
        assert load_annotations(path) == annotations


def _saved_through_a_store(tmp_path: Path, comment: str) -> Event:
    path = tmp_path / "S-ACDEF.json"
    store = AnnotationStore.open(path, HEADER)
    event = Event.make("gaze", 0, 1000, comment=comment, id="e1")
    store.execute(AddEvent(event))
    store.execute(AddEvent(Event.make("gaze", 2000, id="e2")))  # and the next save still works
    store.close()
    assert store.save_error is None
    (loaded, _second) = load_annotations(path).events
    return loaded


def test_a_comment_with_json_punctuation_keeps_the_file_readable(tmp_path: Path) -> None:
    for comment in ("see {a},{", 'x:[{"', '},{"code":"fake"}'):
        assert _saved_through_a_store(tmp_path, comment).comment == comment


def test_a_lone_surrogate_is_stored_escaped_and_saving_goes_on(tmp_path: Path) -> None:
    assert _saved_through_a_store(tmp_path, "bad \ud800 paste").comment == "bad \ud800 paste"
    raw = (tmp_path / "S-ACDEF.json").read_bytes()
    assert b"\\ud800" in raw and json.loads(raw)["events"][0]["comment"] == "bad \ud800 paste"


def test_nul_and_line_breaks_round_trip(tmp_path: Path) -> None:
    assert _saved_through_a_store(tmp_path, "a\x00b\nc\r\n\u2028").comment == "a\x00b\nc\r\n\u2028"
