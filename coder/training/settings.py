"""The lab's training settings: criteria per measure, feedback, and the drift rule's parameters.

Kept in ``training.json`` beside ``project.json``, written by the lead only. Defaults follow common
practice (κ ≥ .80 or ICC ≥ .80 against a master coder; 80 % agreement on attachment
classifications) and are recorded in every certification and drift report.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coder.errors import StorageError
from coder.project.project import Project
from coder.storage.atomic import atomic_write_json
from coder.storage.json_file import read_versioned, validation_problem

TRAINING_FILE = "training.json"
TRAINING_FORMAT = "coder-training"
TRAINING_FORMAT_VERSION = 1


@dataclass(frozen=True, kw_only=True)
class Criteria:
    """Pass marks, each against the gold record, pooled over the sessions assessed.

    ``unit_kappa``: exact time-unit κ of each exclusive stream and code row; ``event_kappa``:
    event-based κ of each row (None = not assessed); ``icc``: ICC(A,1) of each rating item and
    composite; ``classification_percent``: percent agreement on each classification reduction
    (4-way, forced 3-way, secure, D, subgroup).
    """

    unit_kappa: float = 0.80
    event_kappa: float | None = 0.80
    icc: float = 0.80
    classification_percent: float = 80.0


@dataclass(frozen=True, kw_only=True)
class DriftSettings:
    """A one-sided lower CUSUM on each coder's per-session agreement (mean exact time-unit κ).

    ``in_control``: the κ a certified coder keeps; ``shift``: the fall to detect; ``sd``: the
    session-to-session standard deviation of κ for a steady coder; ``h``: decision interval in
    standard deviations (reference value k = shift / 2 sd). ``horizon``: the number of checks
    over which the false-alarm rate is stated.
    """

    in_control: float = 0.85
    shift: float = 0.10
    sd: float = 0.06
    h: float = 4.0
    horizon: int = 20


@dataclass(frozen=True, kw_only=True)
class TrainingSettings:
    """Criteria, how many recent training sessions certification pools, feedback, drift rule."""

    criteria: Criteria = field(default_factory=Criteria)
    sessions_to_certify: int = 2
    feedback: bool = False
    drift: DriftSettings = field(default_factory=DriftSettings)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _CriteriaRow(_Model):
    unit_kappa: float = Field(default=0.80, ge=-1, le=1)
    event_kappa: float | None = Field(default=0.80, ge=-1, le=1)
    icc: float = Field(default=0.80, ge=-1, le=1)
    classification_percent: float = Field(default=80.0, ge=0, le=100)


class _DriftRow(_Model):
    in_control: float = Field(default=0.85, ge=-1, le=1)
    shift: float = Field(default=0.10, gt=0, le=2)
    sd: float = Field(default=0.06, gt=0, le=2)
    h: float = Field(default=4.0, gt=0, le=50)
    horizon: int = Field(default=20, ge=1, le=10_000)


class _TrainingFile(_Model):
    format: str
    format_version: int
    criteria: _CriteriaRow = Field(default_factory=lambda: _CriteriaRow())
    sessions_to_certify: int = Field(default=2, ge=1, le=100)
    feedback: bool = False
    drift: _DriftRow = Field(default_factory=lambda: _DriftRow())


def training_path(project: Project) -> Path:
    return project.root / TRAINING_FILE


def load_training_settings(project: Project) -> TrainingSettings:
    """The project's training settings (defaults when it has no ``training.json``)."""
    path = training_path(project)
    if not path.exists():
        return TrainingSettings()
    data = read_versioned(path, TRAINING_FORMAT, TRAINING_FORMAT_VERSION)
    try:
        raw = _TrainingFile.model_validate(data)
    except ValidationError as error:
        raise StorageError(
            f"invalid training settings: {validation_problem(error)}",
            path=path,
            hint="fix the value or delete the file to return to the defaults",
        ) from None
    return TrainingSettings(
        criteria=Criteria(**raw.criteria.model_dump()),
        sessions_to_certify=raw.sessions_to_certify,
        feedback=raw.feedback,
        drift=DriftSettings(**raw.drift.model_dump()),
    )


def save_training_settings(project: Project, settings: TrainingSettings, *, by: str) -> None:
    """Write ``training.json`` (validated), audited before the write."""
    data = {
        "format": TRAINING_FORMAT,
        "format_version": TRAINING_FORMAT_VERSION,
        **asdict(settings),
    }
    try:
        _TrainingFile.model_validate(data)
    except ValidationError as error:
        raise StorageError(
            f"invalid training settings: {validation_problem(error)}", path=training_path(project)
        ) from None
    project.audit("training_settings", actor=by, settings=asdict(settings))
    atomic_write_json(training_path(project), data)
