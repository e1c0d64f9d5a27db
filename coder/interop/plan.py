"""What an import found in a foreign file, before it touches a project.

A reader (ELAN or BORIS) turns its file into an ``ImportPlan``: a draft scheme, each coder's
events and segments (times already in ms of the primary video), the media the file refers to
with their camera offsets, and the issues met on the way. ``project_import`` applies it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coder.annotations.model import Event, Segment
from coder.interop.draft_scheme import DraftScheme
from coder.interop.import_report import Issue


@dataclass(frozen=True)
class MediaRef:
    """A media file the foreign file names: where it would be and its offset against the primary.

    ``offset_ms`` follows ``coder.media.cameras``: the primary time at which this file's frame 0
    is shown (0 for the primary).
    """

    path: Path
    offset_ms: int = 0
    mime_type: str = ""


@dataclass
class ImportPlan:
    """One session's worth of coding from a foreign file, per coder."""

    source: Path
    draft: DraftScheme
    kinds: dict[str, str] = field(default_factory=dict)
    events: dict[str, list[Event]] = field(default_factory=dict)
    segments: dict[str, list[Segment]] = field(default_factory=dict)
    media: list[MediaRef] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    name: str = ""
    duration_ms: int | None = None
    """The primary media's duration when the foreign file records it (BORIS does)."""

    def coders(self) -> list[str]:
        return sorted(set(self.events) | set(self.segments))
