"""Rating items per segment and composites (mean or sum of items, reverse-keyed items reversed).

An item is exported as rated (``m_intrusive_play1``; raw, not reversed). A composite
(``m_quality_play1``) is exported in every segment where its items are rated, by the rule of
``coder.scheme.composites`` (the one the ratings panel and the reliability report use): reverse-keyed
items reversed, NA when fewer than ``min_items`` items (default: all) have a value, a sum with
missing items prorated.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from coder.export.spec import RatingsSpec
from coder.export.variables import Record, Registry, VariableInfo, rows_from_lists, stem_of
from coder.scheme.composites import composite_rule, composite_value
from coder.scheme.model import WHOLE_SESSION, CompositeDef, RatingItemDef, Scheme


def _segments(scheme: Scheme, wanted: Sequence[str] | None) -> list[str]:
    order = [s.id for s in scheme.segments] + [WHOLE_SESSION]
    return [s for s in order if wanted is None or s in wanted]


def _where(segment: str) -> str:
    return "whole session" if segment == WHOLE_SESSION else segment


def _item_info(scheme: Scheme, item: RatingItemDef, segment: str) -> VariableInfo:
    anchors = tuple((float(k), v) for k, v in sorted(item.anchors.items()))
    reverse = " (reverse-keyed: the composite uses min + max − value)" if item.reverse else ""
    return VariableInfo(
        base=item.id,
        segment=segment,
        stem=stem_of(item.id, segment),
        label=f"{item.label or item.id}, {_where(segment)}",
        measure="nominal" if item.measure == "nominal" else "ordinal" if item.measure == "ordinal" else "scale",
        value_labels=anchors,
        derivation=f"rating {item.min}–{item.max} as coded{reverse}",
        scheme=scheme.id,
    )


def _composite_info(scheme: Scheme, composite: CompositeDef, segment: str) -> VariableInfo:
    return VariableInfo(
        base=composite.id,
        segment=segment,
        stem=stem_of(composite.id, segment),
        label=f"{composite.label or composite.id}, {_where(segment)}",
        derivation=composite_rule(scheme, composite),
        scheme=scheme.id,
    )


def rating_variables(
    scheme: Scheme,
    records: Sequence[Record],
    spec: RatingsSpec,
    segments: Sequence[str] | None,
    registry: Registry,
) -> pd.DataFrame:
    """Long rows of item and composite values of ``records`` (all coded with ``scheme``)."""
    rec: list[int] = []
    var: list[int] = []
    value: list[float | None] = []
    if not spec.enabled:
        return rows_from_lists(rec, var, value)
    items = [r for r in scheme.ratings if spec.items is None or r.id in spec.items]
    plan: list[tuple[str, list[tuple[int, RatingItemDef]], list[tuple[int, CompositeDef]]]] = []
    for segment in _segments(scheme, segments):
        seg_items = [(registry.add(_item_info(scheme, i, segment)), i) for i in items if segment in i.segments]
        seg_composites = []
        if spec.composites:
            for composite in scheme.composites:
                defs = [scheme.rating(i) for i in composite.items]
                if all(d is not None and segment in d.segments for d in defs):
                    seg_composites.append(
                        (registry.add(_composite_info(scheme, composite, segment)), composite)
                    )
        if seg_items or seg_composites:
            plan.append((segment, seg_items, seg_composites))
    for record in records:
        marked = {s.segment for s in record.annotations.segments} | {WHOLE_SESSION}
        given = {(r.item, r.segment): r.value for r in record.annotations.ratings}
        for segment, seg_items, seg_composites in plan:
            rated = any(seg == segment for _item, seg in given)
            if segment not in marked and not rated:
                continue
            for var_id, item in seg_items:
                rec.append(record.rec)
                var.append(var_id)
                value.append(given.get((item.id, segment)))
            for var_id, composite in seg_composites:
                values = {i: given.get((i, segment)) for i in composite.items}
                rec.append(record.rec)
                var.append(var_id)
                value.append(composite_value(scheme, composite, values))
    return rows_from_lists(rec, var, value)
