"""The files of assisted coding as a project keeps them, and where suggestions may be.

    regions/<session>.json                          the session's named regions (shared)
    suggestions/<coder>/<session>.json              what the tools proposed for a coder's record
    suggestions/<coder>/<session>.decisions.jsonl   the coder's accepts and rejects (append-only)
    suggestions/allowed.json                        reliability sessions the lead allowed them on

:mod:`coder.assist` reads and writes them (``regions``, ``store``); they are described here,
below it, because coder packages and collecting (:mod:`coder.project.package`,
:mod:`coder.project.collect`) carry them too. The rule of where suggestions may be shown or made
(:func:`suggestions_allowed`) has its one owner here for the same reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coder.project.package_manifest import PACKAGE_FILE, read_package_file
from coder.project.project import Project
from coder.storage.json_file import read_versioned

REGIONS_FORMAT = "coder-regions"
REGIONS_FORMAT_VERSION = 1
REGION_NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_]{0,23}$"
"""Region names become parts of variable names (``motion_mother_mean``): a letter, then
letters, digits or ``_``, at most 24 characters."""
SUGGESTIONS_FORMAT = "coder-suggestions"
SUGGESTIONS_FORMAT_VERSION = 1
ALLOWED_FORMAT = "coder-suggestions-allowed"
MAX_SUGGESTIONS = 1_000_000
DECISIONS_SUFFIX = ".decisions.jsonl"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RegionRow(_Model):
    """One region: a name and a box in fractions (0–1) of the first camera's upright picture."""

    name: str = Field(pattern=REGION_NAME_PATTERN)
    x: float = Field(ge=0, lt=1)
    y: float = Field(ge=0, lt=1)
    w: float = Field(gt=0, le=1)
    h: float = Field(gt=0, le=1)


class RegionsFile(_Model):
    """``regions/<session>.json``."""

    format: str
    format_version: int
    session: str
    regions: list[RegionRow] = Field(max_length=64)
    updated_by: str = ""
    updated: str = ""

    @model_validator(mode="after")
    def _names_differ(self) -> RegionsFile:
        names = [r.name.lower() for r in self.regions]
        if len(set(names)) != len(names):
            raise ValueError("two regions have the same name")
        return self

    def boxes(self) -> list[tuple[str, float, float, float, float]]:
        """The regions as values, for comparing two versions."""
        return [(r.name, r.x, r.y, r.w, r.h) for r in self.regions]


class SuggestionRow(_Model):
    id: str = Field(min_length=1)
    code: str = Field(min_length=1)
    start_ms: int = Field(ge=0, le=10**11)
    end_ms: int | None = Field(default=None, ge=0, le=10**11)
    confidence: float | None = Field(default=None, ge=0, le=1)
    kind: Literal["event", "segment"] = "event"


class SuggestionRun(_Model):
    """One tool's run: its name, version, every parameter, and what it suggested."""

    tool: str = Field(min_length=1)
    version: str
    parameters: dict[str, Any] = Field(default_factory=dict)
    created: str
    suggestions: list[SuggestionRow] = Field(max_length=MAX_SUGGESTIONS)


class SuggestionsFile(_Model):
    """``suggestions/<coder>/<session>.json``."""

    format: str
    format_version: int
    coder: str
    session: str
    runs: list[SuggestionRun]


class DecisionLine(_Model):
    """One line of ``<session>.decisions.jsonl``: a coder accepting (with the event it became and
    whether they adjusted it first) or rejecting a suggestion, with the suggestion's provenance."""

    suggestion: str = Field(min_length=1)
    action: Literal["accept", "reject"]
    by: str
    at: str
    event_id: str | None = None
    edited: bool = False
    tool: str = ""
    version: str = ""
    parameters: dict[str, Any] = Field(default_factory=dict)


def regions_path(root: Path, session: str) -> Path:
    return root / "regions" / f"{session}.json"


def suggestions_path(root: Path, coder: str, session: str) -> Path:
    return root / "suggestions" / coder / f"{session}.json"


def decisions_path(root: Path, coder: str, session: str) -> Path:
    return root / "suggestions" / coder / f"{session}{DECISIONS_SUFFIX}"


def allowed_path(root: Path) -> Path:
    return root / "suggestions" / "allowed.json"


def sample_sessions(project: Project) -> set[str]:
    """Sessions of the double-coding (reliability) sample."""
    return {a.session for a in project.data.assignments if a.role == "reliability"}


def allowed_sample_sessions(project: Project) -> set[str]:
    """Sessions of the sample the lead allowed suggestions on (``suggestions/allowed.json``)."""
    path = allowed_path(project.root)
    if not path.exists():
        return set()
    data = read_versioned(path, ALLOWED_FORMAT, 1)
    return {row["session"] for row in data.get("sessions", []) if isinstance(row, dict)}


def in_package(project: Project) -> bool:
    """True when ``project`` is a coder package (which must not say why a session takes no
    suggestions: that would tell which sessions are double-coded)."""
    return (project.root / PACKAGE_FILE).is_file()


def suggestions_allowed(project: Project, session: str) -> bool:
    """False for a session of the reliability sample the lead has not allowed suggestions on.

    A coder package does not know which of its sessions are double-coded; it lists the sessions
    that may take suggestions instead (decided by this rule when the package was made).
    """
    if in_package(project):
        return session in read_package_file(project.root).suggestions_on
    return session not in sample_sessions(project) or session in allowed_sample_sessions(project)
