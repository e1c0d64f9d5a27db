"""Everything the lead's training dashboard shows, computed in one pass over the project."""

from __future__ import annotations

from dataclasses import dataclass

from coder.project.project import Project
from coder.training.accuracy import CoderAccuracy, coder_accuracy
from coder.training.certification import CertificationReport, certify
from coder.training.drift_monitor import DriftReport, drift_report


@dataclass(frozen=True, kw_only=True)
class CoderOverview:
    certification: CertificationReport
    accuracy: CoderAccuracy


@dataclass(frozen=True, kw_only=True)
class TrainingOverview:
    """Per coder: certification status and accuracy against the gold; the drift report."""

    coders: tuple[CoderOverview, ...]
    drift: DriftReport


def training_overview(project: Project) -> TrainingOverview:
    drift = drift_report(project)
    series = {c.coder: c for c in drift.coders}
    return TrainingOverview(
        coders=tuple(
            CoderOverview(
                certification=certify(project, entry.id, series.get(entry.id)),
                accuracy=coder_accuracy(project, entry.id),
            )
            for entry in project.coders
        ),
        drift=drift,
    )
