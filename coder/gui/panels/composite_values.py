"""Live composite scores and sum-constraint totals of one segment's ratings (no Qt).

Shown while rating. Composite scores come from ``coder.scheme.composites``, the rule the export
and the reliability report use too (reverse-keyed items reversed, NA below ``min_items``, a sum
with missing items prorated).
"""

from __future__ import annotations

from dataclasses import dataclass

from coder.scheme.composites import CompositeScore, ValueOf, composite_score
from coder.scheme.model import CompositeDef, Scheme, SumConstraintDef

__all__ = [
    "CompositeScore",
    "ConstraintStatus",
    "composite_score",
    "composites_for",
    "constraint_status",
    "constraints_for",
]


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


def constraint_status(rule: SumConstraintDef, value_of: ValueOf) -> ConstraintStatus:
    """The running total of a sum constraint's rated items."""
    values = [v for v in (value_of(item) for item in rule.items) if v is not None]
    return ConstraintStatus(rule, float(sum(values)), len(values))
