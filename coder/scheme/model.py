"""The coding-scheme model: what a scheme file declares, as validated, immutable values.

A scheme declares segments (SSP episodes, free play, still-face phases …), timed codes (points
and states, grouped in streams), rating items and composites, constraints between items (e.g.
CARE-Index scales summing to 14) and optionally a classification (e.g. the SSP's A/B/C/D/CC).
Cross-references between these are checked in ``validation.py``; this module checks each field.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEME_FORMAT_VERSION = 1
WHOLE_SESSION = "session"
"""Segment id of a rating that covers the whole session (schemes may not use it as a segment id)."""

_ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"
_KEY_PATTERN = r"^([A-Za-z0-9]|F([1-9]|1[0-2])|[;,./'\[\]\-=`])$"
_COLOR_PATTERN = r"^#[0-9A-Fa-f]{6}$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CodeKind(StrEnum):
    """A point event has an onset only; a state has an onset and an offset."""

    POINT = "point"
    STATE = "state"


class SegmentDef(_Model):
    """A segment or episode of a session (SSP episode, free play, still face …)."""

    id: str = Field(pattern=_ID_PATTERN)
    label: str = ""
    nominal_ms: int | None = Field(default=None, ge=0)
    may_curtail: bool = False
    may_extend: bool = False
    present: list[str] = Field(default_factory=list)
    description: str = ""


class ModifierDef(_Model):
    """A set of values a coder chooses from when stamping a code (e.g. vocalisation type)."""

    id: str = Field(pattern=_ID_PATTERN)
    label: str = ""
    values: list[str] = Field(min_length=1)
    keys: list[str] = Field(default_factory=list)
    required: bool = False


class StreamDef(_Model):
    """A row of codes. In an exclusive stream at most one state is open at any time."""

    id: str = Field(pattern=_ID_PATTERN)
    label: str = ""
    exclusive: bool = False
    exhaustive: bool = False
    partner: str = ""


class CodeDef(_Model):
    """A timed code: a point event or a state."""

    id: str = Field(pattern=_ID_PATTERN)
    label: str = ""
    kind: CodeKind
    key: str | None = Field(default=None, pattern=_KEY_PATTERN)
    color: str = Field(default="#808080", pattern=_COLOR_PATTERN)
    stream: str | None = None
    modifiers: list[str] = Field(default_factory=list)
    uncodable: bool = False
    description: str = ""


class RatingItemDef(_Model):
    """A global rating item scored once per segment it is rated in."""

    id: str = Field(pattern=_ID_PATTERN)
    label: str = ""
    min: int
    max: int
    step: float = Field(default=1.0, gt=0)
    anchors: dict[int, str] = Field(default_factory=dict)
    reverse: bool = False
    segments: list[str] = Field(default_factory=lambda: [WHOLE_SESSION])
    partner: str = ""
    measure: Literal["ordinal", "interval", "nominal"] = "ordinal"
    description: str = ""

    def reversed_value(self, value: float) -> float:
        """The reverse-keyed value: ``min + max - value`` (on a 1–5 scale, 6 − x)."""
        return self.min + self.max - value


class CompositeDef(_Model):
    """A composite of rating items (mean or sum; reverse-keyed items are reversed first; NA until
    ``min_items`` items are rated, default all; a sum with missing items is prorated). Scored by
    ``coder.scheme.composites``."""

    id: str = Field(pattern=_ID_PATTERN)
    label: str = ""
    items: list[str] = Field(min_length=1)
    method: Literal["mean", "sum"] = "mean"
    min_items: int | None = Field(default=None, ge=1)
    description: str = ""


class SumConstraintDef(_Model):
    """Items whose values must add up to ``total`` in every segment (CARE-Index: 14)."""

    items: list[str] = Field(min_length=2)
    total: float
    label: str = ""


class CategoryDef(_Model):
    """A major classification category (e.g. SSP A, B, C, D, CC) with its subgroups."""

    id: str = Field(pattern=_ID_PATTERN)
    label: str = ""
    subgroups: list[str] = Field(default_factory=list)
    secure: bool = False
    disorganized: bool = False
    cannot_classify: bool = False
    requires_forced: bool = False

    @field_validator("subgroups")
    @classmethod
    def _subgroup_ids(cls, value: list[str]) -> list[str]:
        for sub in value:
            if not sub or not sub[0].isalpha() or not sub.replace("_", "").isalnum():
                raise ValueError(f"subgroup '{sub}' must be letters, digits or _")
        return value


class DRatingDef(_Model):
    """The disorganisation rating scale and the threshold at or above which a case is D."""

    min: float = 1
    max: float = 9
    step: float = Field(default=1.0, gt=0)
    threshold: float = 5
    label: str = "Disorganisation rating"


class ClassificationDef(_Model):
    """A classification with major categories, subgroups, a D rating and a forced alternative."""

    id: str = Field(default="classification", pattern=_ID_PATTERN)
    label: str = "Classification"
    categories: list[CategoryDef] = Field(min_length=2)
    forced_from: list[str] = Field(default_factory=list)
    d_rating: DRatingDef | None = None
    secure_cannot_classify: Literal["missing", "insecure"] = "missing"


class CodingOptions(_Model):
    """How coding feels: the time unit for derived variables and reliability, modifier pop-up."""

    unit_ms: int = Field(default=1000, gt=0)
    pause_for_modifiers: bool = False


class Scheme(_Model):
    """A validated coding scheme. ``sha256`` is the hash of the file it was loaded from."""

    # Strict: "2" or 2.0 must not pass for a version this Coder understands.
    format_version: int = Field(
        default=SCHEME_FORMAT_VERSION, ge=1, le=SCHEME_FORMAT_VERSION, strict=True
    )
    id: str = Field(pattern=_ID_PATTERN)
    version: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = ""
    edition: str = ""
    partners: list[str] = Field(default_factory=list)
    segments: list[SegmentDef] = Field(default_factory=list)
    ordered_segments: bool = False
    streams: list[StreamDef] = Field(default_factory=list)
    modifiers: list[ModifierDef] = Field(default_factory=list)
    codes: list[CodeDef] = Field(default_factory=list)
    ratings: list[RatingItemDef] = Field(default_factory=list)
    composites: list[CompositeDef] = Field(default_factory=list)
    sum_constraints: list[SumConstraintDef] = Field(default_factory=list)
    classification: ClassificationDef | None = None
    options: CodingOptions = Field(default_factory=CodingOptions)
    sha256: str = ""

    # Lookups. Schemes are small (tens of entries) so a scan is as fast as a cached dict.
    def code(self, code_id: str) -> CodeDef | None:
        """The code with this id, or None."""
        return next((c for c in self.codes if c.id == code_id), None)

    def stream(self, stream_id: str) -> StreamDef | None:
        """The stream with this id, or None."""
        return next((s for s in self.streams if s.id == stream_id), None)

    def segment(self, segment_id: str) -> SegmentDef | None:
        """The segment with this id, or None."""
        return next((s for s in self.segments if s.id == segment_id), None)

    def rating(self, item_id: str) -> RatingItemDef | None:
        """The rating item with this id, or None."""
        return next((r for r in self.ratings if r.id == item_id), None)

    def modifier(self, modifier_id: str) -> ModifierDef | None:
        """The modifier set with this id, or None."""
        return next((m for m in self.modifiers if m.id == modifier_id), None)

    def stream_of(self, code_id: str) -> str:
        """The row a code is drawn and checked in: its stream, or the code's own id without one."""
        code = self.code(code_id)
        return code.stream if code is not None and code.stream else code_id

    def codes_in_stream(self, stream_id: str) -> list[CodeDef]:
        """The codes of a stream, in scheme order."""
        return [c for c in self.codes if (c.stream or c.id) == stream_id]

    def rows(self) -> list[str]:
        """Timeline rows in scheme order: each stream, then each code that has no stream."""
        rows: list[str] = []
        for code in self.codes:
            row = code.stream or code.id
            if row not in rows:
                rows.append(row)
        return rows

    def is_exclusive(self, row: str) -> bool:
        """True when at most one state of this row may be open at a time."""
        stream = self.stream(row)
        return stream is not None and stream.exclusive

    def items_for_segment(self, segment_id: str) -> list[RatingItemDef]:
        """Rating items scored in this segment (``WHOLE_SESSION`` for session-wide items)."""
        return [r for r in self.ratings if segment_id in r.segments]

    def all_subgroups(self) -> dict[str, str]:
        """Map of every subgroup (and every major without subgroups) to its major category."""
        result: dict[str, str] = {}
        if self.classification is None:
            return result
        for cat in self.classification.categories:
            result[cat.id] = cat.id
            for sub in cat.subgroups:
                result[sub] = cat.id
        return result
