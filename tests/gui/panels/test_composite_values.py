"""Live composites and sum-constraint totals (no Qt)."""

from __future__ import annotations

from coder.gui.panels.composite_values import (
    composite_score,
    composites_for,
    constraint_status,
    constraints_for,
)
from coder.scheme import load_scheme
from coder.shipped import shipped_schemes_dir

SCHEMES = shipped_schemes_dir()


def test_mean_reverses_reverse_keyed_items_and_is_na_when_missing() -> None:
    scheme = load_scheme(SCHEMES / "demo_interaction.yaml")
    [composite] = composites_for(scheme, "play1")
    values = {"m_sensitivity": 5, "m_intrusive": 3}
    assert composite_score(scheme, composite, values.get).value == 5  # (5 + (8 − 3)) / 2
    score = composite_score(scheme, composite, {"m_sensitivity": 5}.get)
    assert score.value is None and score.rated == 1 and score.missing == 1


def test_care_index_totals() -> None:
    scheme = load_scheme(SCHEMES / "care_index.yaml")
    segment = scheme.segments[0].id
    adult = constraints_for(scheme, segment)[0]
    partial = constraint_status(adult, {"A_SENSITIVE": 8, "A_CONTROLLING": 4}.get)
    assert (partial.total, partial.complete, partial.ok) == (12, False, False)
    full = constraint_status(adult, {"A_SENSITIVE": 8, "A_CONTROLLING": 4, "A_UNRESPONSIVE": 2}.get)
    assert full.ok
    wrong = constraint_status(adult, {"A_SENSITIVE": 8, "A_CONTROLLING": 4, "A_UNRESPONSIVE": 3}.get)
    assert wrong.complete and not wrong.ok
