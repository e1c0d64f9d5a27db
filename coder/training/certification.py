"""Certification: a trainee's completed training sessions against the gold, measure by measure.

A coder is certified on the date their most recent ``sessions_to_certify`` scored training
sessions, pooled, first meet every criterion; a certified coder whose drift rule has raised an
alarm since is ``lapsed``. A training session is scored once the trainee marks it complete and
it has a gold record.
"""

from __future__ import annotations

from dataclasses import dataclass

from coder.annotations.model import SessionStatus
from coder.errors import WorkflowError
from coder.project.project import Project
from coder.storage import now_iso
from coder.training.drift_monitor import CoderDrift, coder_drift
from coder.training.gold import gold_record
from coder.training.scoring import GoldComparison, compare_with_gold
from coder.training.settings import TrainingSettings, load_training_settings

NOT_STARTED = "no training yet"
IN_TRAINING = "in training"
CERTIFIED = "certified"
LAPSED = "lapsed"


@dataclass(frozen=True, kw_only=True)
class TrainingSession:
    """One scored training session: the date the trainee's record was last saved, whether it
    met every criterion on its own, and its mean exact time-unit κ against the gold."""

    session: str
    date: str
    passed: bool
    kappa: float | None


@dataclass(frozen=True, kw_only=True)
class CertificationReport:
    """A coder's training status with the figures it rests on and the settings used."""

    coder: str
    status: str
    certified_on: str | None
    lapsed_on: str | None
    sessions: tuple[TrainingSession, ...]
    pending: tuple[str, ...]  # training sessions given but not yet scored
    latest: GoldComparison | None  # the pooled comparison of the most recent sessions
    settings: TrainingSettings
    generated: str


def training_sessions(project: Project, coder: str) -> list[str]:
    """Sessions given to ``coder`` for training."""
    return [a.session for a in project.assignments_of(coder) if a.role == "training"]


def _scored(project: Project, coder: str) -> tuple[list[tuple[str, str]], list[str]]:
    scored, pending = [], []
    for session in training_sessions(project, coder):
        record = project.usable_annotations(coder, session)
        if (
            record is None
            or record.status is not SessionStatus.COMPLETE
            or gold_record(project, session) is None
        ):
            pending.append(session)
            continue
        scored.append((record.header.modified or record.header.created, session))
    return sorted(scored), pending


def certify(
    project: Project, coder: str, drift: CoderDrift | None = None
) -> CertificationReport:
    """``coder``'s certification status against the project's criteria (``drift``: the coder's
    series when already computed)."""
    if not project.has_coder(coder):
        raise WorkflowError(f"no coder '{coder}' in the project")
    settings = load_training_settings(project)
    scored, pending = _scored(project, coder)
    sessions: list[TrainingSession] = []
    certified_on: str | None = None
    latest: GoldComparison | None = None
    window = settings.sessions_to_certify
    for i, (date, session) in enumerate(scored):
        alone = compare_with_gold(project, coder, [session], settings.criteria)
        sessions.append(
            TrainingSession(
                session=session, date=date, passed=alone.passed, kappa=alone.session_kappas[0]
            )
        )
        if i + 1 >= window:
            recent = [s for _, s in scored[i + 1 - window : i + 1]]
            latest = compare_with_gold(project, coder, recent, settings.criteria)
            if certified_on is None and latest.passed:
                certified_on = date
    if latest is None and scored:
        latest = compare_with_gold(project, coder, [s for _, s in scored], settings.criteria)
    status = NOT_STARTED if not scored else (CERTIFIED if certified_on else IN_TRAINING)
    lapsed_on = None
    if certified_on is not None:
        drift = drift or coder_drift(project, coder, settings)
        alarm = drift.alarm_date
        if alarm is not None and alarm >= certified_on:
            status, lapsed_on = LAPSED, alarm
    return CertificationReport(
        coder=coder,
        status=status,
        certified_on=certified_on,
        lapsed_on=lapsed_on,
        sessions=tuple(sessions),
        pending=tuple(pending),
        latest=latest,
        settings=settings,
        generated=now_iso(),
    )
