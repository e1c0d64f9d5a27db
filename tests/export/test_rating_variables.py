"""Rating items and composites: reverse keying, min_items, missing items."""

from __future__ import annotations

import math

from coder.annotations.model import Rating, Segment
from coder.export.rating_variables import rating_variables
from coder.export.spec import RatingsSpec
from coder.export.variables import Record, Registry
from coder.scheme.model import Scheme

from .conftest import annotation_set


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
