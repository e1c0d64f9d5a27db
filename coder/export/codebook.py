"""The codebook: every column (and, in the long layout, every variable) with its label, type,
values and how it was derived, as Markdown and CSV. It holds no timestamp, so the same project
and spec give the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from coder.export.dataset import ColumnInfo, Dataset
from coder.export.spec import ExportSpec
from coder.export.variables import VariableInfo


@dataclass(frozen=True)
class CodebookEntry:
    name: str
    long_name: str
    label: str
    type: str
    values: str
    derivation: str


def _values(categories: tuple[str, ...], labels: tuple[tuple[float, str], ...]) -> str:
    if categories:
        return "; ".join(f"{i + 1}={c}" for i, c in enumerate(categories))
    return "; ".join(f"{v:g}={t}" for v, t in labels)


def _column_entry(column: ColumnInfo) -> CodebookEntry:
    kind = column.kind if column.kind != "numeric" else f"numeric ({column.measure})"
    return CodebookEntry(column.name, column.long_name, column.label, kind,
                         _values(column.categories, column.value_labels), column.derivation)


def _variable_entries(variables: tuple[VariableInfo, ...]) -> list[CodebookEntry]:
    merged: dict[str, tuple[VariableInfo, list[str]]] = {}
    for v in variables:
        merged.setdefault(v.base, (v, []))[1].append(v.segment)
    entries = []
    for base, (v, segments) in merged.items():
        label = v.label.rsplit(", ", 1)[0] if len(segments) > 1 else v.label
        kind = "categorical (in value_text)" if v.kind == "categorical" else f"numeric ({v.measure})"
        entries.append(CodebookEntry(base, base, label, kind, _values(v.categories, v.value_labels),
                                     f"{v.derivation} [segments: {', '.join(dict.fromkeys(segments))}]"))
    return entries


def codebook_entries(dataset: Dataset) -> tuple[list[CodebookEntry], list[CodebookEntry]]:
    """Entries of the columns, and (long layout) of the variables in the ``variable`` column."""
    return [_column_entry(c) for c in dataset.columns], _variable_entries(dataset.variables)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def codebook_markdown(
    dataset: Dataset, spec: ExportSpec, data_files: list[str], *, assisted: Sequence[str] = ()
) -> str:
    """The codebook as Markdown; ``assisted`` names the sessions whose exported record holds
    accepted machine suggestions."""
    columns, variables = codebook_entries(dataset)
    lines = [
        f"# Codebook: {spec.name}",
        "",
        spec.description.strip() or "Coder analysis export.",
        "",
        f"- Layout: {spec.layout} ({len(dataset.frame)} rows, {len(dataset.columns)} columns)",
        f"- Source record per session: {' else '.join(spec.source)}",
        f"- Incomplete sessions: {spec.incomplete}",
        f"- Latency when absent: {spec.timed.latency_absent}; proportion denominator: "
        f"{spec.timed.proportion_denominator}",
        "- Timed-code windows: onsets count where they fall; durations are clipped to the window",
        "- Missing values: empty in CSV, system-missing in SPSS and Stata",
        "- Text values are exact: CSV keeps a value beginning with =, +, - or @ as written (R, "
        "Stata and pandas read it as text; a spreadsheet program opening the CSV may take it for "
        "a formula, so open the XLSX file instead), and XLSX holds every text as a text cell, "
        "never a formula",
        "- Assisted sessions (the exported record holds accepted machine suggestions, each with "
        "its tool and parameters in the coder's decision log): "
        + (", ".join(assisted) if assisted else "none"),
        f"- Data files: {', '.join(data_files)}",
        f"- Spec sha256: {spec.sha256}",
        "",
        "## Columns",
        "",
        "| name | long name | label | type | values | derivation |",
        "|---|---|---|---|---|---|",
    ]
    for e in columns:
        long_name = e.long_name if e.long_name != e.name else ""
        lines.append("| " + " | ".join(_md_cell(x) for x in (e.name, long_name, e.label, e.type, e.values, e.derivation)) + " |")
    if variables:
        lines += ["", "## Variables (values of the `variable` column)", "",
                  "| variable | label | type | values | derivation |", "|---|---|---|---|---|"]
        for e in variables:
            lines.append("| " + " | ".join(_md_cell(x) for x in (e.name, e.label, e.type, e.values, e.derivation)) + " |")
    return "\n".join(lines) + "\n"


def codebook_csv(dataset: Dataset) -> str:
    """The codebook as CSV: section, name, long_name, label, type, values, derivation."""
    columns, variables = codebook_entries(dataset)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["section", "name", "long_name", "label", "type", "values", "derivation"])
    for section, entries in (("column", columns), ("variable", variables)):
        for e in entries:
            writer.writerow([section, e.name, e.long_name, e.label, e.type, e.values, e.derivation])
    return buffer.getvalue()
