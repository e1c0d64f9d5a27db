"""The analysis dataset: long (session × segment × variable) or wide (participant × timepoint).

``Dataset.frame`` holds numbers for numeric and categorical columns (a categorical value is the
1-based index of its category) and text for string columns; ``Dataset.columns`` describes each
column (valid short name, long name, label, kind, measure, categories or value labels, how it was
derived). Writers turn the categorical codes into labelled values or text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from coder.errors import ExportError
from coder.export.key_join import KeyJoin
from coder.export.variable_names import short_names
from coder.export.variables import Kind, Measure, Registry, VariableInfo


@dataclass(frozen=True)
class ColumnInfo:
    """One column of the dataset as the writers and the codebook see it."""

    name: str
    long_name: str
    label: str
    kind: Kind
    measure: Measure
    categories: tuple[str, ...] = ()
    value_labels: tuple[tuple[float, str], ...] = ()
    derivation: str = ""


@dataclass(frozen=True)
class Dataset:
    frame: pd.DataFrame
    columns: tuple[ColumnInfo, ...]
    variables: tuple[VariableInfo, ...] = ()
    """Long layout: the variables named in its ``variable`` column (for the codebook)."""

    @property
    def text_frame(self) -> pd.DataFrame:
        """The frame with categorical codes replaced by their text (for CSV, Parquet, XLSX)."""
        out = self.frame.copy()
        for column in self.columns:
            if column.kind == "categorical":
                out[column.name] = categorical_text(self.frame[column.name].to_numpy(), column.categories)
        return out


def categorical_text(codes: np.ndarray, categories: Sequence[str]) -> np.ndarray:
    """Text of 1-based category codes (None where NA)."""
    lookup = np.array([None, *categories], dtype=object)
    index = np.where(np.isfinite(codes), codes, 0).astype(np.int64)
    return lookup[index]


@dataclass(frozen=True)
class RecordMeta:
    """Per exported record: session code, scheme, and the record's source (coder id or consensus)."""

    session: str
    scheme: str
    source: str


_LONG_COLUMNS = ("scheme", "source", "segment", "variable", "value", "value_text")
_FIXED = {
    "session": ("Session code (pseudonymous)", "string", "nominal"),
    "participant": ("Participant", "string", "nominal"),
    "arm": ("Study arm", "categorical", "nominal"),
    "timepoint": ("Timepoint", "categorical", "ordinal"),
}


def _key_column(name: str, values: list[str], order: Sequence[str] | None) -> tuple[ColumnInfo, np.ndarray]:
    label, kind, measure = _FIXED.get(name, (name, "", "nominal"))
    present = [v for v in values if v]
    if kind == "categorical":
        cats = [t for t in (order or []) if t in present] + sorted(set(present) - set(order or []))
        codes = np.array([cats.index(v) + 1 if v else np.nan for v in values], dtype=np.float64)
        info = ColumnInfo(name, name, label, "categorical", measure, categories=tuple(cats),  # type: ignore[arg-type]
                          derivation="from key.csv")
        return info, codes
    if kind == "" and present:
        try:
            numbers = np.array([float(v) if v else np.nan for v in values])
        except ValueError:
            pass
        else:
            return ColumnInfo(name, name, label, "numeric", "scale", derivation="from key.csv"), numbers
    return (
        ColumnInfo(name, name, label, "string", measure, derivation="from key.csv"),  # type: ignore[arg-type]
        np.array(values, dtype=object),
    )


def _variable_column(info: VariableInfo, long_name: str, label: str) -> ColumnInfo:
    return ColumnInfo(
        name=long_name,
        long_name=long_name,
        label=label,
        kind=info.kind,
        measure=info.measure,
        categories=info.categories,
        value_labels=info.value_labels,
        derivation=info.derivation,
    )


def _finish(columns: list[ColumnInfo], data: dict[str, np.ndarray]) -> tuple[pd.DataFrame, tuple[ColumnInfo, ...]]:
    seen: set[str] = set()
    for c in columns:
        if c.long_name in seen:
            raise ExportError(f"two columns of the dataset are named '{c.long_name}'",
                              hint="rename that column of key.csv")
        seen.add(c.long_name)
    names = short_names(c.long_name for c in columns)
    renamed = tuple(
        ColumnInfo(names[c.long_name], c.long_name, c.label, c.kind, c.measure, c.categories,
                   c.value_labels, c.derivation)
        for c in columns
    )
    frame = pd.DataFrame({names[c.long_name]: data[c.long_name] for c in columns})
    for c in renamed:
        if c.kind == "string":
            frame[c.name] = frame[c.name].astype(object)
    return frame, renamed


def long_dataset(
    rows: pd.DataFrame, registry: Registry, records: Sequence[RecordMeta], key: KeyJoin,
    timepoints: Sequence[str] | None,
) -> Dataset:
    """One row per record × segment × variable, sorted by session, then variable order."""
    order = np.lexsort((rows["var"].to_numpy(), rows["rec"].to_numpy()))
    rec = rows["rec"].to_numpy()[order]
    var = rows["var"].to_numpy()[order]
    value = rows["value"].to_numpy()[order]
    columns: list[ColumnInfo] = []
    data: dict[str, np.ndarray] = {}
    for name in key.columns:
        per_record = [key.rows.get(r.session, {}).get(name, r.session if name == "session" else "") for r in records]
        info, values = _key_column(name, per_record, timepoints)
        if name in _LONG_COLUMNS:  # a key column named like one of ours keeps its data apart
            info = replace(info, name=f"key_{name}", long_name=f"key_{name}")
        columns.append(info)
        data[info.long_name] = values[rec] if len(records) else values
    for name, label, source in (
        ("scheme", "Coding scheme", [r.scheme for r in records]),
        ("source", "Record exported (coder id or consensus)", [r.source for r in records]),
    ):
        columns.append(ColumnInfo(name, name, label, "string", "nominal", derivation="export source rule"))
        data[name] = np.array(source, dtype=object)[rec] if len(records) else np.array([], dtype=object)
    variables = registry.variables
    segment = np.array([v.segment for v in variables] or [""], dtype=object)
    base = np.array([v.base for v in variables] or [""], dtype=object)
    text_of = [None] * len(variables)
    text = np.full(len(var), None, dtype=object)
    for i, v in enumerate(variables):
        if v.kind == "categorical":
            text_of[i] = v.categories  # type: ignore[call-overload]
            mask = var == i
            text[mask] = categorical_text(value[mask], v.categories)
            value = np.where(mask, np.nan, value)
    columns += [
        ColumnInfo("segment", "segment", "Segment (session = whole session)", "string", "nominal",
                   derivation="window of the variable"),
        ColumnInfo("variable", "variable", "Variable (see the codebook)", "string", "nominal"),
        ColumnInfo("value", "value", "Value of a numeric variable", "numeric", "scale"),
        ColumnInfo("value_text", "value_text", "Value of a categorical variable", "string", "nominal"),
    ]
    data["segment"] = segment[var]
    data["variable"] = base[var]
    data["value"] = value
    data["value_text"] = text
    frame, infos = _finish(columns, data)
    return Dataset(frame, infos, tuple(variables))


def wide_dataset(
    rows: pd.DataFrame, registry: Registry, records: Sequence[RecordMeta], key: KeyJoin,
    id_column: str, suffix_column: str, timepoints: Sequence[str] | None,
) -> Dataset:
    """One row per participant; each variable once per timepoint (``<stem>_<timepoint>``)."""
    for needed in (id_column, suffix_column):
        if needed not in key.columns:
            raise ExportError(f"the key has no '{needed}' column, needed for the wide layout",
                              hint="add it to key.csv or use layout: long")
    ids = [key.rows[r.session][id_column] for r in records]
    tps = [key.rows[r.session][suffix_column] for r in records]
    blank = [r.session for r, i, t in zip(records, ids, tps, strict=True) if not i or not t]
    if blank:
        raise ExportError(f"sessions with an empty {id_column} or {suffix_column} in the key: {', '.join(blank)}")
    tp_order = [t for t in (timepoints or []) if t in tps] + sorted(set(tps) - set(timepoints or []))
    people = sorted(set(ids))
    person_of = np.array([people.index(i) for i in ids], dtype=np.int64)
    tp_of = np.array([tp_order.index(t) for t in tps], dtype=np.int64)
    # One session per participant × timepoint × scheme: a dyad may have free play and the SSP
    # at the same timepoint. Per-session columns (session, source, …) are suffixed per slot.
    schemes = sorted({r.scheme for r in records})
    slots = [(sc, tp) for tp in tp_order for sc in schemes
             if any(r.scheme == sc and t == tp for r, t in zip(records, tps, strict=True))]
    shared = {tp for tp in tp_order if sum(1 for slot in slots if slot[1] == tp) > 1}
    slot_name = {slot: f"{slot[0]}_{slot[1]}" if slot[1] in shared else slot[1] for slot in slots}
    slot_of = [slots.index((r.scheme, t)) for r, t in zip(records, tps, strict=True)]
    seen: dict[tuple[int, int], str] = {}
    for r, p, sl in zip(records, person_of, slot_of, strict=True):
        other = seen.setdefault((int(p), sl), r.session)
        if other != r.session:
            raise ExportError(
                f"sessions {other} and {r.session} have the same {id_column}, {suffix_column} and scheme",
                hint="the wide layout needs one session per participant, timepoint and scheme",
            )
    columns: list[ColumnInfo] = []
    data: dict[str, np.ndarray] = {}
    n = len(people)
    columns.append(ColumnInfo(id_column, id_column, _FIXED.get(id_column, (id_column,))[0], "string", "nominal",
                              derivation="from key.csv"))
    data[id_column] = np.array(people, dtype=object)

    def per_slot(name: str, values: list[str], label: str | None, derivation: str) -> None:
        for k, slot in enumerate(slots):
            cell = [""] * n
            for p, sl, v in zip(person_of, slot_of, values, strict=True):
                if sl == k:
                    cell[int(p)] = v
            info, array = _key_column(name, cell, None)
            long_name = f"{name}_{slot_name[slot]}"
            columns.append(ColumnInfo(long_name, long_name, f"{label or info.label} ({slot_name[slot]})",
                                      info.kind, info.measure, info.categories, info.value_labels,
                                      derivation))
            data[long_name] = array

    for name in key.columns:
        if name in (id_column, suffix_column):
            continue
        per_record = [key.rows[r.session].get(name, "") for r in records]
        by_person: dict[int, set[str]] = {}
        for p, v in zip(person_of, per_record, strict=True):
            by_person.setdefault(int(p), set()).add(v)
        if name != "session" and all(len(v) == 1 for v in by_person.values()):
            info, values = _key_column(name, [next(iter(by_person[p])) for p in range(n)], None)
            columns.append(info)
            data[name] = values
        else:
            per_slot(name, per_record, None, "from key.csv")
    per_slot("source", [r.source for r in records], "Record exported", "export source rule")
    rec = rows["rec"].to_numpy()
    var = rows["var"].to_numpy()
    n_tp = max(len(tp_order), 1)
    pair = var * n_tp + tp_of[rec] if len(rec) else np.zeros(0, dtype=np.int64)
    pairs, column_of = np.unique(pair, return_inverse=True)
    width = max(len(pairs), 1)
    cells, counts = np.unique(person_of[rec] * width + column_of, return_counts=True)
    if (counts > 1).any():
        cell = int(cells[counts > 1][0])
        code = int(pairs[cell % width])
        raise ExportError(
            f"participant {people[cell // width]} has two sessions giving "
            f"'{registry.variables[code // n_tp].stem}' at timepoint {tp_order[code % n_tp]}",
            hint="export the schemes separately (spec field 'schemes') or use layout: long",
        )
    matrix = np.full((n, len(pairs)), np.nan)
    matrix[person_of[rec], column_of] = rows["value"].to_numpy()
    for j, code in enumerate(pairs):
        variable = registry.variables[int(code) // n_tp]
        tp = tp_order[int(code) % n_tp]
        long_name = f"{variable.stem}_{tp}"
        columns.append(_variable_column(variable, long_name, f"{variable.label} ({tp})"))
        data[long_name] = matrix[:, j]
    frame, infos = _finish(columns, data)
    return Dataset(frame, infos)
