"""Composite scores: the one rule the ratings panel, the export and the reliability report share.

A composite combines rating items of one segment (``CompositeDef``): reverse-keyed items are
reversed first (``RatingItemDef.reversed_value``: on 1–5, 6 − x), and the composite is NA until
at least ``min_items`` of its items are rated (default: all of them). Then

- a **mean** is the mean of the rated items;
- a **sum** is the sum of the rated items, prorated when some are missing: the mean of the rated
  items times the number of items. A raw sum of fewer items would read as a low score (two of
  three 1–7 items at 4 would give 8 instead of 12); prorating keeps every sum on the scale of the
  full composite. With every item rated it is the plain sum.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from coder.scheme.model import CompositeDef, Scheme

ValueOf = Callable[[str], "float | None"]
"""The value of a rating item in the segment at hand (None when it is not rated)."""


@dataclass(frozen=True)
class CompositeScore:
    """A composite's value (None = NA) and how many of its items are rated."""

    composite: CompositeDef
    value: float | None
    rated: int

    @property
    def missing(self) -> int:
        return len(self.composite.items) - self.rated


def items_needed(composite: CompositeDef) -> int:
    """How many items must be rated before the composite has a value."""
    return min(composite.min_items or len(composite.items), len(composite.items))


def composite_score(scheme: Scheme, composite: CompositeDef, value_of: ValueOf) -> CompositeScore:
    """The composite of the item values ``value_of(item_id)`` (see the module for the rule)."""
    values: list[float] = []
    for item_id in composite.items:
        item = scheme.rating(item_id)
        value = value_of(item_id)
        if item is None or value is None:
            continue
        values.append(item.reversed_value(value) if item.reverse else float(value))
    if not values or len(values) < items_needed(composite):
        return CompositeScore(composite, None, len(values))
    mean = sum(values) / len(values)
    if composite.method == "sum":
        total = sum(values) if len(values) == len(composite.items) else mean * len(composite.items)
        return CompositeScore(composite, float(total), len(values))
    return CompositeScore(composite, mean, len(values))


def composite_value(
    scheme: Scheme, composite: CompositeDef, values: Mapping[str, float | None]
) -> float | None:
    """The composite of one segment's item values (``values[item]``; absent or None = unrated)."""
    return composite_score(scheme, composite, values.get).value


def composite_rule(scheme: Scheme, composite: CompositeDef) -> str:
    """The rule in words, for a codebook: method, items, reversed items and when it is NA."""
    reversed_items = [
        i for i in composite.items if (item := scheme.rating(i)) is not None and item.reverse
    ]
    needed = items_needed(composite)
    text = f"{composite.method} of {', '.join(composite.items)}"
    if reversed_items:
        text += f"; reversed: {', '.join(reversed_items)}"
    text += f"; NA when fewer than {needed} items are present"
    if composite.method == "sum" and needed < len(composite.items):
        text += f"; with missing items, the mean of those present × {len(composite.items)}"
    return text
