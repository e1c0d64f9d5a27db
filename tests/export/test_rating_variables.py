"""Rating items and composites: reverse keying, min_items, missing items."""

from __future__ import annotations

import math

from coder.annotations.model import Rating, Segment
from coder.export.rating_variables import composite_value, rating_variables
from coder.export.spec import RatingsSpec
from coder.export.variables import Record, Registry
from coder.scheme.model import CompositeDef, Scheme

from .conftest import annotation_set


def test_composite_reverses_reverse_keyed_items(interaction: Scheme) -> None:
    composite = interaction.composites[0]  # m_quality = mean(m_sensitivity, 8 − m_intrusive)
    assert composite_value(interaction, composite, {"m_sensitivity": 6, "m_intrusive": 2}) == 6.0
    assert composite_value(interaction, composite, {"m_sensitivity": 5, "m_intrusive": 7}) == 3.0


def test_composite_is_na_when_items_are_missing_unless_min_items_allows(interaction: Scheme) -> None:
    composite = interaction.composites[0]
    assert composite_value(interaction, composite, {"m_sensitivity": 6, "m_intrusive": None}) is None
    lenient = CompositeDef(id="q", items=["m_sensitivity", "m_intrusive"], min_items=1)
    assert composite_value(interaction, lenient, {"m_sensitivity": 6, "m_intrusive": None}) == 6.0
    summed = CompositeDef(id="q", items=["m_sensitivity", "m_intrusive"], method="sum")
    assert composite_value(interaction, summed, {"m_sensitivity": 6, "m_intrusive": 2}) == 12.0


def test_items_and_composites_per_segment(interaction: Scheme) -> None:
    ratings = (Rating("m_sensitivity", "play1", 6), Rating("m_intrusive", "play1", 2), Rating("m_sensitivity", "play2", 4))
    record = annotation_set(
        interaction, [], [Segment.make("play1", 0, 1000), Segment.make("play2", 1000, 2000)], ratings=ratings
    )
    registry = Registry()
    rows = rating_variables(interaction, [Record(0, "S-TEST1", record)], RatingsSpec(), None, registry)
    values = {registry.variables[v].stem: x for v, x in zip(rows["var"], rows["value"], strict=True)}
    assert values["m_intrusive_play1"] == 2.0  # items are exported as rated
    assert values["m_quality_play1"] == 6.0
    assert values["m_sensitivity_play2"] == 4.0
    assert math.isnan(values["m_quality_play2"])  # m_intrusive missing in play2
    assert "m_sensitivity_play3" not in values  # play3 neither marked nor rated
    info = registry.variables[next(i for i, v in enumerate(registry.variables) if v.stem == "m_quality_play1")]
    assert "reversed: m_intrusive" in info.derivation
