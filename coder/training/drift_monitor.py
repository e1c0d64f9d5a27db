"""Each coder's agreement series during live coding, and the drift rule's alarms.

Two sources feed a coder's series, in coding-date order: concealed gold checks (sessions given
with role ``gold_check``, scored against the gold once complete) and double-coded reliability
sessions (agreement with the partner coder, entered in both coders' series). The value of a
check is the session's mean exact time-unit κ over its timed rows, as in the reliability report.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coder.annotations.model import SessionStatus
from coder.project.project import Project
from coder.reliability.report.drift import coding_date
from coder.reliability.report.figures import Thresholds
from coder.reliability.report.pairs import CodedPair, double_coded
from coder.reliability.report.timed import timed_agreement
from coder.storage import now_iso
from coder.training.drift_rule import CusumRule
from coder.training.gold import gold_record
from coder.training.scoring import compare_with_gold
from coder.training.settings import TrainingSettings, load_training_settings

GOLD_CHECK = "gold"
RELIABILITY_CHECK = "reliability"


@dataclass(frozen=True, kw_only=True)
class DriftCheck:
    """One point of a coder's series: against the gold or a reliability partner."""

    session: str
    date: str
    source: str  # "gold" | "reliability"
    partner: str
    kappa: float
    cusum: float


@dataclass(frozen=True, kw_only=True)
class CoderDrift:
    """A coder's checks in date order and the first alarm (session and date), if any."""

    coder: str
    checks: tuple[DriftCheck, ...]
    alarm_session: str | None
    alarm_date: str | None

    @property
    def alarm(self) -> bool:
        return self.alarm_session is not None


@dataclass(frozen=True, kw_only=True)
class DriftReport:
    """Every coder's series under one rule, with the rule's parameters and error rates."""

    rule: CusumRule
    rule_text: str
    false_alarm_rate: float
    coders: tuple[CoderDrift, ...]
    generated: str


def _gold_checks(
    project: Project, coder: str, settings: TrainingSettings
) -> list[tuple[str, str, str, float]]:
    found = []
    for assignment in project.assignments_of(coder):
        if assignment.role != "gold_check" or gold_record(project, assignment.session) is None:
            continue
        record = project.usable_annotations(coder, assignment.session)
        if record is None or record.status is not SessionStatus.COMPLETE:
            continue
        scored = compare_with_gold(project, coder, [assignment.session], settings.criteria)
        kappa = scored.session_kappas[0] if scored.session_kappas else None
        if kappa is not None:
            date = record.header.modified or record.header.created
            found.append((date, assignment.session, f"{GOLD_CHECK}:gold", kappa))
    return found


def _reliability_checks(project: Project) -> dict[str, list[tuple[str, str, str, float]]]:
    """Per coder: (date, session, 'reliability:partner', κ) of each double-coded session."""
    settings = project.data.settings
    thresholds = Thresholds(
        settings.kappa_threshold, settings.icc_threshold, settings.alpha_threshold
    )
    pairs, _excluded = double_coded(project)
    by_scheme: dict[str, list[CodedPair]] = {}
    for pair in pairs:
        by_scheme.setdefault(pair.scheme.id, []).append(pair)
    series: dict[str, list[tuple[str, str, str, float]]] = {}
    for group in by_scheme.values():
        outcome = timed_agreement(
            group,
            np.zeros((0, len(group))),
            unit_ms=settings.unit_ms,
            tolerance_ms=settings.tolerance_ms,
            thresholds=thresholds,
        )
        for pair, kappas in zip(group, outcome.pair_kappas, strict=True):
            if not kappas:
                continue
            value, date = float(np.mean(kappas)), coding_date(pair)
            for me, other in ((pair.coder_a, pair.coder_b), (pair.coder_b, pair.coder_a)):
                series.setdefault(me, []).append(
                    (date, pair.session, f"{RELIABILITY_CHECK}:{other}", value)
                )
    return series


def _series(
    coder: str, points: list[tuple[str, str, str, float]], rule: CusumRule
) -> CoderDrift:
    points = sorted(points)
    path = rule.run([p[3] for p in points])
    checks = tuple(
        DriftCheck(
            session=session,
            date=date,
            source=source.split(":", 1)[0],
            partner=source.split(":", 1)[1],
            kappa=value,
            cusum=statistic,
        )
        for (date, session, source, value), statistic in zip(points, path.statistic, strict=True)
    )
    alarm = checks[path.first_alarm] if path.first_alarm is not None else None
    return CoderDrift(
        coder=coder,
        checks=checks,
        alarm_session=alarm.session if alarm else None,
        alarm_date=alarm.date if alarm else None,
    )


def coder_drift(
    project: Project, coder: str, settings: TrainingSettings | None = None
) -> CoderDrift:
    """One coder's series and alarm."""
    settings = settings or load_training_settings(project)
    rule = CusumRule.from_settings(settings.drift)
    points = _gold_checks(project, coder, settings)
    points += _reliability_checks(project).get(coder, [])
    return _series(coder, points, rule)


def drift_report(project: Project) -> DriftReport:
    """Every coder's series under the project's drift rule."""
    settings = load_training_settings(project)
    rule = CusumRule.from_settings(settings.drift)
    reliability = _reliability_checks(project)
    coders = []
    for entry in project.coders:
        points = _gold_checks(project, entry.id, settings) + reliability.get(entry.id, [])
        coders.append(_series(entry.id, points, rule))
    return DriftReport(
        rule=rule,
        rule_text=rule.describe(),
        false_alarm_rate=rule.false_alarm_rate(),
        coders=tuple(coders),
        generated=now_iso(),
    )
