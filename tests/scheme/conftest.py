"""A small valid scheme, as the mapping a YAML file would hold, for tests to break one thing of."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml


def _valid_scheme() -> dict[str, Any]:
    return {
        "format_version": 1,
        "id": "mini",
        "version": "1.0",
        "title": "Mini scheme",
        "partners": ["infant", "mother"],
        "segments": [
            {"id": "ep1", "nominal_ms": 30000, "present": ["infant", "mother"]},
            {"id": "ep2", "nominal_ms": 180000, "may_curtail": True, "present": ["infant"]},
        ],
        "streams": [
            {"id": "gaze", "exclusive": True, "exhaustive": True, "partner": "infant"},
            {"id": "vocal"},
        ],
        "modifiers": [{"id": "tone", "values": ["pos", "neg"], "keys": ["1", "2"]}],
        "codes": [
            {
                "id": "gaze_mother",
                "kind": "state",
                "key": "g",
                "color": "#4E79A7",
                "stream": "gaze",
            },
            {"id": "gaze_away", "kind": "state", "key": "a", "color": "#F28E2B", "stream": "gaze"},
            {
                "id": "gaze_uncodable",
                "kind": "state",
                "key": "u",
                "color": "#79706E",
                "stream": "gaze",
                "uncodable": True,
            },
            {
                "id": "voc",
                "kind": "point",
                "key": "v",
                "color": "#59A14F",
                "stream": "vocal",
                "modifiers": ["tone"],
            },
            {"id": "cry", "kind": "point", "key": "c", "color": "#E15759"},
        ],
        "ratings": [
            {"id": "SENS", "min": 1, "max": 7, "segments": ["ep1", "ep2"], "anchors": {1: "low"}},
            {"id": "INTR", "min": 1, "max": 7, "reverse": True, "segments": ["ep1"]},
            {"id": "X1", "min": 0, "max": 14, "segments": ["ep1"]},
            {"id": "X2", "min": 0, "max": 14, "segments": ["ep1"]},
            {"id": "GLOBAL", "min": 1, "max": 5},
        ],
        "composites": [{"id": "quality", "items": ["SENS", "INTR"], "method": "mean"}],
        "sum_constraints": [{"items": ["X1", "X2"], "total": 14}],
        "classification": {
            "categories": [
                {"id": "A", "subgroups": ["A1", "A2"]},
                {"id": "B", "subgroups": ["B1", "B2"], "secure": True},
                {"id": "C"},
                {"id": "D", "disorganized": True, "requires_forced": True},
                {"id": "CC", "cannot_classify": True},
            ],
            "forced_from": ["A", "B", "C"],
            "d_rating": {"min": 1, "max": 9, "threshold": 5},
        },
    }


@pytest.fixture
def scheme_data() -> dict[str, Any]:
    """A fresh valid scheme mapping (each test may break it freely)."""
    return _valid_scheme()


@pytest.fixture
def write_scheme(tmp_path: Path) -> Any:
    """Write a mapping (or raw text/bytes) to ``tmp_path / name`` and return the path."""

    def write(content: dict[str, Any] | str | bytes, name: str = "scheme.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
        return path

    return write
