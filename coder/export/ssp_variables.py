"""Classification variables (SSP: A/B/C/D/CC) and actual segment durations with their flags.

For a scheme with a classification, prefixed with the scheme id (``ssp``):
``ssp_class`` (subgroup, or the major when no subgroup was given, e.g. B3), ``ssp_major``
(A/B/C/D/CC), ``ssp_forced`` (the forced organised alternative of a D case), ``ssp_d_rating``,
``secure`` (1 for a secure category, 0 for the others; cannot-classify per the scheme's
``secure_cannot_classify``: ``missing`` → NA, ``insecure`` → 0) and ``disorg`` (1 for a
disorganised category, 0 otherwise, NA for cannot-classify). An empty classification gives NA.

For every marked segment: ``<segment>_duration_s`` (actual length), and ``<segment>_curtailed``
/ ``<segment>_extended`` (0/1) where the scheme allows curtailing or extending that segment.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from coder.annotations.model import Classification, Segment
from coder.export.variables import Record, Registry, VariableInfo, rows_from_lists
from coder.scheme.model import WHOLE_SESSION, CategoryDef, ClassificationDef, Scheme

_YES_NO = ((0.0, "no"), (1.0, "yes"))


def _major_of(scheme: Scheme, value: Classification) -> str | None:
    if value.major:
        return value.major
    return scheme.all_subgroups().get(value.subgroup or "")


def secure_value(definition: ClassificationDef, category: CategoryDef | None) -> float | None:
    """``secure``: 1 secure, 0 insecure, NA for cannot-classify (unless counted insecure)."""
    if category is None:
        return None
    if category.cannot_classify:
        return 0.0 if definition.secure_cannot_classify == "insecure" else None
    return 1.0 if category.secure else 0.0


def disorg_value(category: CategoryDef | None) -> float | None:
    """``disorg``: 1 disorganised, 0 organised, NA for cannot-classify or no classification."""
    if category is None or category.cannot_classify:
        return None
    return 1.0 if category.disorganized else 0.0


def _forced_options(scheme: Scheme, definition: ClassificationDef) -> list[str]:
    options: list[str] = []
    for category in definition.categories:
        if category.id in definition.forced_from or not definition.forced_from:
            if category.requires_forced or category.cannot_classify:
                continue
            options += [category.id, *category.subgroups]
    return options


def classification_variables(
    scheme: Scheme, records: Sequence[Record], registry: Registry
) -> pd.DataFrame:
    """Long rows (segment ``session``) of the classification variables of ``records``."""
    definition = scheme.classification
    if definition is None or not records:
        return rows_from_lists([], [], [])
    prefix = scheme.id
    majors = [c.id for c in definition.categories]
    classes = list(scheme.all_subgroups())
    forced = _forced_options(scheme, definition)
    cc = "missing (NA)" if definition.secure_cannot_classify == "missing" else "insecure (0)"

    def add(base: str, label: str, derivation: str, **kw: object) -> int:
        return registry.add(
            VariableInfo(base=base, segment=WHOLE_SESSION, stem=base, label=label,
                         derivation=derivation, scheme=scheme.id, **kw)  # type: ignore[arg-type]
        )

    v_class = add(f"{prefix}_class", f"{definition.label}: subgroup", "subgroup, or the major category when no subgroup was given",
                  kind="categorical", measure="nominal", categories=tuple(classes))
    v_major = add(f"{prefix}_major", f"{definition.label}: major category", "major category (from the subgroup when not given)",
                  kind="categorical", measure="nominal", categories=tuple(majors))
    v_forced = add(f"{prefix}_forced", f"{definition.label}: forced alternative", "best-fitting organised alternative of a case requiring it (D)",
                   kind="categorical", measure="nominal", categories=tuple(forced))
    v_secure = add("secure", "Secure (1) vs insecure (0)", f"1 for a secure category, 0 otherwise; cannot classify: {cc}",
                   measure="nominal", value_labels=((0.0, "insecure"), (1.0, "secure")))
    v_disorg = add("disorg", "Disorganised (1) vs organised (0)", "1 for a disorganised category, 0 otherwise; cannot classify: NA",
                   measure="nominal", value_labels=((0.0, "organised"), (1.0, "disorganised")))
    v_d = None
    if definition.d_rating is not None:
        d = definition.d_rating
        v_d = add(f"{prefix}_d_rating", d.label, f"rating {d.min:g}–{d.max:g}; D at or above {d.threshold:g}", measure="ordinal")

    def code(options: list[str], value: str | None) -> float | None:
        return float(options.index(value) + 1) if value in options else None

    rec: list[int] = []
    var: list[int] = []
    val: list[float | None] = []
    for record in records:
        value = record.annotations.classification
        major = _major_of(scheme, value)
        category = next((c for c in definition.categories if c.id == major), None)
        row = [
            (v_class, code(classes, value.subgroup or major)),
            (v_major, code(majors, major)),
            (v_forced, code(forced, value.forced)),
            (v_secure, secure_value(definition, category)),
            (v_disorg, disorg_value(category)),
        ]
        if v_d is not None:
            row.append((v_d, value.d_rating))
        for v, x in row:
            rec.append(record.rec)
            var.append(v)
            val.append(x)
    return rows_from_lists(rec, var, val)


def segment_info_variables(
    scheme: Scheme, records: Sequence[Record], segments: Sequence[str] | None, registry: Registry
) -> pd.DataFrame:
    """Long rows of actual segment durations (s) and curtailed/extended flags."""
    plan = []
    for seg in scheme.segments:
        if segments is not None and seg.id not in segments:
            continue
        nominal = f"; nominal {seg.nominal_ms / 1000:g} s" if seg.nominal_ms else ""
        duration = registry.add(
            VariableInfo(base="duration_s", segment=seg.id, stem=f"{seg.id}_duration_s",
                         label=f"{seg.label or seg.id}: actual duration (s)",
                         derivation=f"marked end − start, in s{nominal}", scheme=scheme.id)
        )
        curtailed = registry.add(
            VariableInfo(base="curtailed", segment=seg.id, stem=f"{seg.id}_curtailed",
                         label=f"{seg.label or seg.id}: curtailed", measure="nominal",
                         value_labels=_YES_NO, derivation="1 when the coder marked the segment curtailed",
                         scheme=scheme.id)
        ) if seg.may_curtail else None
        extended = registry.add(
            VariableInfo(base="extended", segment=seg.id, stem=f"{seg.id}_extended",
                         label=f"{seg.label or seg.id}: extended", measure="nominal",
                         value_labels=_YES_NO, derivation="1 when the coder marked the segment extended",
                         scheme=scheme.id)
        ) if seg.may_extend else None
        plan.append((seg.id, duration, curtailed, extended))
    rec: list[int] = []
    var: list[int] = []
    val: list[float | None] = []
    for record in records:
        marked: dict[str, Segment] = {}
        for s in record.annotations.segments:
            marked.setdefault(s.segment, s)
        for seg_id, duration, curtailed, extended in plan:
            found = marked.get(seg_id)
            if found is None:
                continue
            rec.append(record.rec)
            var.append(duration)
            val.append(found.duration_ms / 1000.0)
            for v, flag in ((curtailed, found.curtailed), (extended, found.extended)):
                if v is not None:
                    rec.append(record.rec)
                    var.append(v)
                    val.append(1.0 if flag else 0.0)
    return rows_from_lists(rec, var, val)
