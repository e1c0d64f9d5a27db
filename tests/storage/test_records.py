"""Each record's JSON form is described once: the writer, the reader and the model agree."""

from __future__ import annotations

import dataclasses
import typing

from coder.annotations.model import Classification, Event, Rating, Segment
from coder.project.record_values import classification_to_dict, event_to_dict, segment_to_dict
from coder.storage import records

EVENT = Event.make("gaze", 10, 20, modifiers={"who": "m"}, comment="c")
SEGMENT = Segment.make("ep1", 0, 180_000, curtailed=True, comment="short")
RATING = Rating("sens", "ep1", 5.5, "ok")
CLASSIFICATION = Classification(major="B", subgroup="B3", d_rating=2, forced=None, low_d_confirmed=False, notes="n")


def _keys(record_type: type) -> list[str]:
    return list(typing.get_type_hints(record_type))


def test_writers_fill_every_field_of_the_description_in_its_order() -> None:
    for written, record_type in (
        (records.event_record(EVENT), records.EventRecord),
        (records.segment_record(SEGMENT), records.SegmentRecord),
        (records.rating_record(RATING), records.RatingRecord),
        (records.classification_record(CLASSIFICATION), records.ClassificationRecord),
    ):
        assert list(written) == _keys(record_type)


def test_descriptions_cover_every_field_of_the_model() -> None:
    assert [f.name for f in dataclasses.fields(Event)] == _keys(records.EventRecord)
    assert [f.name for f in dataclasses.fields(Segment)] == _keys(records.SegmentRecord)
    assert [f.name for f in dataclasses.fields(Rating)] == _keys(records.RatingRecord)
    assert [f.name for f in dataclasses.fields(Classification)] == _keys(records.ClassificationRecord)


def test_written_records_read_back_as_the_same_values() -> None:
    assert records.event_of(records.event_record(EVENT)) == EVENT
    assert records.segment_of(records.segment_record(SEGMENT)) == SEGMENT
    assert records.rating_of(records.rating_record(RATING)) == RATING
    assert records.classification_of(records.classification_record(CLASSIFICATION)) == CLASSIFICATION


def test_consensus_and_disagreements_show_records_in_the_file_form() -> None:
    assert event_to_dict(EVENT) == records.event_record(EVENT)
    assert segment_to_dict(SEGMENT) == records.segment_record(SEGMENT)
    assert classification_to_dict(CLASSIFICATION) == records.classification_record(CLASSIFICATION)
