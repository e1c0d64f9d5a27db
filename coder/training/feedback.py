"""A trainee's feedback on a scored training session: where their record differs from the gold.

Shown to the trainee only when the lead has switched feedback on (``training.json``), only for
sessions given to them for training (never for concealed gold checks), and only once the
session is complete and scored. Values are worded with the scheme's labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from coder.annotations.model import SessionStatus
from coder.errors import WorkflowError
from coder.project.project import Project
from coder.reliability.time_units import NOTHING
from coder.scheme.model import Scheme
from coder.training.gold import gold_record
from coder.training.scoring import GoldComparison, compare_with_gold
from coder.training.settings import load_training_settings


@dataclass(frozen=True, kw_only=True)
class FeedbackItem:
    """One place where the trainee's record differs from the gold (``time_ms`` None: a rating
    or the classification)."""

    time_ms: int | None
    what: str
    gold: str
    yours: str


@dataclass(frozen=True, kw_only=True)
class Feedback:
    session: str
    comparison: GoldComparison
    items: tuple[FeedbackItem, ...]


def _words(scheme: Scheme, value: object) -> str:
    if value is None or value == NOTHING:
        return "nothing coded"
    if isinstance(value, str):
        code = scheme.code(value)
        return code.label if code is not None and code.label else value
    return f"{value:g}" if isinstance(value, float) else str(value)


def _row_label(scheme: Scheme, row: str) -> str:
    item, _, segment = row.partition("@")
    rating = scheme.rating(item)
    if rating is not None:
        seg = scheme.segment(segment)
        where = f" ({seg.label or seg.id})" if seg is not None else ""
        return f"{rating.label or rating.id}{where}"
    code = scheme.code(row)
    if code is not None:
        return code.label or row
    stream = scheme.stream(row)
    return (stream.label if stream is not None else "") or row


def feedback_available(project: Project, coder: str, session: str) -> bool:
    """Whether ``coder`` may see feedback on ``session`` now."""
    if not load_training_settings(project).feedback:
        return False
    if not any(
        a.session == session and a.role == "training" for a in project.assignments_of(coder)
    ):
        return False
    record = project.usable_annotations(coder, session)
    return (
        record is not None
        and record.status is SessionStatus.COMPLETE
        and gold_record(project, session) is not None
    )


def training_feedback(project: Project, coder: str, session: str) -> Feedback:
    """The differences between ``coder``'s training record of ``session`` and its gold."""
    if not feedback_available(project, coder, session):
        raise WorkflowError(
            "no feedback for this session",
            hint="feedback is given on completed training sessions when the lead allows it",
        )
    settings = load_training_settings(project)
    comparison = compare_with_gold(project, coder, [session], settings.criteria)
    scheme = project.scheme_for(session)
    items = tuple(
        FeedbackItem(
            time_ms=d.time_ms,
            what=_row_label(scheme, d.row),
            gold=_words(scheme, d.value_a),
            yours=_words(scheme, d.value_b),
        )
        for d in sorted(
            comparison.disagreements, key=lambda d: (d.time_ms is None, d.time_ms or 0, d.row)
        )
    )
    return Feedback(session=session, comparison=comparison, items=items)
