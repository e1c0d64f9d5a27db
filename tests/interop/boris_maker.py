"""Small BORIS projects written for a test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def behaviour(code: str, kind: str = "State event", key: str = "", modifiers: Any = None,
              excluded: str = "") -> dict[str, Any]:
    return {"type": kind, "key": key, "code": code, "description": "", "category": "",
            "modifiers": modifiers if modifiers is not None else {}, "excluded": excluded,
            "coding map": ""}


def write_boris(
    path: Path,
    behaviours: list[dict[str, Any]],
    events: list[list[Any]],
    *,
    subjects: tuple[str, ...] = (),
    observation: dict[str, Any] | None = None,
    version: str = "7.0",
) -> Path:
    """A .boris file with one observation "obs" of media "gone.mp4" (not beside it)."""
    obs = {"file": {"1": ["gone.mp4"], "2": []}, "type": "MEDIA", "date": "", "description": "",
           "time offset": 0.0, "events": events, "independent_variables": {},
           "media_info": {"length": {"gone.mp4": 60.0}, "offset": {"1": 0.0}}}
    obs.update(observation or {})
    data = {
        "project_name": "t", "project_format_version": version, "project_date": "",
        "subjects_conf": {str(i): {"key": "", "name": s, "description": ""}
                          for i, s in enumerate(subjects)},
        "behaviors_conf": {str(i): b for i, b in enumerate(behaviours)},
        "observations": {"obs": obs},
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
