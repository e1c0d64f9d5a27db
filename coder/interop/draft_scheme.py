"""A draft coding scheme built from another tool's file (ELAN tiers, a BORIS ethogram).

Ids are made valid and unique (``make_id``), keys are assigned without collisions
(``assign_keys``), and the result is validated with ``coder.scheme.parse_scheme`` before it is
written to a project (``add_draft_to_project``), so a draft is always a scheme Coder can load.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coder.project.project import Project
from coder.scheme import Scheme, parse_scheme
from coder.storage.atomic import atomic_write_text

_PALETTE = (
    "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F",
    "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC",
)  # fmt: skip
_KEY_POOL = [*"abcdefghijklmnopqrstuvwxyz0123456789", *(f"F{i}" for i in range(1, 13))]
KEY_PATTERN = re.compile(r"^([A-Za-z0-9]|F([1-9]|1[0-2])|[;,./'\[\]\-=`])$")


def make_id(text: str, taken: Iterable[str] = (), *, prefix: str = "c") -> str:
    """A valid scheme id for ``text`` (letters, digits, _; starting with a letter), not in ``taken``.

    ``"chicken - healthy"`` → ``chicken_healthy``; ``"2nd"`` → ``c_2nd``; a clash gets ``_2``, ``_3`` ….
    """
    base = re.sub(r"[^A-Za-z0-9_]+", "_", text.strip()).strip("_")
    base = re.sub(r"_+", "_", base) or prefix
    if not base[0].isalpha():
        base = f"{prefix}_{base}"
    used = set(taken)
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


def assign_keys(codes: Sequence[tuple[str, str | None]]) -> dict[str, str | None]:
    """Keys for ``(code_id, preferred_key)`` pairs, without collisions (compared ignoring case).

    A valid, free preferred key is kept; otherwise the first free letter of the id, then any free
    letter, digit or F-key; when all are taken the code gets no key (it is still on its button).
    """
    used: set[str] = set()
    result: dict[str, str | None] = {}
    for code_id, preferred in codes:
        options = []
        if preferred and KEY_PATTERN.match(preferred):
            options.append(preferred)
        options += [ch for ch in code_id.lower() if ch.isalnum()]
        options += _KEY_POOL
        key = next((k for k in options if k.lower() not in used), None)
        if key is not None:
            used.add(key.lower())
        result[code_id] = key
    return result


@dataclass
class DraftScheme:
    """A scheme being assembled; ``mapping()`` gives the YAML mapping, ``scheme()`` validates it."""

    id: str
    title: str
    description: str = ""
    partners: list[str] = field(default_factory=list)
    streams: dict[str, dict[str, Any]] = field(default_factory=dict)
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    modifiers: dict[str, list[str]] = field(default_factory=dict)
    segments: list[str] = field(default_factory=list)
    preferred_keys: dict[str, str | None] = field(default_factory=dict)

    def taken_ids(self) -> set[str]:
        return set(self.streams) | set(self.codes)

    def add_stream(
        self, stream_id: str, *, label: str = "", exclusive: bool = False, partner: str = ""
    ) -> None:
        if partner and partner not in self.partners:
            self.partners.append(partner)
        self.streams[stream_id] = {
            "id": stream_id,
            "label": label or stream_id,
            "exclusive": exclusive,
            "partner": partner,
        }

    def add_code(
        self,
        code_id: str,
        *,
        label: str,
        kind: str,
        stream: str | None,
        modifiers: Sequence[str] = (),
        key: str | None = None,
        description: str = "",
    ) -> None:
        self.codes[code_id] = {
            "id": code_id,
            "label": label,
            "kind": kind,
            "stream": stream,
            "modifiers": list(modifiers),
            "description": description,
        }
        self.preferred_keys[code_id] = key

    def add_modifier_value(self, modifier_id: str, value: str) -> None:
        values = self.modifiers.setdefault(modifier_id, [])
        if value not in values:
            values.append(value)

    def mapping(self, version: str = "1") -> dict[str, Any]:
        """The scheme as a YAML-ready mapping (streams without codes are left out)."""
        keys = assign_keys([(c, self.preferred_keys.get(c)) for c in self.codes])
        codes = []
        for i, code in enumerate(self.codes.values()):
            entry = {k: v for k, v in code.items() if v not in (None, "", [])}
            if entry.get("stream") == code["id"]:  # a code that is its own row
                del entry["stream"]
            entry["color"] = _PALETTE[i % len(_PALETTE)]
            if keys[code["id"]]:
                entry["key"] = keys[code["id"]]
            codes.append(entry)
        used_streams = {c["stream"] for c in self.codes.values() if c["stream"] != c["id"]}
        streams = []
        for stream in self.streams.values():
            if stream["id"] not in used_streams:
                continue
            exclusive = stream["exclusive"] and all(
                c["kind"] == "state" for c in self.codes.values() if c["stream"] == stream["id"]
            )
            streams.append({**stream, "exclusive": exclusive})
        used_partners = {s["partner"] for s in streams if s["partner"]}
        return {
            "format_version": 1,
            "id": self.id,
            "version": version,
            "title": self.title,
            "description": self.description,
            "partners": [p for p in self.partners if p in used_partners],
            "segments": [{"id": s, "label": s} for s in self.segments],
            "streams": streams,
            "modifiers": [
                {"id": m, "label": m, "values": values}
                for m, values in self.modifiers.items()
                if values
            ],
            "codes": codes,
        }

    def scheme(self, version: str = "1") -> Scheme:
        """The validated scheme (raises SchemeError if the draft is not a valid scheme)."""
        return parse_scheme(self.mapping(version), source=f"<draft scheme {self.id}>")


def scheme_covers(scheme: Scheme, kinds: dict[str, str]) -> bool:
    """True when every code (id → "point"/"state") is in ``scheme`` with that kind."""
    for code_id, kind in kinds.items():
        code = scheme.code(code_id)
        if code is None or code.kind.value != kind:
            return False
    return True


def covering_scheme(project: Project, kinds: dict[str, str]) -> Scheme | None:
    """The project's newest scheme that holds every code with its kind, or None."""
    seen: list[str] = []
    for entry in reversed(project.data.schemes):
        if entry.id in seen:
            continue
        seen.append(entry.id)
        scheme = project.scheme(entry.id)
        if scheme_covers(scheme, kinds):
            return scheme
    return None


def add_draft_to_project(project: Project, draft: DraftScheme) -> Scheme:
    """Validate the draft, write it (atomically) as YAML and add it to the project.

    The version is the first integer not yet used for this scheme id in the project.
    """
    taken = {e.version for e in project.data.schemes if e.id == draft.id}
    version = next(str(n) for n in range(1, len(taken) + 2) if str(n) not in taken)
    mapping = draft.mapping(version)
    parse_scheme(mapping, source=f"<draft scheme {draft.id}>")
    text = "# Draft scheme made by a Coder import; review labels, keys and streams.\n"
    text += yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True)
    with tempfile.TemporaryDirectory(prefix="coder-draft-") as tmp:
        path = Path(tmp) / f"{draft.id}-{version}.yaml"
        atomic_write_text(path, text)
        return project.add_scheme(path)
