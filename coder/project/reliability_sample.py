"""The double-coding sample: a stratified random share of sessions, each given to a second coder.

The sample is drawn from sessions that have a primary coder and are not yet double-coded. The
number drawn is ``round(fraction × N)`` (half up), allocated to strata (key columns, arm ×
timepoint by default) in proportion to their size with largest-remainder rounding (Hamilton's
method; ties go to the larger stratum, then the stratum's name), and drawn within each stratum
by a seeded ``random.Random``, so a seed reproduces the sample exactly. Each drawn session goes to
a second coder other than its primary, keeping the coders' numbers of second sessions even.
The role ("reliability") lives in ``project.json`` and the audit log only: nothing a coder
receives says a session is double-coded.
"""

from __future__ import annotations

import math
import random
import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from coder.errors import WorkflowError
from coder.project.assignment_plan import active_coders, primary_coder
from coder.project.model import Assignment
from coder.project.project import Project
from coder.project.strata import Stratum, session_strata


@dataclass(frozen=True)
class StratumDraw:
    """One stratum: its key values, how many eligible sessions it has, which were drawn."""

    values: Stratum
    population: int
    drawn: tuple[str, ...]


@dataclass(frozen=True)
class ReliabilitySample:
    """A drawn sample: parameters, strata, and each drawn session's second coder."""

    seed: int
    fraction: float
    stratified_by: tuple[str, ...]
    strata: tuple[StratumDraw, ...]
    second_coders: tuple[tuple[str, str], ...]  # (session, coder), sorted by session
    coders: tuple[str, ...] = ()  # the coders the draw could give sessions to

    @property
    def sessions(self) -> list[str]:
        return [s for s, _c in self.second_coders]


def largest_remainder(total: int, sizes: Sequence[int]) -> list[int]:
    """Split ``total`` over groups in proportion to ``sizes`` (Hamilton's method).

    Each group gets the floor of its quota, and the units left go to the largest remainders
    (ties: larger group first, then earlier group). No group gets more than its size.
    """
    population = sum(sizes)
    if population == 0:
        return [0] * len(sizes)
    quotas = [Fraction(total * size, population) for size in sizes]
    shares = [math.floor(q) for q in quotas]
    left = total - sum(shares)
    order = sorted(range(len(sizes)), key=lambda i: (-(quotas[i] - shares[i]), -sizes[i], i))
    for i in order[:left]:
        shares[i] += 1
    return [min(s, n) for s, n in zip(shares, sizes, strict=True)]


def draw_sample(
    project: Project,
    *,
    fraction: float,
    stratify: Sequence[str] = ("arm", "timepoint"),
    seed: int | None = None,
    coders: Sequence[str] | None = None,
) -> ReliabilitySample:
    """Draw the double-coding sample (reading only; :func:`apply_sample` records it)."""
    if not 0 < fraction <= 1:
        raise WorkflowError(f"the fraction must be above 0 and at most 1, not {fraction}")
    chosen = active_coders(project, coders)
    if len(chosen) < 2:
        raise WorkflowError("double coding needs at least two active coders")
    seed = secrets.randbelow(2**31) if seed is None else seed
    rng = random.Random(seed)
    doubled = {a.session for a in project.data.assignments if a.role == "reliability"}
    primaries = {s.code: primary_coder(project, s.code) for s in project.sessions}
    eligible = sorted(c for c, p in primaries.items() if p is not None and c not in doubled)
    if not eligible:
        raise WorkflowError(
            "no session can be drawn: none has a primary coder and no second one yet",
            hint="assign sessions first with `coder assign`",
        )
    of = session_strata(project, eligible, stratify)
    groups: dict[Stratum, list[str]] = {}
    for code in eligible:
        groups.setdefault(of[code], []).append(code)
    names = sorted(groups)
    total = math.floor(fraction * len(eligible) + 0.5)
    shares = largest_remainder(total, [len(groups[n]) for n in names])
    strata = []
    for name, share in zip(names, shares, strict=True):
        strata.append(
            StratumDraw(name, len(groups[name]), tuple(sorted(rng.sample(groups[name], share))))
        )
    load: Counter[str] = Counter(
        a.coder for a in project.data.assignments if a.role == "reliability"
    )
    tie = {c: rng.random() for c in chosen}
    chosen.sort(key=lambda c: tie[c])
    given: dict[str, str] = {}
    for draw in strata:
        for code in draw.drawn:
            candidates = [c for c in chosen if c != primaries[code]]
            given[code] = min(candidates, key=lambda c: load[c])
            load[given[code]] += 1
    _rebalance(given, primaries, load, chosen)
    return ReliabilitySample(
        seed=seed,
        fraction=fraction,
        stratified_by=tuple(stratify),
        strata=tuple(strata),
        second_coders=tuple(sorted(given.items())),
        coders=tuple(sorted(chosen)),
    )


def _rebalance(
    given: dict[str, str], primaries: dict[str, str | None], load: Counter[str], coders: list[str]
) -> None:
    """Even out second-coder loads by moving sessions along chains of coders.

    A greedy pass can leave one coder short when the only sessions they may take (not their
    own as primary) went to others. While two coders' loads differ by more than one, a
    breadth-first search finds a chain heavy → … → light in which each coder hands one session
    to the next who may code it; moving along it lowers the heavy load and raises the light one
    by one, leaving the others unchanged (an augmenting path). Stops when no chain exists.
    """
    while True:
        for heavy in sorted(coders, key=lambda c: -load[c]):
            chain = None
            for light in sorted(coders, key=lambda c: load[c]):
                if load[heavy] - load[light] > 1:
                    chain = _chain(given, primaries, coders, heavy, light)
                    if chain:
                        break
            if chain:
                for code, coder in chain:
                    load[given[code]] -= 1
                    given[code] = coder
                    load[coder] += 1
                break
        else:
            return


def _chain(
    given: dict[str, str],
    primaries: dict[str, str | None],
    coders: list[str],
    start: str,
    goal: str,
) -> list[tuple[str, str]] | None:
    """Moves (session, new coder) handing one session per step from ``start`` to ``goal``."""
    came: dict[str, tuple[str, str] | None] = {start: None}
    queue = [start]
    while queue:
        coder = queue.pop(0)
        for code in sorted(s for s, c in given.items() if c == coder):
            for other in coders:
                if other in came or other == primaries[code]:
                    continue
                came[other] = (coder, code)
                if other == goal:
                    moves = []
                    step: str = other
                    while (link := came[step]) is not None:
                        moves.append((link[1], step))
                        step = link[0]
                    return moves
                queue.append(other)
    return None


def apply_sample(
    project: Project, sample: ReliabilitySample, *, actor: str = "lead"
) -> list[Assignment]:
    """Assign each drawn session to its second coder (role reliability) and audit the draw."""
    made: list[Assignment] = []
    with project.change():  # the whole draw or nothing, its entry logged first
        project.audit("reliability_sample", actor=actor, **sample_record(sample))
        for coder in sorted({c for _s, c in sample.second_coders}):
            sessions = [s for s, c in sample.second_coders if c == coder]
            made += project.assign(coder, sessions, role="reliability", actor=actor)
    return made


def sample_record(sample: ReliabilitySample) -> dict[str, Any]:
    """A draw as the audit log records it: parameters, strata, sessions and second coders."""
    return {
        "seed": sample.seed,
        "fraction": sample.fraction,
        "stratified_by": list(sample.stratified_by),
        "coders": list(sample.coders),
        "strata": [
            {"values": list(d.values), "population": d.population, "drawn": list(d.drawn)}
            for d in sample.strata
        ],
        "sessions": [{"session": s, "coder": c} for s, c in sample.second_coders],
    }


def drawn_before(
    project: Project,
    *,
    seed: int,
    fraction: float,
    stratify: Sequence[str],
    coders: Sequence[str] | None = None,
) -> ReliabilitySample | None:
    """The draw already recorded with these parameters, if any.

    Running ``coder sample`` again with the same seed (e.g. after an interruption) then gives
    the same sample instead of drawing a second one from the sessions left.
    """
    wanted = sorted(coders) if coders else None
    for entry in reversed(project.audit_entries()):
        if entry.get("action") != "reliability_sample":
            continue
        if (entry.get("seed"), entry.get("fraction"), entry.get("stratified_by")) != (
            seed, fraction, list(stratify)
        ) or (wanted is not None and entry.get("coders") != wanted):
            continue
        return ReliabilitySample(
            seed=seed,
            fraction=fraction,
            stratified_by=tuple(stratify),
            strata=tuple(
                StratumDraw(tuple(d["values"]), int(d["population"]), tuple(d["drawn"]))
                for d in entry.get("strata", [])
            ),
            second_coders=tuple((p["session"], p["coder"]) for p in entry.get("sessions", [])),
            coders=tuple(entry.get("coders", ())),
        )
    return None
