"""Live composite scores and sum-constraint totals of one segment's ratings (no Qt).

Shown while rating; the export computes the published variables itself. A composite reverses
reverse-keyed items first (``RatingItemDef.reversed_value``, e.g. 6 − x on 1–5). A mean needs
``min_items`` rated items (all items when the scheme sets none); a sum needs every item, since a
partial sum would read as a low score.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coder.scheme.model import CompositeDef, Scheme, SumConstraintDef

ValueOf = Callable[[str], "float | None"]


@dataclass(frozen=True)
class CompositeScore:
    """A composite's value (None = NA) and how many of its items are rated."""

    composite: CompositeDef
    value: float | None
    rated: int

    @property
    def missing(self) -> int:
        return len(self.composite.items) - self.rated


@dataclass(frozen=True)
class ConstraintStatus:
    """A sum constraint in one segment: the total so far of the rated items."""

    rule: SumConstraintDef
    total: float
    rated: int

    @property
    def complete(self) -> bool:
        return self.rated == len(self.rule.items)

    @property
    def ok(self) -> bool:
        return self.complete and abs(self.total - self.rule.total) < 1e-9

    @property
    def name(self) -> str:
        return self.rule.label or " + ".join(self.rule.items)


def composites_for(scheme: Scheme, segment: str) -> list[CompositeDef]:
    """Composites with at least one item rated in ``segment``."""
    here = {item.id for item in scheme.items_for_segment(segment)}
    return [c for c in scheme.composites if here.intersection(c.items)]


def constraints_for(scheme: Scheme, segment: str) -> list[SumConstraintDef]:
    """Sum constraints whose items are rated in ``segment``."""
    here = {item.id for item in scheme.items_for_segment(segment)}
    return [r for r in scheme.sum_constraints if here.issuperset(r.items)]


def composite_score(scheme: Scheme, composite: CompositeDef, value_of: ValueOf) -> CompositeScore:
    """The composite of the values ``value_of(item_id)`` (None when unrated)."""
    values: list[float] = []
    for item_id in composite.items:
        item = scheme.rating(item_id)
        value = value_of(item_id)
        if item is None or value is None:
            continue
        values.append(item.reversed_value(value) if item.reverse else float(value))
    if composite.method == "sum":
        enough = len(values) == len(composite.items)
        result = sum(values) if enough else None
    else:
        needed = composite.min_items or len(composite.items)
        result = sum(values) / len(values) if values and len(values) >= needed else None
    return CompositeScore(composite, result, len(values))


def constraint_status(rule: SumConstraintDef, value_of: ValueOf) -> ConstraintStatus:
    """The running total of a sum constraint's rated items."""
    values = [v for v in (value_of(item) for item in rule.items) if v is not None]
    return ConstraintStatus(rule, float(sum(values)), len(values))
