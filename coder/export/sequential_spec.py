"""The ``sequential:`` part of an export spec: lag, time-window, responsiveness and repair variables.

Each entry becomes per-session variables of the dataset (see ``coder.analysis.dataset_variables``
for their names and definitions, repeated in the codebook). The analysis sits above the export,
so ``run_export`` is handed the producer (a ``SequentialProducer``) by its caller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from coder.export.variables import Record, Registry
from coder.scheme.model import Scheme

_NAME = r"^[A-Za-z][A-Za-z0-9_]*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LagCellSpec(_Model):
    """One given → target cell of a session's lag table over ``streams``."""

    streams: list[str] = Field(min_length=1)
    given: str
    target: str
    lag: int = Field(default=1, ge=1)
    repeats: bool = True
    measures: list[Literal["count", "prob", "adjres", "yules_q"]] = Field(
        default_factory=lambda: ["count", "prob", "adjres", "yules_q"]  # type: ignore[arg-type]
    )


class WindowContingencySpec(_Model):
    name: str = Field(pattern=_NAME)
    given: list[str] = Field(min_length=1)
    target: list[str] = Field(min_length=1)
    window_ms: tuple[int, int] = (0, 3000)
    unit_ms: int = Field(default=100, gt=0)
    target_rule: Literal["present", "onset"] = "present"
    measures: list[Literal["yules_q", "odds_ratio", "log_odds", "log_odds_se"]] = Field(
        default_factory=lambda: ["yules_q", "log_odds", "log_odds_se"]  # type: ignore[arg-type]
    )


class ResponsivenessVariablesSpec(_Model):
    name: str = Field(pattern=_NAME)
    bids: list[str] = Field(min_length=1)
    responses: list[str] = Field(min_length=1)
    window_ms: tuple[int, int] = (0, 3000)
    unit_ms: int = Field(default=100, gt=0)


class MatchRepairVariablesSpec(_Model):
    infant: dict[str, Literal["positive", "negative"]]
    caregiver: dict[str, Literal["positive", "negative"]]
    unit_ms: int = Field(default=1000, gt=0)
    contrasts: bool = True
    """Also still-face contrasts of the match proportion (still_face − play, reunion − play, …)."""


class LatencySpec(_Model):
    """Latency from each onset of ``from_codes`` to the next onset of ``to_codes``."""

    name: str = Field(pattern=_NAME)
    from_codes: list[str] = Field(min_length=1)
    to_codes: list[str] = Field(min_length=1)


class DuringSpec(_Model):
    """Co-occurrence: ``a`` during ``b``."""

    name: str = Field(pattern=_NAME)
    a: str
    b: str


class BinsSpec(_Model):
    """Time budgets in fixed bins from the session start (``<code>_<measure>_bin01`` …)."""

    bin_ms: int = Field(gt=0)
    codes: list[str] | None = None
    measures: list[Literal["freq", "rate", "dur", "prop", "mbout", "lat"]] = Field(
        default_factory=lambda: ["freq", "dur", "prop"]  # type: ignore[arg-type]
    )


class SequentialSpec(_Model):
    lag: list[LagCellSpec] = Field(default_factory=list)
    contingency: list[WindowContingencySpec] = Field(default_factory=list)
    responsiveness: list[ResponsivenessVariablesSpec] = Field(default_factory=list)
    match_repair: MatchRepairVariablesSpec | None = None
    latency: list[LatencySpec] = Field(default_factory=list)
    during: list[DuringSpec] = Field(default_factory=list)
    bins: BinsSpec | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.lag or self.contingency or self.responsiveness or self.match_repair
                    or self.latency or self.during or self.bins)


SequentialProducer = Callable[[Scheme, Sequence[Record], SequentialSpec, Registry], pd.DataFrame]
"""Computes the long rows of the ``sequential:`` variables (``coder.analysis.dataset_variables``)."""
