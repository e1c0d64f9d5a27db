"""The export specification: what to export and how, read from a YAML file and validated.

A spec names the schemes, segments and variable families to export, which record is the source
of each session (``primary``, ``consensus``, a coder id, tried in order), the layout (``long``:
one row per session × segment × variable; ``wide``: one row per participant, columns suffixed by
timepoint), what to do with incomplete sessions, how latency and proportions are computed, and
how strict the unblinding join is. Every error names the spec file and the field path.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from coder.errors import ExportError
from coder.export.motion_spec import MotionSpec
from coder.export.sequential_spec import SequentialSpec
from coder.scheme.yaml_load import load_yaml
from coder.storage.json_file import validation_problem

SPEC_FORMAT_VERSION = 1
TIMED_MEASURES = ("freq", "rate", "dur", "prop", "mbout", "lat")
FORMATS = ("csv", "sav", "dta", "parquet", "xlsx")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TimedSpec(_Model):
    """Derived variables of timed codes, per session × window × code."""

    enabled: bool = True
    codes: list[str] | None = None
    """Code ids to export (default: every code of the scheme)."""
    measures: list[Literal["freq", "rate", "dur", "prop", "mbout", "lat"]] = Field(
        default_factory=lambda: ["freq", "rate", "dur", "prop", "mbout", "lat"]  # type: ignore[arg-type]
    )
    latency_absent: Literal["na", "censored"] = "na"
    """Latency when the code does not occur: NA, or the window length with a censor flag."""
    proportion_denominator: Literal["window", "codable"] = "window"
    """``codable``: the window minus the time coded as uncodable in the same stream."""
    modifier_counts: bool = True
    """Also count onsets per modifier value (``infant_vocal_positive_freq``)."""
    whole_session: bool = True
    """Add a whole-session window (segment ``session``) besides the marked segments."""


class RatingsSpec(_Model):
    enabled: bool = True
    items: list[str] | None = None
    composites: bool = True


class ClassificationSpec(_Model):
    """SSP (or any scheme with a classification): class, major, forced, D rating, secure, disorg."""

    enabled: bool = True


class SegmentInfoSpec(_Model):
    """Actual segment durations (s) and curtailed/extended flags (e.g. ``ep4_duration_s``)."""

    enabled: bool = True


class WideSpec(_Model):
    id: str = "participant"
    suffix: str = "timepoint"
    timepoints: list[str] | None = None
    """Order of the timepoint suffixes (default: sorted)."""


class KeySpec(_Model):
    columns: list[str] = Field(default_factory=lambda: ["participant", "arm", "timepoint"])
    """Key columns the export needs: refused when the key lacks one or an exported session has
    no value in it (an analysis without the arm is not the analysis meant)."""
    allow_unkeyed_sessions: bool = False
    """Sessions without a key row are skipped and listed instead of stopping the export."""
    allow_unused_key_rows: bool = False
    """Key rows naming no session of the project are listed instead of stopping the export."""


class ExportSpec(_Model):
    """A validated export specification. ``sha256`` is that of the file it was read from."""

    format_version: int = Field(default=SPEC_FORMAT_VERSION, ge=1, le=SPEC_FORMAT_VERSION)
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    description: str = ""
    schemes: list[str] | None = None
    """Scheme ids to export (default: all schemes of the project)."""
    segments: list[str] | None = None
    """Segment ids to export (default: every segment of each scheme); ``session`` = whole session."""
    source: list[str] = Field(default_factory=lambda: ["consensus", "primary"], min_length=1)
    """Records tried in order: ``consensus``, ``primary``, or a coder id (``coder:ana`` or ``ana``)."""
    layout: Literal["long", "wide"] = "long"
    wide: WideSpec = Field(default_factory=WideSpec)
    incomplete: Literal["exclude", "include", "error"] = "exclude"
    allow_incomplete_consensus: bool = False
    """Export a consensus record whose disagreements are not all decided (warned per session and
    recorded in the manifest); by default such sessions are refused."""
    timed: TimedSpec = Field(default_factory=TimedSpec)
    ratings: RatingsSpec = Field(default_factory=RatingsSpec)
    classification: ClassificationSpec = Field(default_factory=ClassificationSpec)
    segment_info: SegmentInfoSpec = Field(default_factory=SegmentInfoSpec)
    sequential: SequentialSpec = Field(default_factory=SequentialSpec)
    """Lag, time-window, responsiveness and repair variables (``sequential_variables.py``)."""
    motion: MotionSpec | None = None
    """Motion energy per region and movement synchrony from the session videos (none when absent)."""
    key: KeySpec = Field(default_factory=KeySpec)
    formats: list[Literal["csv", "sav", "dta", "parquet", "xlsx"]] = Field(
        default_factory=lambda: ["csv"]  # type: ignore[arg-type]
    )
    raw: bool = False
    """Also write the raw tidy tables (all events, all ratings) joined to the key."""
    sha256: str = ""
    text: str = ""

    @field_validator("source")
    @classmethod
    def _sources(cls, value: list[str]) -> list[str]:
        for entry in value:
            if not entry or (entry.startswith("coder:") and len(entry) == 6):
                raise ValueError(f"'{entry}' is not a source (primary, consensus or a coder id)")
        return value


def parse_spec(text: str, *, path: str | Path = "<spec>") -> ExportSpec:
    """Validate spec text; an ExportError names the file and the field path."""
    raw = load_yaml(text, path=path, error=ExportError,
                    hint="see the shipped specs in coder/data/export_specs/ for examples")
    if not isinstance(raw, dict):
        raise ExportError("must be a mapping of fields (name, layout, …)", path=path)
    if "sha256" in raw or "text" in raw:
        raise ExportError("fields 'sha256' and 'text' are set by Coder, not by the spec", path=path)
    data: dict[str, Any] = dict(raw)
    data["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    data["text"] = text
    try:
        return ExportSpec.model_validate(data)
    except ValidationError as error:
        raise ExportError(
            validation_problem(error), path=path, hint="see the shipped specs in coder/data/export_specs/ for examples"
        ) from None


def load_spec(path: str | Path) -> ExportSpec:
    """Read and validate an export spec file (YAML)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ExportError("no such export spec file", path=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ExportError(f"cannot read the export spec: {error}", path=path) from None
    return parse_spec(text, path=path)
