"""Read a BORIS project file (.boris, JSON) into plain values.

Handles what real files hold: ``modifiers`` given as ``{}`` or ``""``; modifier values with
leading/trailing spaces and a ``value (description)`` form; observations whose ``file`` is a
list (live observations) or a dict of players with absolute, relative or no paths; events as
lists ``[time, subject, code, modifier, comment]`` with an optional sixth field (frame index,
BORIS ≥ 8), times that may be ``"NA"``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coder.errors import InteropError

_HINT = "open the project in BORIS and save it again, or check that it is a .boris file"


@dataclass(frozen=True)
class BorisModifierSet:
    """A set of modifiers of one behaviour: type 0 single, 1 multiple selection, 2 numeric."""

    name: str
    type: int
    values: tuple[str, ...]


@dataclass(frozen=True)
class BorisBehavior:
    code: str
    kind: str  # "point" or "state"
    key: str
    description: str
    category: str
    excluded: tuple[str, ...]
    modifier_sets: tuple[BorisModifierSet, ...]


@dataclass(frozen=True)
class BorisEvent:
    """One row: ``time_s`` in seconds (None when BORIS wrote NA), subject '' when none."""

    time_s: float | None
    subject: str
    code: str
    modifier: str
    comment: str


@dataclass(frozen=True)
class BorisObservation:
    name: str
    type: str
    media: dict[str, tuple[str, ...]]  # player ("1", "2" …) → media files
    player_offsets_s: dict[str, float]
    time_offset_s: float
    description: str
    events: tuple[BorisEvent, ...]
    media_length_s: dict[str, float] = field(default_factory=dict)  # media file → seconds


@dataclass(frozen=True)
class BorisProject:
    path: Path
    name: str
    format_version: str
    behaviors: tuple[BorisBehavior, ...]
    subjects: tuple[str, ...]
    observations: tuple[BorisObservation, ...]
    coder_codes: dict[tuple[str, str], str] = field(default_factory=dict)
    """(subject, behaviour) → Coder code id, when Coder wrote the file (its ``coder_codes``)."""

    def behavior(self, code: str) -> BorisBehavior | None:
        return next((b for b in self.behaviors if b.code == code), None)

    def observation(self, name: str) -> BorisObservation | None:
        return next((o for o in self.observations if o.name == name), None)


def clean_modifier_value(text: str) -> str:
    """A modifier value as BORIS records it in events: description in brackets and spaces removed."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", text).strip()


def read_boris(path: str | Path) -> BorisProject:
    """Read a .boris project; InteropError (naming the file) when it is not one."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InteropError(f"cannot read the file: {error.strerror}", path=path) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InteropError(
            f"not a BORIS project (not JSON: {error})", path=path, hint=_HINT
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("behaviors_conf"), dict):
        raise InteropError("not a BORIS project (no behaviors_conf)", path=path, hint=_HINT)
    try:
        return BorisProject(
            path=path,
            name=str(data.get("project_name", "")),
            format_version=str(data.get("project_format_version", "")),
            behaviors=tuple(_behavior(b) for _, b in _ordered(data["behaviors_conf"])),
            subjects=tuple(
                str(s.get("name", "")).strip()
                for _, s in _ordered(data.get("subjects_conf") or {})
                if str(s.get("name", "")).strip()
            ),
            observations=tuple(
                _observation(str(name), obs)
                for name, obs in (data.get("observations") or {}).items()
            ),
            coder_codes=_coder_codes(data.get("coder_codes")),
        )
    except (AttributeError, TypeError, ValueError, KeyError) as error:
        raise InteropError(f"not a usable BORIS project ({error})", path=path, hint=_HINT) from None


def _coder_codes(data: Any) -> dict[tuple[str, str], str]:
    if not isinstance(data, list):
        return {}
    return {
        (str(row[0]), str(row[1])): str(row[2])
        for row in data
        if isinstance(row, list) and len(row) == 3
    }


def _ordered(mapping: dict[str, Any]) -> list[tuple[str, Any]]:
    """BORIS numbers entries "0", "1", … as strings: keep their numeric order."""
    return sorted(
        mapping.items(),
        key=lambda kv: (
            not str(kv[0]).isdigit(),
            int(kv[0]) if str(kv[0]).isdigit() else 0,
            str(kv[0]),
        ),
    )


def _behavior(data: dict[str, Any]) -> BorisBehavior:
    kind = "point" if "point" in str(data.get("type", "")).lower() else "state"
    sets = []
    mods = data.get("modifiers") or {}
    if isinstance(mods, str):  # BORIS < 4: "v1,v2|w1,w2", one unnamed set per "|" part
        mods = {
            str(n): {"name": "", "type": 0, "values": part.split(",")}
            for n, part in enumerate(mods.split("|"))
            if part.strip()
        }
    if isinstance(mods, dict):
        for _, mod in _ordered(mods):
            values = [clean_modifier_value(str(v)) for v in mod.get("values", [])]
            sets.append(
                BorisModifierSet(
                    name=str(mod.get("name", "")).strip(),
                    type=int(mod.get("type", 0) or 0),
                    values=tuple(dict.fromkeys(v for v in values if v)),
                )
            )
    excluded = str(data.get("excluded", "") or "")
    return BorisBehavior(
        code=str(data["code"]).strip(),
        kind=kind,
        key=str(data.get("key", "") or ""),
        description=str(data.get("description", "") or ""),
        category=str(data.get("category", "") or ""),
        excluded=tuple(e.strip() for e in excluded.split(",") if e.strip()),
        modifier_sets=tuple(sets),
    )


def _time(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _observation(name: str, data: dict[str, Any]) -> BorisObservation:
    files = data.get("file") or {}
    media: dict[str, tuple[str, ...]] = {}
    if isinstance(files, dict):
        media = {str(k): tuple(str(f) for f in v if f) for k, v in files.items() if v}
    info = data.get("media_info") or {}
    offsets = dict(info.get("offset") or {})
    second = data.get("time offset second player")
    if second and not offsets.get("2"):  # BORIS < 7 kept the second player's offset here
        offsets["2"] = float(second)
    lengths = {str(k): float(v) for k, v in (info.get("length") or {}).items() if _time(v)}
    events = []
    for row in data.get("events") or []:
        row = list(row) + [""] * (5 - len(row))
        events.append(
            BorisEvent(
                time_s=_time(row[0]),
                subject=str(row[1] or "").strip(),
                code=str(row[2] or "").strip(),
                modifier=str(row[3] or ""),
                comment=str(row[4] or ""),
            )
        )
    return BorisObservation(
        name=name,
        type=str(data.get("type", "")),
        media=media,
        player_offsets_s={str(k): float(v) for k, v in offsets.items()},
        time_offset_s=float(data.get("time offset", 0) or 0),
        description=str(data.get("description", "") or ""),
        events=tuple(events),
        media_length_s=lengths,
    )
