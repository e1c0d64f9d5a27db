"""Strange Situation classification rules, judged with the shipped ssp.yaml."""

from __future__ import annotations

import pytest

from coder.annotations import Classification
from coder.annotations.classification_rules import classification_problems
from coder.scheme import Scheme


def _problems(value: Classification, scheme: Scheme) -> list[tuple[str, str]]:
    return [(p.severity, p.message) for p in classification_problems(value, scheme)]


@pytest.mark.parametrize(
    "value",
    [
        Classification(),
        Classification(major="B", subgroup="B3", d_rating=2),
        Classification(major="A"),
        Classification(major="D", forced="A1", d_rating=7),
        Classification(major="D", forced="B", d_rating=5),
        Classification(major="D", forced="C2", d_rating=3, low_d_confirmed=True),
        Classification(major="CC", d_rating=6),
    ],
)
def test_valid_classifications(value: Classification, ssp_scheme: Scheme) -> None:
    assert _problems(value, ssp_scheme) == []


@pytest.mark.parametrize(
    ("value", "severity", "needle"),
    [
        (Classification(major="D", d_rating=7), "error", "needs a forced"),
        (Classification(major="D", forced="D", d_rating=7), "error", "must be one of A, B, C"),
        (Classification(major="D", forced="CC", d_rating=7), "error", "must be one of"),
        (Classification(major="D", forced="X9", d_rating=7), "error", "must be one of"),
        (Classification(major="D", forced="A1"), "error", "needs a D rating"),
        (Classification(major="D", forced="A1", d_rating=4), "warning", "below the threshold"),
        (Classification(major="B", d_rating=6), "warning", "at or above the threshold"),
        (Classification(major="CC", forced="B"), "error", "is not forced"),
        (Classification(major="B", forced="A"), "error", "only given with D"),
        (Classification(major="B", subgroup="A1"), "error", "not a subgroup of B"),
        (Classification(major="E"), "error", "not a category"),
        (Classification(subgroup="B1"), "error", "no category chosen"),
        (Classification(major="B", d_rating=10), "error", "outside 1–9"),
        (Classification(major="B", d_rating=2.5), "error", "not on steps"),
    ],
)
def test_invalid_classifications(
    value: Classification, severity: str, needle: str, ssp_scheme: Scheme
) -> None:
    problems = _problems(value, ssp_scheme)
    assert any(s == severity and needle in m for s, m in problems), problems


def test_low_d_warning_is_silenced_by_confirmation(ssp_scheme: Scheme) -> None:
    low = Classification(major="D", forced="B3", d_rating=4)
    assert [s for s, _ in _problems(low, ssp_scheme)] == ["warning"]
    confirmed = Classification(major="D", forced="B3", d_rating=4, low_d_confirmed=True)
    assert _problems(confirmed, ssp_scheme) == []
