"""Cross-reference checks of a scheme: what no single field can check on its own.

Each problem is a string ``field.path: what is wrong`` so that a message names the exact place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from coder.scheme.model import WHOLE_SESSION, CodeKind, Scheme


def _duplicates(values: Iterable[str]) -> list[str]:
    return [value for value, count in Counter(values).items() if count > 1]


def _off_grid(low: float, high: float, step: float) -> bool:
    """True when ``high`` cannot be reached from ``low`` in whole steps (e.g. 1–7 by 4 or by 0.35)."""
    steps = (high - low) / step
    return abs(steps - round(steps)) > 1e-9


def scheme_problems(scheme: Scheme) -> list[str]:
    """Every cross-reference problem in ``scheme``, each naming its field path; empty when valid."""
    problems: list[str] = []
    problems += _segment_problems(scheme)
    problems += _code_problems(scheme)
    problems += _rating_problems(scheme)
    problems += _classification_problems(scheme)
    return problems


def _segment_problems(scheme: Scheme) -> list[str]:
    problems = [f"segments: duplicate id '{d}'" for d in _duplicates(s.id for s in scheme.segments)]
    for i, seg in enumerate(scheme.segments):
        if seg.id == WHOLE_SESSION:
            problems.append(
                f"segments[{i}].id: '{WHOLE_SESSION}' is reserved for whole-session ratings"
            )
        if seg.present and scheme.partners:
            for who in seg.present:
                if who not in scheme.partners and who not in ("observer", "stranger"):
                    problems.append(f"segments[{i}].present: unknown partner '{who}'")
    return problems


def _code_problems(scheme: Scheme) -> list[str]:
    problems: list[str] = []
    code_ids = [c.id for c in scheme.codes]
    stream_ids = [s.id for s in scheme.streams]
    problems += [f"codes: duplicate code '{d}'" for d in _duplicates(code_ids)]
    problems += [f"streams: duplicate stream '{d}'" for d in _duplicates(stream_ids)]
    problems += [
        f"codes: code '{c}' has the same id as a stream" for c in set(code_ids) & set(stream_ids)
    ]
    keys = [c.key.lower() for c in scheme.codes if c.key]
    for dup in _duplicates(keys):
        owners = [c.id for c in scheme.codes if c.key and c.key.lower() == dup]
        problems.append(f"codes: key '{dup}' is bound to more than one code ({', '.join(owners)})")
    modifier_ids = {m.id for m in scheme.modifiers}
    problems += [
        f"modifiers: duplicate modifier '{d}'" for d in _duplicates(m.id for m in scheme.modifiers)
    ]
    for i, mod in enumerate(scheme.modifiers):
        problems += [
            f"modifiers[{i}].values: duplicate value '{d}'" for d in _duplicates(mod.values)
        ]
        if mod.keys and len(mod.keys) != len(mod.values):
            problems.append(
                f"modifiers[{i}].keys: {len(mod.keys)} keys for {len(mod.values)} values"
            )
        problems += [f"modifiers[{i}].keys: duplicate key '{d}'" for d in _duplicates(mod.keys)]
    for i, code in enumerate(scheme.codes):
        if code.stream is not None and code.stream not in stream_ids:
            problems.append(f"codes[{i}].stream: unknown stream '{code.stream}' (code '{code.id}')")
        for mod_id in code.modifiers:
            if mod_id not in modifier_ids:
                problems.append(f"codes[{i}].modifiers: unknown modifier '{mod_id}'")
        if code.uncodable and code.kind is not CodeKind.STATE:
            problems.append(f"codes[{i}].uncodable: only a state can mark uncodable time")
    for i, stream in enumerate(scheme.streams):
        members = scheme.codes_in_stream(stream.id)
        if not members:
            problems.append(f"streams[{i}]: stream '{stream.id}' has no codes")
        if stream.exclusive and any(c.kind is CodeKind.POINT for c in members):
            problems.append(
                f"streams[{i}].exclusive: exclusive stream '{stream.id}' may hold states only"
            )
        if stream.exhaustive and not stream.exclusive:
            problems.append(f"streams[{i}].exhaustive: an exhaustive stream must also be exclusive")
        if stream.partner and scheme.partners and stream.partner not in scheme.partners:
            problems.append(f"streams[{i}].partner: unknown partner '{stream.partner}'")
    return problems


def _rating_problems(scheme: Scheme) -> list[str]:
    problems: list[str] = []
    segment_ids = {s.id for s in scheme.segments} | {WHOLE_SESSION}
    item_ids = {r.id for r in scheme.ratings}
    problems += [
        f"ratings: duplicate item '{d}'" for d in _duplicates(r.id for r in scheme.ratings)
    ]
    for i, item in enumerate(scheme.ratings):
        where = f"ratings[{i}]"
        if item.min >= item.max:
            problems.append(
                f"{where}: min ({item.min}) must be below max ({item.max}) ('{item.id}')"
            )
        elif _off_grid(item.min, item.max, item.step):
            problems.append(
                f"{where}.step: {item.step:g} does not divide the range {item.min}–{item.max}"
            )
        for point in item.anchors:
            if not item.min <= point <= item.max:
                problems.append(f"{where}.anchors: point {point} is outside {item.min}–{item.max}")
        for seg in item.segments:
            if seg not in segment_ids:
                problems.append(f"{where}.segments: unknown segment '{seg}' (item '{item.id}')")
        if not item.segments:
            problems.append(f"{where}.segments: an item must be rated in at least one segment")
    composite_ids = [c.id for c in scheme.composites]
    problems += [f"composites: duplicate composite '{d}'" for d in _duplicates(composite_ids)]
    problems += [
        f"composites: composite '{c}' has the same id as a rating item"
        for c in set(composite_ids) & item_ids
    ]
    for i, comp in enumerate(scheme.composites):
        for item_id in comp.items:
            if item_id not in item_ids:
                problems.append(
                    f"composites[{i}].items: unknown item '{item_id}' (composite '{comp.id}')"
                )
        problems += [
            f"composites[{i}].items: item '{d}' listed twice" for d in _duplicates(comp.items)
        ]
        if comp.min_items is not None and comp.min_items > len(comp.items):
            problems.append(
                f"composites[{i}].min_items: {comp.min_items} is more than "
                f"its {len(comp.items)} items"
            )
    for i, rule in enumerate(scheme.sum_constraints):
        where = f"sum_constraints[{i}]"
        known = [scheme.rating(item_id) for item_id in rule.items]
        for item_id, found in zip(rule.items, known, strict=True):
            if found is None:
                problems.append(f"{where}.items: unknown item '{item_id}'")
        defined = [found for found in known if found is not None]
        if len(defined) == len(rule.items):
            # The rule holds per segment, so every item must be rated in the same segments.
            if len({tuple(sorted(found.segments)) for found in defined}) > 1:
                problems.append(f"{where}.items: items are rated in different segments")
            low = sum(found.min for found in defined)
            high = sum(found.max for found in defined)
            if not low <= rule.total <= high:
                problems.append(
                    f"{where}.total: {rule.total:g} cannot be reached by items ranging {low}–{high}"
                )
    return problems


def _classification_problems(scheme: Scheme) -> list[str]:
    cls = scheme.classification
    if cls is None:
        return []
    problems: list[str] = []
    majors = [c.id for c in cls.categories]
    subs = [s for c in cls.categories for s in c.subgroups]
    problems += [
        f"classification.categories: duplicate category '{d}'" for d in _duplicates(majors)
    ]
    problems += [
        f"classification.categories: subgroup '{d}' appears more than once"
        for d in _duplicates(subs + [m for m in majors if m in subs])
    ]
    for name in cls.forced_from:
        if name not in majors:
            problems.append(f"classification.forced_from: unknown category '{name}'")
    for i, cat in enumerate(cls.categories):
        where = f"classification.categories[{i}]"
        if cat.requires_forced and not cls.forced_from:
            problems.append(f"{where}.requires_forced: '{cat.id}' needs forced_from categories")
        if cat.requires_forced and cat.id in cls.forced_from:
            problems.append(f"{where}: '{cat.id}' cannot be its own forced alternative")
        flags = [cat.secure, cat.disorganized, cat.cannot_classify]
        if sum(flags) > 1:
            problems.append(
                f"{where}: '{cat.id}' may be only one of secure, disorganized, cannot_classify"
            )
    if any(c.disorganized for c in cls.categories) and cls.d_rating is None:
        problems.append("classification.d_rating: a disorganized category needs a d_rating scale")
    if cls.d_rating is not None:
        d = cls.d_rating
        if d.min >= d.max:
            problems.append(
                f"classification.d_rating: min ({d.min:g}) must be below max ({d.max:g})"
            )
        elif not d.min <= d.threshold <= d.max:
            problems.append(
                f"classification.d_rating.threshold: {d.threshold:g} is outside {d.min:g}–{d.max:g}"
            )
        elif _off_grid(d.min, d.max, d.step):
            problems.append(
                f"classification.d_rating.step: {d.step:g} does not divide {d.min:g}–{d.max:g}"
            )
    if sum(1 for c in cls.categories if c.disorganized) > 1:
        problems.append("classification.categories: only one category may be disorganized")
    return problems
