"""A coder's records compared with the gold, with the reliability report's own statistics.

The gold record is coder a and the coder under assessment coder b of each pair; the figures are
those of ``coder.reliability.report`` (time-unit and event κ per stream and code row, ICC(A,1) of
ratings and composites, classification agreement), pooled over the sessions given, with the
project's time unit and tolerance. No bootstrap: training decisions rest on the estimates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from coder.errors import WorkflowError
from coder.project.project import Project
from coder.reliability.disagreement import Disagreement
from coder.reliability.report.figures import Thresholds
from coder.reliability.report.model import (
    Figure,
    RatingAgreement,
    SspAgreement,
    TimedAgreement,
)
from coder.reliability.report.pairs import CodedPair, coded_pair
from coder.reliability.report.ratings import rating_agreement
from coder.reliability.report.ssp import classification_agreement
from coder.reliability.report.timed import timed_agreement
from coder.training.gold import gold_record
from coder.training.settings import Criteria

GOLD = "gold"


@dataclass(frozen=True, kw_only=True)
class Measure:
    """One figure against its criterion. ``passed`` is None when the figure is undefined here
    (e.g. a code that neither the gold nor the coder used) and so not assessed."""

    kind: str  # "unit_kappa" | "event_kappa" | "icc" | "classification_percent"
    row: str
    label: str
    estimate: float | None
    criterion: float
    passed: bool | None
    n: int
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class GoldComparison:
    """A coder's agreement with the gold over ``sessions`` (pooled), measure by measure."""

    coder: str
    sessions: tuple[str, ...]
    gold_versions: tuple[int, ...]
    measures: tuple[Measure, ...]
    session_kappas: tuple[float | None, ...]  # per session: mean exact time-unit κ of its rows
    disagreements: tuple[Disagreement, ...]
    unit_ms: int
    tolerance_ms: int

    @property
    def assessed(self) -> tuple[Measure, ...]:
        return tuple(m for m in self.measures if m.passed is not None)

    @property
    def passed(self) -> bool:
        """Every assessed measure meets its criterion (and at least one was assessed)."""
        return bool(self.assessed) and all(m.passed for m in self.assessed)


def gold_pairs(project: Project, coder: str, sessions: Sequence[str]) -> list[tuple[CodedPair, int]]:
    """(gold vs coder pair, gold version) of each session; a session without gold or without the
    coder's record is an error naming it."""
    found: list[tuple[CodedPair, int]] = []
    for session in sessions:
        entry = project.session(session)
        gold = gold_record(project, session)
        if gold is None:
            raise WorkflowError(f"session {session} has no gold record", hint="mark it gold first")
        record = project.usable_annotations(coder, session)
        if record is None:
            raise WorkflowError(f"coder '{coder}' has no record of session {session}")
        pair = coded_pair(
            session,
            project.scheme(entry.scheme),
            (GOLD, gold.annotations),
            (coder, record),
            entry.duration_ms,
        )
        if pair is not None:
            found.append((pair, gold.version))
    return found


def _timed_measures(rows: list[TimedAgreement], criteria: Criteria) -> list[Measure]:
    out = []
    for row in rows:
        name = row.row if row.code is None else f"{row.row}:{row.code}"
        out.append(_measure("unit_kappa", name, row.label, row.unit_exact, criteria.unit_kappa))
        if criteria.event_kappa is not None:
            out.append(_measure("event_kappa", name, row.label, row.event, criteria.event_kappa))
    return out


def _rating_measures(rows: list[RatingAgreement], criteria: Criteria) -> list[Measure]:
    return [_measure("icc", r.item, r.label, r.icc, criteria.icc) for r in rows]


def _class_measures(ssp: SspAgreement | None, criteria: Criteria) -> list[Measure]:
    if ssp is None:
        return []
    return [
        _measure("classification_percent", r.name, r.label, r.percent,
                 criteria.classification_percent)
        for r in ssp.reductions
    ]


def _measure(kind: str, row: str, label: str, figure: Figure, criterion: float) -> Measure:
    estimate = figure.estimate
    return Measure(
        kind=kind,
        row=row,
        label=label,
        estimate=estimate,
        criterion=criterion,
        passed=None if estimate is None else bool(round(estimate, 10) >= criterion),
        n=figure.n,
        note=figure.note,
    )


def compare_with_gold(
    project: Project, coder: str, sessions: Sequence[str], criteria: Criteria
) -> GoldComparison:
    """``coder``'s records of ``sessions`` against their gold records, pooled per scheme."""
    settings = project.data.settings
    thresholds = Thresholds(
        settings.kappa_threshold, settings.icc_threshold, settings.alpha_threshold
    )
    scored = gold_pairs(project, coder, sessions)
    by_scheme: dict[str, list[CodedPair]] = {}
    for pair, _version in scored:
        by_scheme.setdefault(pair.scheme.id, []).append(pair)
    measures: list[Measure] = []
    found: list[Disagreement] = []
    kappas: dict[str, float | None] = {}
    for _scheme, group in sorted(by_scheme.items()):
        weights = np.zeros((0, len(group)))
        timed = timed_agreement(
            group,
            weights,
            unit_ms=settings.unit_ms,
            tolerance_ms=settings.tolerance_ms,
            thresholds=thresholds,
        )
        measures += _timed_measures(timed.rows, criteria)
        found += timed.disagreements
        for pair, values in zip(group, timed.pair_kappas, strict=True):
            kappas[pair.session] = float(np.mean(values)) if values else None
        ratings, differ = rating_agreement(group, weights, thresholds)
        ssp, differ_class = classification_agreement(group, weights, thresholds)
        if ssp is not None and ssp.d_rating is not None:
            ratings.append(ssp.d_rating)
        measures += _rating_measures(ratings, criteria) + _class_measures(ssp, criteria)
        found += differ + differ_class
    return GoldComparison(
        coder=coder,
        sessions=tuple(p.session for p, _ in scored),
        gold_versions=tuple(v for _, v in scored),
        measures=tuple(measures),
        session_kappas=tuple(kappas.get(p.session) for p, _ in scored),
        disagreements=tuple(found),
        unit_ms=settings.unit_ms,
        tolerance_ms=settings.tolerance_ms,
    )
