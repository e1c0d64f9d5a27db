"""Scheme lookups: rows, streams, items per segment, subgroups, reverse keying."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from coder.scheme import WHOLE_SESSION, CodeKind, Scheme, parse_scheme

Data = dict[str, Any]


@pytest.fixture
def scheme(scheme_data: Data) -> Scheme:
    return parse_scheme(scheme_data)


def test_rows_are_streams_then_codes_without_a_stream_in_scheme_order(scheme: Scheme) -> None:
    assert scheme.rows() == ["gaze", "vocal", "cry"]


def test_stream_of(scheme: Scheme) -> None:
    assert scheme.stream_of("gaze_away") == "gaze"
    assert scheme.stream_of("voc") == "vocal"
    assert scheme.stream_of("cry") == "cry"  # no stream: its own row
    assert scheme.stream_of("unknown") == "unknown"


def test_codes_in_stream_and_exclusivity(scheme: Scheme) -> None:
    assert [c.id for c in scheme.codes_in_stream("gaze")] == [
        "gaze_mother",
        "gaze_away",
        "gaze_uncodable",
    ]
    assert [c.id for c in scheme.codes_in_stream("cry")] == ["cry"]
    assert scheme.is_exclusive("gaze")
    assert not scheme.is_exclusive("vocal")
    assert not scheme.is_exclusive("cry")


def test_items_for_segment(scheme: Scheme) -> None:
    assert [r.id for r in scheme.items_for_segment("ep1")] == ["SENS", "INTR", "X1", "X2"]
    assert [r.id for r in scheme.items_for_segment("ep2")] == ["SENS"]
    assert [r.id for r in scheme.items_for_segment(WHOLE_SESSION)] == ["GLOBAL"]
    assert scheme.items_for_segment("nowhere") == []


def test_all_subgroups_maps_to_majors(scheme: Scheme) -> None:
    assert scheme.all_subgroups() == {
        "A": "A",
        "A1": "A",
        "A2": "A",
        "B": "B",
        "B1": "B",
        "B2": "B",
        "C": "C",
        "D": "D",
        "CC": "CC",
    }


def test_all_subgroups_without_classification(scheme_data: Data) -> None:
    del scheme_data["classification"]
    assert parse_scheme(scheme_data).all_subgroups() == {}


def test_lookups_by_id(scheme: Scheme) -> None:
    code = scheme.code("voc")
    assert code is not None and code.kind is CodeKind.POINT and code.modifiers == ["tone"]
    assert scheme.code("nope") is None
    assert scheme.stream("gaze") is not None and scheme.stream("nope") is None
    assert scheme.segment("ep2") is not None and scheme.segment("nope") is None
    assert scheme.modifier("tone") is not None and scheme.modifier("nope") is None
    item = scheme.rating("SENS")
    assert item is not None and item.anchors == {1: "low"}
    assert scheme.rating("nope") is None


def test_reversed_value(scheme: Scheme) -> None:
    item = scheme.rating("INTR")
    assert item is not None and item.reverse
    assert item.reversed_value(1) == 7
    assert item.reversed_value(2.5) == 5.5


def test_defaults(scheme: Scheme) -> None:
    glob = scheme.rating("GLOBAL")
    assert glob is not None and glob.segments == [WHOLE_SESSION] and glob.step == 1.0
    assert scheme.options.unit_ms == 1000
    assert scheme.classification is not None
    assert scheme.classification.secure_cannot_classify == "missing"


def test_scheme_is_frozen(scheme: Scheme) -> None:
    with pytest.raises(ValidationError):
        scheme.id = "other"  # type: ignore[misc]
