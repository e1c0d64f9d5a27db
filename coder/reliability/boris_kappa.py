"""BORIS's time-slice Cohen's kappa, reproduced exactly, so labs can cite BORIS's number beside
Coder's own time-unit kappa (``time_units.time_unit_kappa``).

What BORIS does (``boris/irr.py``, ``cohen_kappa``; checked against BORIS run headless on the
cases in ``tests/data/boris_kappa/cases.json``, made by ``scripts/boris_kappa_cases.py``):

- It samples *instants*, not units: t = first, first + interval, … while t ≤ last, where first
  is the earliest start and last the latest stop of either coder's events. Uncoded lead and tail
  outside both coders' events are never sampled.
- At each instant a coder's category is the combination of every code present: a state counts
  when ``start ≤ t ≤ stop`` (closed at both ends, so a state ending exactly where the next one
  starts gives both at that instant), a point when ``|time − t| ≤ interval / 2``. Co-occurring
  codes make one combined category; nothing coded is a category of its own.
- With ``include_modifiers`` a code with another modifier is another category.
- BORIS compares times as floating-point seconds; a point exactly half an interval from an
  instant, and the last instant itself, are decided by the binary value of those seconds. This
  module repeats that arithmetic so that every boundary falls as in BORIS.
- When both coders used one and the same category throughout BORIS reports κ = 1.
  BORIS rounds κ to 3 decimals for display; this module does not round.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from coder.errors import ReliabilityError
from coder.reliability.kappa import kappa_from_table
from coder.reliability.results import KappaResult, as_table

BorisKappaEvent = tuple[str, int, int | None] | tuple[str, int, int | None, str]
"""``(code, start_ms, end_ms)`` or ``(code, start_ms, end_ms, modifier)``; a point has
``end_ms`` None or equal to ``start_ms``."""


@dataclass(frozen=True, kw_only=True)
class BorisKappaResult(KappaResult):
    """BORIS's kappa with what it rests on: the sampled instants and the interval.

    ``categories`` are the combined categories: each a tuple of the codes present at an instant
    (``(code, modifier)`` pairs with modifiers), ``()`` for nothing coded.
    """

    interval_ms: int
    first_ms: int
    last_ms: int
    instants: int
    include_modifiers: bool


def _seconds(ms: int) -> float:
    """The float BORIS holds for a time of ``ms`` milliseconds (read from JSON as seconds)."""
    return ms / 1000


def _parts(event: Sequence[object], who: str) -> tuple[str, int, int | None, str]:
    if len(event) not in (3, 4):
        raise ReliabilityError(
            f"BORIS kappa: {who} has an event {tuple(event)!r}; give (code, start_ms, end_ms) "
            "or (code, start_ms, end_ms, modifier)"
        )
    code, start, end = str(event[0]), event[1], event[2]
    modifier = str(event[3]) if len(event) == 4 else ""
    if not isinstance(start, int) or not (end is None or isinstance(end, int)):
        raise ReliabilityError(f"BORIS kappa: {who}'s event '{code}' needs integer ms times")
    if end is not None and end < start:
        raise ReliabilityError(f"BORIS kappa: {who}'s event '{code}' ends before it starts")
    return code, start, None if end == start else end, modifier


def _instant_count(first_ms: int, last_ms: int, interval_ms: int) -> int:
    """Instants first + k·interval with t ≤ last, t exact in decimal and last a float (as BORIS)."""
    last = Fraction(_seconds(last_ms))
    n = (last_ms - first_ms) // interval_ms + 1
    while n > 0 and Fraction(first_ms + (n - 1) * interval_ms, 1000) > last:
        n -= 1
    while Fraction(first_ms + n * interval_ms, 1000) <= last:
        n += 1
    return n


def _categories_at(
    events: list[tuple[str, int, int | None, str]],
    *,
    first_ms: int,
    interval_ms: int,
    instants: int,
    include_modifiers: bool,
) -> list[tuple[Hashable, ...]]:
    present: list[list[Hashable]] = [[] for _ in range(instants)]
    half = interval_ms / 2000  # float(Decimal interval / 2), as BORIS passes it to SQLite
    for code, start, end, modifier in events:
        entry: Hashable = (code, modifier) if include_modifiers else code
        if end is not None:
            lo = max(0, -(-(start - first_ms) // interval_ms))
            hi = min(instants - 1, (end - first_ms) // interval_ms)
            for k in range(lo, hi + 1):
                present[k].append(entry)
            continue
        point = _seconds(start)
        centre = (start - first_ms) // interval_ms
        for k in range(max(0, centre - 1), min(instants, centre + 3)):
            if abs(point - _seconds(first_ms + k * interval_ms)) <= half:
                present[k].append(entry)
    return [tuple(sorted(p)) for p in present]  # type: ignore[type-var]


def boris_kappa(
    a: Sequence[BorisKappaEvent],
    b: Sequence[BorisKappaEvent],
    *,
    interval_ms: int,
    include_modifiers: bool = False,
) -> BorisKappaResult:
    """Cohen's kappa as BORIS computes it ("IRR – Cohen's kappa (time-unit)"), for one subject.

    ``a`` and ``b`` are two coders' events of every code compared (all streams BORIS would
    select together); see the module doc for how instants and categories are made. Standard
    errors follow ``kappa_from_table`` (BORIS reports none).
    """
    if interval_ms <= 0:
        raise ReliabilityError(f"BORIS kappa needs interval_ms > 0; got {interval_ms}")
    ea = [_parts(e, "coder a") for e in a]
    eb = [_parts(e, "coder b") for e in b]
    for who, events in (("coder a", ea), ("coder b", eb)):
        if not events:
            raise ReliabilityError(
                f"BORIS kappa: {who} has no events (BORIS refuses an observation without events)"
            )
    both = ea + eb
    first_ms = min(e[1] for e in both)
    last_ms = max(e[2] if e[2] is not None else e[1] for e in both)
    instants = _instant_count(first_ms, last_ms, interval_ms)
    options: dict[str, Any] = {
        "first_ms": first_ms,
        "interval_ms": interval_ms,
        "instants": instants,
        "include_modifiers": include_modifiers,
    }
    ca = _categories_at(ea, **options)
    cb = _categories_at(eb, **options)
    categories = sorted(set(ca) | set(cb), key=lambda c: (len(c), repr(c)))
    index = {c: i for i, c in enumerate(categories)}
    k = len(categories)
    table = np.zeros((k, k))
    np.add.at(table, ([index[c] for c in ca], [index[c] for c in cb]), 1)
    extra: dict[str, Any] = {
        "interval_ms": interval_ms,
        "first_ms": first_ms,
        "last_ms": last_ms,
        "instants": instants,
        "include_modifiers": include_modifiers,
    }
    if k == 1:  # one and the same category throughout: BORIS reports 1
        return BorisKappaResult(
            kappa=1.0, se=0.0, ci_low=1.0, ci_high=1.0, z=0.0, p_value=1.0, p_observed=1.0,
            p_expected=1.0, n=instants, categories=tuple(categories), table=as_table(table),
            se_null=0.0, **extra,
        )  # fmt: skip
    base = kappa_from_table(table, categories)
    fields: dict[str, Any] = {f.name: getattr(base, f.name) for f in dataclasses.fields(base)}
    return BorisKappaResult(**fields, **extra)
