"""BORIS's time-slice kappa: equal to BORIS's own on cases computed with BORIS itself
(tests/data/boris_kappa/cases.json, made by scripts/boris_kappa_cases.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coder.errors import ReliabilityError
from coder.reliability import boris_kappa, time_unit_kappa

CASES = Path(__file__).resolve().parents[1] / "data" / "boris_kappa" / "cases.json"
DATA = json.loads(CASES.read_text(encoding="utf-8"))


def _events(rows: list[list[Any]]) -> list[tuple[str, int, int | None, str]]:
    return [(code, start, end, modifier) for code, start, end, modifier in rows]


def test_the_cases_were_made_with_boris() -> None:
    assert DATA["made_by"] == "scripts/boris_kappa_cases.py"
    assert DATA["boris_version"]
    assert len(DATA["cases"]) >= 10


@pytest.mark.parametrize("case", DATA["cases"], ids=[c["name"] for c in DATA["cases"]])
def test_equal_to_boris(case: dict[str, Any]) -> None:
    result = boris_kappa(
        _events(case["a"]),
        _events(case["b"]),
        interval_ms=case["interval_ms"],
        include_modifiers=case["include_modifiers"],
    )
    assert round(result.kappa, 3) == case["boris_kappa"]
    assert result.kappa == pytest.approx(case["boris_kappa_unrounded"], abs=1e-12)


def test_instants_run_from_first_start_to_last_stop_of_either_coder() -> None:
    result = boris_kappa([("A", 10_000, 20_000)], [("A", 12_000, 25_000)], interval_ms=1000)
    assert (result.first_ms, result.last_ms, result.instants) == (10_000, 25_000, 16)
    # 10, 11 s: a has A, b nothing; 21–25 s: b has A, a nothing; 12–20 s both A
    assert result.table_array().sum() == 16


def test_co_occurring_codes_make_one_category() -> None:
    result = boris_kappa(
        [("A", 0, 4000), ("C", 1000, 2000)], [("A", 0, 4000)], interval_ms=1000
    )
    assert ("A", "C") in result.categories


def test_modifiers_split_categories_only_when_asked() -> None:
    a = [("r", 0, 4000, "m1")]
    b = [("r", 0, 4000, "m2"), ("q", 5000, None, "")]
    plain = boris_kappa(a, b, interval_ms=1000)
    assert ("r",) in plain.categories and plain.table[plain.categories.index(("r",))][
        plain.categories.index(("r",))
    ] == 5
    with_mods = boris_kappa(a, b, interval_ms=1000, include_modifiers=True)
    assert (("r", "m1"),) in with_mods.categories and (("r", "m2"),) in with_mods.categories


def test_differs_from_coders_time_unit_kappa_on_the_same_stream() -> None:
    a = [("A", 0, 4000), ("B", 6000, 10_000)]
    b = [("A", 500, 4500), ("B", 6500, 10_500)]
    boris = boris_kappa(a, b, interval_ms=1000)
    ours = time_unit_kappa(a, b, start_ms=0, end_ms=12_000, unit_ms=1000)
    assert boris.kappa != pytest.approx(ours.kappa)


def test_refuses_a_coder_without_events_as_boris_does() -> None:
    with pytest.raises(ReliabilityError, match="no events"):
        boris_kappa([("A", 0, 1000)], [], interval_ms=1000)
    with pytest.raises(ReliabilityError, match="interval_ms"):
        boris_kappa([("A", 0, 1000)], [("A", 0, 1000)], interval_ms=0)
