"""The composite rule: reverse-keyed items reversed, NA below ``min_items``, sums prorated."""

from __future__ import annotations

import pytest

from coder.scheme import load_scheme
from coder.scheme.composites import composite_rule, composite_score, composite_value
from coder.scheme.model import CompositeDef, Scheme
from coder.shipped import shipped_schemes_dir


@pytest.fixture(scope="module")
def interaction() -> Scheme:
    return load_scheme(shipped_schemes_dir() / "demo_interaction.yaml")


def test_mean_reverses_reverse_keyed_items(interaction: Scheme) -> None:
    composite = interaction.composites[0]  # m_quality = mean(m_sensitivity, 8 − m_intrusive)
    assert composite_value(interaction, composite, {"m_sensitivity": 6, "m_intrusive": 2}) == 6.0
    assert composite_value(interaction, composite, {"m_sensitivity": 5, "m_intrusive": 7}) == 3.0


def test_na_when_items_are_missing_unless_min_items_allows(interaction: Scheme) -> None:
    composite = interaction.composites[0]
    assert composite_value(interaction, composite, {"m_sensitivity": 6, "m_intrusive": None}) is None
    score = composite_score(interaction, composite, {"m_sensitivity": 5}.get)
    assert score.value is None and score.rated == 1 and score.missing == 1
    lenient = CompositeDef(id="q", items=["m_sensitivity", "m_intrusive"], min_items=1)
    assert composite_value(interaction, lenient, {"m_sensitivity": 6}) == 6.0
    assert composite_value(interaction, lenient, {}) is None


def test_a_sum_is_plain_when_complete_and_prorated_when_min_items_allows_a_gap(
    interaction: Scheme,
) -> None:
    items = ["m_sensitivity", "m_intrusive", "i_involvement"]
    summed = CompositeDef(id="q", items=items, method="sum")
    full = {"m_sensitivity": 6, "m_intrusive": 2, "i_involvement": 3}
    assert composite_value(interaction, summed, full) == 6 + 6 + 3
    assert composite_value(interaction, summed, {"m_sensitivity": 6, "m_intrusive": 2}) is None
    partial = CompositeDef(id="q", items=items, method="sum", min_items=2)
    # (6 + (8 − 2)) / 2 × 3: on the scale of three items, not a low two-item total of 12.
    assert composite_value(interaction, partial, {"m_sensitivity": 6, "m_intrusive": 2}) == 18.0
    assert composite_value(interaction, partial, {"m_sensitivity": 6}) is None
    assert "mean of those present × 3" in composite_rule(interaction, partial)
    assert "NA when fewer than 3 items" in composite_rule(interaction, summed)
