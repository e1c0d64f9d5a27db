"""The ``motion:`` part of an export spec: motion energy per region and movement synchrony.

Per session × window (each marked segment, and the whole session), from the session's video and
the regions drawn for it: the mean motion energy of each region, and for each pair asked for,
the windowed cross-lagged correlation of the two regions' motion against a segment-shuffled
surrogate baseline. Motion is measured by the assisted-coding layer (``coder.assist``), which
sits above the export, so ``run_export`` is handed the producer (a ``MotionProducer``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from coder.export.variables import Record, Registry
from coder.progress import Progress
from coder.project.project import Project
from coder.scheme.model import Scheme

_REGION = r"^[A-Za-z][A-Za-z0-9_]{0,23}$"
SYNCHRONY_MEASURES = ("peak", "mean", "lag", "base", "excess", "windows")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SynchronySpec(_Model):
    """Movement synchrony of regions ``a`` and ``b`` (``sync_<a>_<b>_<measure>``)."""

    a: str = Field(pattern=_REGION)
    b: str = Field(pattern=_REGION)
    window_ms: int = Field(default=5000, ge=200, le=600_000)
    max_lag_ms: int = Field(default=2000, ge=0, le=60_000)
    surrogates: int = Field(default=50, ge=0, le=1000)
    seed: int = Field(default=0, ge=0)
    measures: list[Literal["peak", "mean", "lag", "base", "excess", "windows"]] = Field(
        default_factory=lambda: ["peak", "mean", "lag", "base", "excess"]  # type: ignore[arg-type]
    )

    @model_validator(mode="after")
    def _two_regions(self) -> SynchronySpec:
        if self.a == self.b:
            raise ValueError(f"synchrony needs two different regions, not '{self.a}' twice")
        if self.max_lag_ms >= self.window_ms:
            raise ValueError("max_lag_ms must be shorter than window_ms")
        return self


class MotionSpec(_Model):
    """Motion variables of the regions drawn for each session (Session ▸ Regions…)."""

    regions: list[str] | None = None
    """Regions whose mean motion energy is exported (default: every region drawn for an
    exported session; a session without one gets NA and a warning)."""
    energy: bool = True
    """``motion_<region>_mean``: mean motion energy per window."""
    synchrony: list[SynchronySpec] = Field(default_factory=list)
    width: int = Field(default=160, ge=32, le=1920)
    """Frames are scaled to this width (px) before differencing."""
    noise: int = Field(default=12, ge=0, le=254)
    """A pixel counts as changed when its grey level moves by more than this (0–255)."""
    smooth_frames: int = Field(default=5, ge=1, le=250)
    """Centred moving average (frames) applied before synchrony."""
    whole_session: bool = True
    """Add a whole-session window (segment ``session``) besides the marked segments."""

    @model_validator(mode="after")
    def _region_names(self) -> MotionSpec:
        for name in self.regions or []:
            if not re.fullmatch(_REGION, name):
                raise ValueError(f"'{name}' is not a region name (a letter, then letters, digits or _)")
        return self


@dataclass(frozen=True)
class MotionRows:
    """What a motion producer gives back: long rows, and for the manifest the tool, its
    version and parameters, and per session the video's hash, the regions used and whether the
    series came from the machine's cache."""

    rows: pd.DataFrame
    provenance: dict[str, Any] = field(default_factory=dict)
    inputs: tuple[Path, ...] = ()
    """Files read besides the records (each session's regions file), hashed in the manifest."""


MotionProducer = Callable[
    [Project, Scheme, Sequence[Record], MotionSpec, Sequence[str] | None, Registry, list[str], Progress],
    MotionRows,
]
"""Computes the long rows of the ``motion:`` variables (``coder.assist.motion_variables``):
arguments are the project, scheme, records, the spec's ``motion:``, its ``segments``, the
variable registry, the list warnings are added to and ``progress(fraction 0–1, message)``."""
