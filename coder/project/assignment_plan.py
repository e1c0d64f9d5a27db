"""Balanced automatic assignment of unassigned sessions to coders.

Sessions without a primary coder are shared out so that each coder's count of primary sessions
stays as even as possible, overall and — when the key has the columns — within each stratum
(arm × timepoint by default), so no coder codes mostly one arm. The strata steer the plan only;
nothing a coder receives names them. The plan is deterministic for a given seed.
"""

from __future__ import annotations

import random
import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from coder.errors import WorkflowError
from coder.project.model import Assignment
from coder.project.project import Project
from coder.project.strata import has_key_columns, session_strata

DEFAULT_STRATA = ("arm", "timepoint")


@dataclass(frozen=True)
class AssignmentPlan:
    """Which coder gets which session (``pairs`` of session, coder), from which seed."""

    pairs: tuple[tuple[str, str], ...]
    coders: tuple[str, ...]
    seed: int
    stratified_by: tuple[str, ...]

    def sessions_of(self, coder: str) -> list[str]:
        return [s for s, c in self.pairs if c == coder]


def active_coders(project: Project, coders: Sequence[str] | None = None) -> list[str]:
    """``coders`` checked against the project, or every active coder of the project."""
    if coders:
        for coder in coders:
            if not project.has_coder(coder):
                raise WorkflowError(f"no coder '{coder}' in the project", path=project.file)
        return list(dict.fromkeys(coders))
    found = [c.id for c in project.coders if c.active]
    if not found:
        raise WorkflowError(
            "the project has no active coders", hint="add one with `coder add-coder`"
        )
    return found


def primary_coder(project: Project, session: str) -> str | None:
    """The coder who has ``session`` as primary, or None."""
    return next(
        (a.coder for a in project.data.assignments if a.session == session and a.role == "primary"),
        None,
    )


def plan_balanced(
    project: Project,
    *,
    coders: Sequence[str] | None = None,
    seed: int | None = None,
    strata: Sequence[str] = DEFAULT_STRATA,
) -> AssignmentPlan:
    """Plan primary assignments of every session that has none (reading only)."""
    chosen = active_coders(project, coders)
    seed = secrets.randbelow(2**31) if seed is None else seed
    rng = random.Random(seed)
    open_sessions = sorted(
        s.code for s in project.sessions if primary_coder(project, s.code) is None
    )
    columns = tuple(strata) if strata and has_key_columns(project, strata) else ()
    of = session_strata(project, open_sessions, columns)
    total: Counter[str] = Counter(
        a.coder for a in project.data.assignments if a.role == "primary" and a.coder in chosen
    )
    per_stratum: Counter[tuple[tuple[str, ...], str]] = Counter()
    for a in project.data.assignments:
        if a.role == "primary" and a.coder in chosen and a.session in of:
            per_stratum[(of[a.session], a.coder)] += 1
    tie = {c: rng.random() for c in chosen}
    order = list(open_sessions)
    rng.shuffle(order)
    order.sort(key=lambda code: of[code])  # stable: shuffled within each stratum
    pairs = []
    for code in order:
        coder = min(chosen, key=lambda c: (per_stratum[(of[code], c)], total[c], tie[c]))
        per_stratum[(of[code], coder)] += 1
        total[coder] += 1
        pairs.append((code, coder))
    return AssignmentPlan(
        pairs=tuple(sorted(pairs)), coders=tuple(chosen), seed=seed, stratified_by=columns
    )


def apply_plan(project: Project, plan: AssignmentPlan, *, actor: str = "lead") -> list[Assignment]:
    """Record a plan's assignments (role primary) and audit the draw with its seed."""
    made: list[Assignment] = []
    with project.change():  # all of the plan or none of it, its entries logged first
        project.audit(
            "balanced_assignment",
            actor=actor,
            seed=plan.seed,
            coders=list(plan.coders),
            stratified_by=list(plan.stratified_by),
            assignments=[{"session": s, "coder": c} for s, c in plan.pairs],
        )
        for coder in plan.coders:
            sessions = plan.sessions_of(coder)
            if sessions:
                made += project.assign(coder, sessions, role="primary", actor=actor)
    return made


def assign_sessions(
    project: Project,
    coder: str,
    sessions: Sequence[str],
    *,
    role: str = "primary",
    actor: str = "lead",
) -> list[Assignment]:
    """Give ``sessions`` to ``coder`` (unknown sessions or coders are refused before any change)."""
    if not project.has_coder(coder):
        raise WorkflowError(f"no coder '{coder}' in the project", path=project.file)
    codes = {s.code for s in project.sessions}
    unknown = [s for s in sessions if s not in codes]
    if unknown:
        raise WorkflowError(f"no session {', '.join(unknown)} in the project", path=project.file)
    if role == "primary":
        taken = [s for s in sessions if primary_coder(project, s) not in (None, coder)]
        if taken:
            raise WorkflowError(
                f"session {', '.join(taken)} already has a primary coder",
                hint="double coding is drawn with `coder sample`",
            )
    return project.assign(coder, list(sessions), role=role, actor=actor)
