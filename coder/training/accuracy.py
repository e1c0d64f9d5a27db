"""A coder's accuracy against the gold: per timeline row over time, and what they confuse.

For a retraining conversation the lead needs, per coder: each row's agreement with the gold in
every scored gold session (training and concealed checks) in date order, and the pooled
confusion table of time units (rows = the gold's code, columns = the coder's), with the most
frequent confusions first. Figures are the reliability report's exact time-unit κ.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coder.annotations.model import SessionStatus
from coder.project.project import Project
from coder.reliability.report.figures import Thresholds
from coder.reliability.report.pairs import CodedPair
from coder.reliability.report.timed import timed_agreement
from coder.reliability.results import Table
from coder.reliability.time_units import NOTHING
from coder.scheme.model import Scheme
from coder.training.gold import gold_record
from coder.training.scoring import gold_pairs

SCORED_ROLES = ("training", "gold_check")


@dataclass(frozen=True, kw_only=True)
class AccuracyPoint:
    """One scored gold session of one row: its date, why it was coded, its κ (None: undefined)."""

    session: str
    date: str
    role: str  # "training" | "gold_check"
    kappa: float | None


@dataclass(frozen=True, kw_only=True)
class Confusion:
    """Time units the gold coded ``gold`` and the coder coded ``coded`` (code ids, with the
    scheme's labels)."""

    gold: str
    coded: str
    gold_label: str
    coded_label: str
    units: int


@dataclass(frozen=True, kw_only=True)
class RowAccuracy:
    """One exclusive stream (``code`` None) or one code of another row."""

    scheme: str
    row: str
    code: str | None
    label: str
    categories: tuple[str, ...]
    category_labels: tuple[str, ...]  # the scheme's labels of ``categories``
    points: tuple[AccuracyPoint, ...]
    confusion: Table  # pooled: rows = gold, columns = the coder, order of ``categories``
    confusions: tuple[Confusion, ...]  # off-diagonal cells, most units first


@dataclass(frozen=True, kw_only=True)
class CoderAccuracy:
    coder: str
    sessions: tuple[str, ...]
    rows: tuple[RowAccuracy, ...]


def _label(scheme: Scheme, category: str) -> str:
    if category == NOTHING:
        return "nothing coded"
    code = scheme.code(category)
    return code.label if code is not None and code.label else category


def scored_gold_sessions(project: Project, coder: str) -> list[tuple[str, str, str]]:
    """(date, session, role) of the coder's complete training and gold-check sessions."""
    found = []
    for assignment in project.assignments_of(coder):
        if assignment.role not in SCORED_ROLES:
            continue
        record = project.usable_annotations(coder, assignment.session)
        if record is None or record.status is not SessionStatus.COMPLETE:
            continue
        if gold_record(project, assignment.session) is None:
            continue
        date = record.header.modified or record.header.created
        found.append((date, assignment.session, assignment.role))
    return sorted(found)


def coder_accuracy(project: Project, coder: str) -> CoderAccuracy:
    """``coder``'s agreement with the gold per row and session, and their confusions."""
    scored = scored_gold_sessions(project, coder)
    when = {session: (date, role) for date, session, role in scored}
    pairs = [pair for pair, _ in gold_pairs(project, coder, [s for _, s, _ in scored])]
    settings = project.data.settings
    thresholds = Thresholds(
        settings.kappa_threshold, settings.icc_threshold, settings.alpha_threshold
    )
    by_scheme: dict[str, list[CodedPair]] = {}
    for pair in pairs:
        by_scheme.setdefault(pair.scheme.id, []).append(pair)
    rows: list[RowAccuracy] = []
    for scheme_id, group in sorted(by_scheme.items()):
        outcome = timed_agreement(
            group,
            np.zeros((0, len(group))),
            unit_ms=settings.unit_ms,
            tolerance_ms=settings.tolerance_ms,
            thresholds=thresholds,
        )
        scheme = group[0].scheme
        for row in outcome.rows:
            table = np.asarray(row.unit_table, dtype=float)
            labels = tuple(_label(scheme, c) for c in row.categories)
            confusions = [
                Confusion(
                    gold=row.categories[i],
                    coded=row.categories[j],
                    gold_label=labels[i],
                    coded_label=labels[j],
                    units=int(table[i, j]),
                )
                for i in range(len(row.categories))
                for j in range(len(row.categories))
                if i != j and table[i, j] > 0
            ]
            rows.append(
                RowAccuracy(
                    scheme=scheme_id,
                    row=row.row,
                    code=row.code,
                    label=row.label,
                    categories=row.categories,
                    category_labels=labels,
                    points=tuple(
                        AccuracyPoint(
                            session=s.session,
                            date=when[s.session][0],
                            role=when[s.session][1],
                            kappa=s.unit_kappa,
                        )
                        for s in sorted(row.sessions, key=lambda s: when[s.session])
                    ),
                    confusion=row.unit_table,
                    confusions=tuple(sorted(confusions, key=lambda c: (-c.units, c.gold, c.coded))),
                )
            )
    return CoderAccuracy(coder=coder, sessions=tuple(s for _, s, _ in scored), rows=tuple(rows))
