"""The project file ``project.json``: schemes, sessions, coders, assignments and settings.

Validated at the boundary with pydantic; the lead is its only writer. The models are frozen
values: ``coder.project.Project``'s methods make every change (validated, saved, audited).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from coder.project.project_paths import CODER_ID_PATTERN, file_name_problem

PROJECT_FORMAT = "coder-project"
PROJECT_FORMAT_VERSION = 1
SESSION_CODE_PATTERN = r"^[A-Z0-9][A-Z0-9_-]{1,31}$"
__all__ = ["CODER_ID_PATTERN", "SESSION_CODE_PATTERN", "CoderId"]


def _safe_file_name(value: str) -> str:
    problem = file_name_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


CoderId = Annotated[str, Field(pattern=CODER_ID_PATTERN), AfterValidator(_safe_file_name)]
"""A coder id: also a folder name on every system (see ``coder.project.project_paths``)."""


class _Model(BaseModel):
    """A value: frozen (change it with ``model_copy(update=…)`` through ``Project``'s methods)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SchemeEntry(_Model):
    """A scheme the project codes with; ``file`` is its copy under ``schemes/``."""

    id: str
    version: str
    sha256: str
    file: str


class VideoEntry(_Model):
    """One camera angle of a session. ``offset_ms`` is its time against the primary video.

    ``to_locate``: the file is not here yet (an imported ELAN/BORIS file named media that was not
    beside it); ``path`` is the name it was given, ``size`` 0 and ``sha256`` empty until
    ``coder relink`` attaches the file.
    """

    path: str
    size: int = Field(ge=0)
    sha256: str
    offset_ms: int = 0
    label: str = ""
    to_locate: bool = False


class SessionEntry(_Model):
    """A recorded session under its pseudonymous code; ``videos[0]`` is the primary camera."""

    code: str = Field(pattern=SESSION_CODE_PATTERN)
    scheme: str
    videos: tuple[VideoEntry, ...] = ()
    duration_ms: int | None = None
    added: str = ""


class CoderEntry(_Model):
    id: CoderId
    name: str = ""
    active: bool = True


class Assignment(_Model):
    """A session given to a coder; ``role`` is never shown to the coder."""

    session: str
    coder: str
    role: Literal["primary", "reliability", "training", "gold_check"] = "primary"
    assigned: str = ""


class Settings(_Model):
    """Lab thresholds and defaults used by reliability and export."""

    kappa_threshold: float = 0.60
    icc_threshold: float = 0.75
    alpha_threshold: float = 0.667
    unit_ms: int = 1000
    tolerance_ms: int = 2000
    backups_kept: int = 5


class ProjectFile(_Model):
    format: str = PROJECT_FORMAT
    format_version: int = PROJECT_FORMAT_VERSION
    name: str
    created: str = ""
    schemes: tuple[SchemeEntry, ...] = ()
    sessions: tuple[SessionEntry, ...] = ()
    coders: tuple[CoderEntry, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    settings: Settings = Field(default_factory=Settings)
