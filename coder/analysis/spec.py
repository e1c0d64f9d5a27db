"""The analysis specification: which lag tables, time budgets and contingencies ``coder analyze`` runs.

Without a spec, ``default_spec`` analyses every stream: a pooled lag-1 table per exclusive
stream (repeats allowed: a stream's state may follow itself after a gap) and time budgets of
every code over the whole session.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coder.errors import AnalysisError
from coder.scheme.model import Scheme
from coder.scheme.yaml_load import load_yaml
from coder.storage.json_file import validation_problem

ANALYSIS_SPEC_FORMAT_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LagSpec(_Model):
    """A pooled lag table over one stream, or several streams merged in time order."""

    name: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    streams: list[str] = Field(min_length=1)
    lag: int = Field(default=1, ge=1)
    repeats: bool = True
    """False: codes cannot follow themselves (structural zeros); consecutive repeats are collapsed first."""
    permutations: int = Field(default=0, ge=0)
    seed: int | None = None


class WindowSpec(_Model):
    name: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    start_ms: int = Field(ge=0)
    end_ms: int = Field(gt=0)
    segment: str | None = None


class BudgetSpec(_Model):
    by: Literal["session", "segment", "bins", "windows"] = "session"
    bin_ms: int | None = Field(default=None, gt=0)
    windows: list[WindowSpec] = Field(default_factory=list)
    codes: list[str] | None = None
    proportion_denominator: Literal["window", "codable"] = "window"
    """``codable``: the window minus the time coded uncodable in the same stream."""
    contrasts: bool = False
    """With ``by: segment``: add still-face contrasts (still_face − play, reunion − play,
    reunion − still_face) of every measure, as windows named ``<a>_minus_<b>``."""


class LatencySpec(_Model):
    """Per session: latency from each onset of ``from_codes`` to the next onset of ``to_codes``."""

    name: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    from_codes: list[str] = Field(min_length=1)
    to_codes: list[str] = Field(min_length=1)


class DuringSpec(_Model):
    """Per session: "A during B" co-occurrence."""

    name: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    a: str
    b: str


class ContingencySpec(_Model):
    """Time-window contingency of target codes after given codes, per session."""

    name: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    given: list[str] = Field(min_length=1)
    target: list[str] = Field(min_length=1)
    window_ms: tuple[int, int] = (0, 3000)
    unit_ms: int = Field(default=100, gt=0)
    target_rule: Literal["present", "onset"] = "present"


class ResponsivenessSpec(_Model):
    name: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    bids: list[str] = Field(min_length=1)
    responses: list[str] = Field(min_length=1)
    window_ms: tuple[int, int] = (0, 3000)
    unit_ms: int = Field(default=100, gt=0)


class MatchRepairSpec(_Model):
    infant: dict[str, Literal["positive", "negative"]]
    caregiver: dict[str, Literal["positive", "negative"]]
    unit_ms: int = Field(default=1000, gt=0)


class AnalysisSpec(_Model):
    format_version: int = Field(default=ANALYSIS_SPEC_FORMAT_VERSION, ge=1, le=ANALYSIS_SPEC_FORMAT_VERSION)
    name: str = Field(default="analysis", pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    description: str = ""
    scheme: str | None = None
    """Scheme id whose sessions are analysed (default: every scheme of the project)."""
    source: list[str] = Field(default_factory=lambda: ["consensus", "primary"], min_length=1)
    sessions: list[str] | None = None
    """Session codes to analyse (default: every session of the scheme)."""
    lag: list[LagSpec] = Field(default_factory=list)
    budget: BudgetSpec | None = Field(default_factory=BudgetSpec)
    contingency: list[ContingencySpec] = Field(default_factory=list)
    responsiveness: list[ResponsivenessSpec] = Field(default_factory=list)
    match_repair: MatchRepairSpec | None = None
    latency: list[LatencySpec] = Field(default_factory=list)
    during: list[DuringSpec] = Field(default_factory=list)


def parse_analysis_spec(text: str, *, path: str | Path = "<spec>") -> AnalysisSpec:
    """Validate analysis-spec YAML; an AnalysisError names the file and the field path."""
    raw = load_yaml(text, path=path, error=AnalysisError,
                    hint="see coder/data/analysis_specs/ for an example")
    if not isinstance(raw, dict):
        raise AnalysisError("must be a mapping of fields (name, lag, budget, …)", path=path)
    try:
        return AnalysisSpec.model_validate(raw)
    except ValidationError as error:
        raise AnalysisError(validation_problem(error), path=path,
                            hint="see coder/data/analysis_specs/ for an example") from None


def load_analysis_spec(path: str | Path) -> AnalysisSpec:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnalysisError("no such analysis spec file", path=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise AnalysisError(f"cannot read the analysis spec: {error}", path=path) from None
    return parse_analysis_spec(text, path=path)


def default_spec(schemes: list[Scheme]) -> AnalysisSpec:
    """A lag-1 table per exclusive stream of each scheme and time budgets of every code."""
    lags = []
    for scheme in schemes:
        for stream in scheme.streams:
            if stream.exclusive:
                lags.append(LagSpec(name=f"{scheme.id}_{stream.id}" if len(schemes) > 1 else stream.id,
                                    streams=[stream.id]))
    return AnalysisSpec(name="default", lag=lags)
