"""Reading EAF files: CVs of 2.7 and 3.0, unaligned slots, media, corrupt and foreign input."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from coder.errors import InteropError
from coder.interop.eaf_reader import read_eaf

from .conftest import ELAN_SAMPLES, FIXTURES


def test_reads_a_3_0_file_with_multilingual_vocabulary() -> None:
    doc = read_eaf(FIXTURES / "small_3.0.eaf")
    assert doc.format == "3.0"
    gaze = doc.tier("Infant gaze")
    assert gaze is not None and gaze.annotator == "Ana Ruiz" and gaze.participant == "infant"
    assert [(a.value, a.start_ms, a.end_ms) for a in gaze.annotations] == [
        ("mother", 1000, 2500),
        ("away", 2500, 4000),
    ]
    entries = doc.vocabularies["gaze targets"]
    assert [e.values for e in entries] == [("mother", "moeder"), ("away",), ("toy",)]
    assert [m.time_origin_ms for m in doc.media] == [500, 1500]


def test_reads_2_7_cv_entries() -> None:
    doc = read_eaf(FIXTURES / "small_2.7.eaf")
    assert [e.values[0] for e in doc.vocabularies["affect codes"]] == [
        "positive",
        "neutral",
        "negative",
    ]
    assert doc.vocabularies["affect codes"][2].description == "fusses, cries"


def test_unaligned_slots_divide_the_interval_equally() -> None:
    doc = read_eaf(FIXTURES / "small_3.0.eaf")
    words = doc.tier("words@ben")
    assert words is not None
    assert [(a.start_ms, a.end_ms) for a in words.annotations] == [
        (6000, 7000),
        (7000, 8000),
        (8000, 9000),
    ]
    assert any(i.kind == "interpolated" for i in doc.issues)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"this is not xml", "XML error"),
        (b"", "XML error"),
        (b"<?xml version='1.0'?><html><body/></html>", "root element is <html>"),
        (b"<ANNOTATION_DOCUMENT><HEADER/></ANNOTATION_DOCUMENT>", "no TIME_ORDER"),
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
            b"<ANNOTATION_DOCUMENT><TIME_ORDER/></ANNOTATION_DOCUMENT>",
            "DOCTYPE",
        ),
        (
            b"<ANNOTATION_DOCUMENT><TIME_ORDER><TIME_SLOT TIME_SLOT_ID='ts1' TIME_VALUE='1.5'/>"
            b"</TIME_ORDER></ANNOTATION_DOCUMENT>",
            "whole milliseconds",
        ),
    ],
)
def test_corrupt_or_foreign_input_is_an_interop_error(
    tmp_path: Path, content: bytes, fragment: str
) -> None:
    path = tmp_path / "bad.eaf"
    path.write_bytes(content)
    with pytest.raises(InteropError) as caught:
        read_eaf(path)
    assert fragment in str(caught.value)
    assert str(path) in str(caught.value)


def test_missing_file_is_an_interop_error(tmp_path: Path) -> None:
    with pytest.raises(InteropError, match="cannot read"):
        read_eaf(tmp_path / "nope.eaf")


@pytest.mark.parametrize("name", ["sample_2.7.eaf", "sample_3.0.eaf"])
def test_real_samples_match_an_independent_parse(name: str) -> None:
    path = ELAN_SAMPLES / name
    doc = read_eaf(path)
    root = ET.parse(path).getroot()
    slots = {s.get("TIME_SLOT_ID"): s.get("TIME_VALUE") for s in root.iter("TIME_SLOT")}
    for tier in root.iter("TIER"):
        ours = doc.tier(tier.get("TIER_ID", ""))
        assert ours is not None
        aligned = tier.findall("ANNOTATION/ALIGNABLE_ANNOTATION")
        refs = tier.findall("ANNOTATION/REF_ANNOTATION")
        assert len(ours.annotations) == len(aligned) + len(refs)
        by_id = {a.id: a for a in ours.annotations}
        for ann in aligned:
            mine = by_id[ann.get("ANNOTATION_ID")]
            for attr, got in (("TIME_SLOT_REF1", mine.start_ms), ("TIME_SLOT_REF2", mine.end_ms)):
                value = slots[ann.get(attr)]
                if value is not None:  # aligned slots are exact
                    assert got == int(value)
                else:  # interpolated slots stay within the annotation's neighbours
                    assert got is not None
        for mine in ours.annotations:
            if mine.start_ms is not None and mine.end_ms is not None:
                assert mine.start_ms <= mine.end_ms
