"""Suggestions as values: what a tool proposes, where it came from, and what the coder decided.

A suggestion is never an event. It becomes one only through an accept command, which adds an
ordinary event to the coder's record and logs the decision with the suggestion's provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from coder.project.assist_files import DecisionLine


@dataclass(frozen=True, kw_only=True)
class Provenance:
    """The tool that made a suggestion: name, version and every parameter it ran with."""

    tool: str
    version: str
    parameters: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Suggestion:
    """A proposed point (``end_ms`` None) or state of ``code`` in ms of media time — or, with
    ``kind`` "segment", a proposed segment (``code`` is the scheme's segment id) — with the tool's
    confidence (0–1) when it gives one."""

    id: str
    code: str
    start_ms: int
    end_ms: int | None
    confidence: float | None
    provenance: Provenance
    kind: str = "event"  # "event" | "segment"


class Decision(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


# One line of a coder's decision log, described once (validated and written) with the files of
# the project folder it lives in.
DecisionRecord = DecisionLine
