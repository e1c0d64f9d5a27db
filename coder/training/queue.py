"""Putting gold sessions in coders' queues: openly for training, concealed for drift checks.

A training session and a gold check are ordinary assignments with a role (``training``,
``gold_check``) that lives in ``project.json`` and the audit log only: a coder's package lists
every session alike, under its pseudonymous code, with the same media treatment.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from coder.errors import WorkflowError
from coder.project.model import Assignment
from coder.project.project import Project
from coder.training.gold import gold_sessions


def _available(project: Project, coder: str) -> list[str]:
    """Gold sessions the coder has neither been given nor coded."""
    given = {a.session for a in project.assignments_of(coder)}
    return [
        s
        for s in gold_sessions(project)
        if s not in given and project.load_annotations(coder, s) is None
    ]


def assign_training(
    project: Project, coder: str, sessions: Sequence[str] = ()
) -> list[Assignment]:
    """Give ``coder`` gold sessions to code as training (all gold sessions they have not had
    when none are named). Every named session must be gold."""
    gold = set(gold_sessions(project))
    if sessions:
        missing = [s for s in sessions if s not in gold]
        if missing:
            raise WorkflowError(
                f"not gold: {', '.join(missing)}",
                hint="mark a session gold first (coder gold mark PROJECT SESSION …)",
            )
        chosen = list(sessions)
    else:
        chosen = _available(project, coder)
        if not chosen:
            raise WorkflowError(
                f"no gold session left to give to '{coder}'",
                hint="mark more sessions gold, or import a gold set",
            )
    return project.assign(coder, chosen, role="training")


def seed_gold_checks(
    project: Project, coder: str, *, count: int, seed: int
) -> list[Assignment]:
    """Conceal ``count`` gold sessions, drawn at random (``seed``), in ``coder``'s queue as drift
    checks. The draw is reproducible from its seed and recorded with it; the record and the
    assignments are written all or nothing."""
    if count < 1:
        raise WorkflowError("seed at least one gold session (--count ≥ 1)")
    available = _available(project, coder)
    if len(available) < count:
        raise WorkflowError(
            f"only {len(available)} gold sessions are left that '{coder}' has not had",
            hint="mark more sessions gold, or seed fewer",
        )
    chosen = sorted(random.Random(seed).sample(available, count))
    # The draw and the assignments it made are one change: never a logged draw without them.
    with project.change():
        project.audit("gold_checks_drawn", coder=coder, seed=seed, count=count)
        return project.assign(coder, chosen, role="gold_check")
