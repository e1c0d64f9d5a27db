"""The ratings panel, the export and the reliability report give the same composite, for any ratings.

Each is driven through its own path: the panel reads values from an annotation document as its
``value_of`` does, the export builds its long rows, the reliability report builds its composite
units. Ratings are random, with items missing, over mean and sum composites with and without
``min_items`` and with reverse-keyed items.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.annotations.document import AnnotationDocument
from coder.annotations.model import AnnotationHeader, AnnotationSet, Rating, Segment
from coder.export.rating_variables import rating_variables
from coder.export.spec import RatingsSpec
from coder.export.variables import Record, Registry, stem_of
from coder.gui.panels.composite_values import composite_score
from coder.reliability.report.ratings import composite_units
from coder.scheme.loader import load_scheme_bytes

SCHEME = load_scheme_bytes(
    b"""
format_version: 1
id: composites
version: "1"
title: Composites
segments:
  - {id: play, nominal_ms: 1000}
ratings:
  - {id: warm, min: 1, max: 7, segments: [play]}
  - {id: harsh, min: 1, max: 7, reverse: true, segments: [play]}
  - {id: calm, min: 0, max: 14, segments: [play]}
composites:
  - {id: mean_all, items: [warm, harsh, calm], method: mean}
  - {id: mean_two, items: [warm, harsh, calm], method: mean, min_items: 2}
  - {id: sum_all, items: [warm, harsh, calm], method: sum}
  - {id: sum_two, items: [warm, harsh, calm], method: sum, min_items: 2}
  - {id: sum_one, items: [warm, harsh], method: sum, min_items: 1}
""",
    source="composites test scheme",
)
SEGMENT = "play"


def _record(values: dict[str, float | None]) -> AnnotationSet:
    header = AnnotationHeader("ana", "S-TEST1", SCHEME.id, SCHEME.version, SCHEME.sha256)
    ratings = tuple(Rating(item, SEGMENT, v) for item, v in values.items() if v is not None)
    return AnnotationSet(header, (), (Segment.make(SEGMENT, 0, 1000),), ratings=ratings)


def _panel(record: AnnotationSet) -> dict[str, float | None]:
    document = AnnotationDocument(record)

    def value_of(item: str) -> float | None:  # as RatingsPanel.value_of
        rating = document.rating(item, SEGMENT)
        return None if rating is None else rating.value

    return {c.id: composite_score(SCHEME, c, value_of).value for c in SCHEME.composites}


def _export(record: AnnotationSet) -> dict[str, float | None]:
    registry = Registry()
    rows = rating_variables(SCHEME, [Record(0, "S-TEST1", record)], RatingsSpec(), None, registry)
    by_stem = {registry.variables[v].stem: x for v, x in zip(rows["var"], rows["value"], strict=True)}
    found = {c.id: by_stem[stem_of(c.id, SEGMENT)] for c in SCHEME.composites}
    return {k: None if math.isnan(v) else v for k, v in found.items()}


def _report(record: AnnotationSet) -> dict[str, float | None]:
    values = {(r.item, r.segment): float(r.value) for r in record.ratings if r.value is not None}
    result: dict[str, float | None] = {}
    for composite in SCHEME.composites:
        units = composite_units(SCHEME, composite, [(values, values)])
        result[composite.id] = units[0][1] if units else None
    return result


def _value(low: int, high: int) -> st.SearchStrategy[float | None]:
    return st.one_of(st.none(), st.integers(low, high).map(float))


@settings(max_examples=60, deadline=None)
@given(warm=_value(1, 7), harsh=_value(1, 7), calm=_value(0, 14))
def test_panel_export_and_report_agree(
    warm: float | None, harsh: float | None, calm: float | None
) -> None:
    record = _record({"warm": warm, "harsh": harsh, "calm": calm})
    panel, export, report = _panel(record), _export(record), _report(record)
    assert panel == export == report
    rated = [v for v in (warm, None if harsh is None else 8 - harsh, calm) if v is not None]
    if len(rated) < 2:
        assert panel["sum_two"] is None and panel["mean_two"] is None
    else:  # a sum with a missing item is the mean of those present × 3 (prorated)
        assert panel["sum_two"] == pytest.approx(sum(rated) / len(rated) * 3)
