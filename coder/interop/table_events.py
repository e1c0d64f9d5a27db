"""Events from a spreadsheet (CSV, TSV or XLSX): legacy coding sheets and machine-made events.

One row is one event: a code column, a start column and, for states, an end or a duration
column; modifier columns optional. Times are in seconds, milliseconds or timecode
(``hh:mm:ss.mmm``). The first row holds the column names; rows are numbered as a spreadsheet
shows them (the first data row is row 2), so a reported row can be found.

Codes: a value that is a code id of the session's scheme, or its label (ignoring case), is that
code; other values become codes of a draft scheme, as the ELAN and BORIS imports make them
(the session codes with the draft when nobody coded it yet; otherwise they are reported and
left out). A code is a state when any of its rows has an end, else a point.

Where the events go: ``EventsTarget.RECORD`` (the coder's own record, the only target today).
The target is a parameter so that suggestions, once they exist, are one more target of the same
reading and checking.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pandas as pd

from coder.annotations.model import Event
from coder.errors import CoderError, InteropError
from coder.interop.draft_scheme import DraftScheme, make_id
from coder.interop.import_report import InteropReport, Issue, ReportBuilder
from coder.interop.plan import ImportPlan
from coder.interop.project_import import apply_plan
from coder.project.project import Project
from coder.scheme import Scheme
from coder.timebase import parse_timecode

UNITS = ("s", "ms", "timecode")


class EventsTarget(StrEnum):
    """Where imported events go."""

    RECORD = "record"


@dataclass(frozen=True)
class Columns:
    """Which columns hold what (names as in the file's first row)."""

    code: str
    start: str
    end: str | None = None
    duration: str | None = None
    modifiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableRow:
    """One readable row: its spreadsheet row number, code text, times (ms) and modifiers."""

    row: int
    code: str
    start_ms: int
    end_ms: int | None
    modifiers: tuple[tuple[str, str], ...]  # (column, value)


def read_table(path: Path) -> pd.DataFrame:
    """The file's cells as text (nothing parsed, empty cells ""); InteropError when unreadable."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
        elif suffix in (".tsv", ".tab"):
            frame = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
        elif suffix in (".csv", ".txt"):
            with path.open(newline="", encoding="utf-8-sig") as handle:
                sample = handle.read(4096)
            try:
                sep = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
            except csv.Error:
                sep = ","
            frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False,
                                encoding="utf-8-sig")  # fmt: skip
        else:
            raise InteropError(
                f"cannot read '{path.suffix}' files as a table of events",
                path=path,
                hint="give a .csv, .tsv or .xlsx file",
            )
    except (OSError, ValueError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise InteropError(f"cannot read the table: {error}", path=path) from None
    except Exception as error:  # openpyxl raises its own types for a damaged workbook
        if isinstance(error, CoderError):
            raise
        raise InteropError(f"cannot read the workbook: {error}", path=path) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _time(text: str, unit: str) -> int:
    """A cell as ms in ``unit``; ValueError with what is wrong."""
    text = text.strip()
    if not text:
        raise ValueError("is empty")
    if unit == "timecode":
        try:
            return parse_timecode(text)
        except CoderError:
            raise ValueError(f"'{text}' is not a timecode (hh:mm:ss.mmm)") from None
    if text.count(",") == 1 and "." not in text:  # a decimal comma ("12,5")
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        what = "seconds" if unit == "s" else "ms"
        raise ValueError(f"'{text}' is not a number of {what}") from None
    if not math.isfinite(value):
        raise ValueError(f"'{text}' is not a time")
    return round(value * 1000) if unit == "s" else round(value)


def table_rows(
    frame: pd.DataFrame, columns: Columns, unit: str, path: Path
) -> tuple[list[TableRow], list[Issue]]:
    """Readable rows and an issue (with its row number) for every row that is not."""
    if unit not in UNITS:
        raise InteropError(f"unknown time unit '{unit}'", hint="use s, ms or timecode")
    wanted = [columns.code, columns.start, columns.end, columns.duration, *columns.modifiers]
    missing = [c for c in wanted if c is not None and c not in frame.columns]
    if missing:
        raise InteropError(
            f"no column '{missing[0]}' in the table",
            path=path,
            hint="columns: " + ", ".join(f"'{c}'" for c in frame.columns),
        )
    rows: list[TableRow] = []
    issues: list[Issue] = []
    for i, record in enumerate(frame.to_dict("records")):
        number = i + 2  # row 1 holds the column names
        code = str(record[columns.code]).strip()
        if not code and not any(str(v).strip() for v in record.values()):
            continue  # a blank line
        where = f"row {number}"
        if not code:
            issues.append(Issue("unreadable_row", where, f"no code in column '{columns.code}'"))
            continue
        try:
            start = _time(str(record[columns.start]), unit)
            end: int | None = None
            if columns.end is not None and str(record[columns.end]).strip():
                end = _time(str(record[columns.end]), unit)
            elif columns.duration is not None and str(record[columns.duration]).strip():
                end = start + _time(str(record[columns.duration]), unit)
        except ValueError as error:
            issues.append(Issue("unreadable_row", where, f"{code}: a time {error}"))
            continue
        if start < 0 or (end is not None and end < start):
            issues.append(
                Issue("unreadable_row", where, f"{code}: times {start}–{end} ms are not in order")
            )
            continue
        mods = tuple(
            (m, str(record[m]).strip()) for m in columns.modifiers if str(record[m]).strip()
        )
        rows.append(TableRow(number, code, start, None if end == start else end, mods))
    return rows, issues


def _code_for(scheme: Scheme, text: str) -> str | None:
    if scheme.code(text) is not None:
        return text
    folded = text.casefold()
    return next((c.id for c in scheme.codes if c.label.casefold() == folded), None)


def _modifier_for(scheme: Scheme, code_id: str, column: str) -> str | None:
    """The modifier of a known code that a column names (by id or label), else None; for a
    drafted code, the id made from the column name."""
    code = scheme.code(code_id)
    if code is None:
        return make_id(column.lower(), prefix="m")
    folded = column.casefold()
    for mod_id in code.modifiers:
        mod = scheme.modifier(mod_id)
        if mod_id.casefold() == folded or (mod is not None and mod.label.casefold() == folded):
            return mod_id
    return None


def plan_from_rows(
    rows: list[TableRow], scheme: Scheme, coder: str, source: Path
) -> ImportPlan:
    """The import plan of the rows for ``coder``: known codes by id or label, others drafted."""
    draft = DraftScheme(
        id=make_id(f"events_{source.stem}").lower(),
        title=f"Draft from the events table {source.name}",
        description="Made by `coder import-events` from the codes found in the table.",
    )
    plan = ImportPlan(source=source, draft=draft, name=source.stem)
    ids: dict[str, str] = {}
    states: set[str] = set()
    for row in rows:
        if row.code not in ids:
            ids[row.code] = _code_for(scheme, row.code) or make_id(
                row.code, set(ids.values()) | {c.id for c in scheme.codes}
            )
        if row.end_ms is not None:
            states.add(ids[row.code])
    events: list[Event] = []
    used: dict[str, set[str]] = {}
    for row in rows:
        code_id = ids[row.code]
        mods = {}
        for column, value in row.modifiers:
            mod_id = _modifier_for(scheme, code_id, column)
            if mod_id is None:
                plan.issues.append(Issue(
                    "unknown_modifier", f"row {row.row}",
                    f"'{column}' is not a modifier of '{code_id}'; '{value}' left out",
                ))  # fmt: skip
                continue
            mods[mod_id] = value
            used.setdefault(code_id, set()).add(mod_id)
            draft.add_modifier_value(mod_id, value)
        events.append(Event.make(code_id, row.start_ms, row.end_ms, modifiers=mods))
    for text, code_id in ids.items():
        kind = "state" if code_id in states else "point"
        plan.kinds[code_id] = kind
        known = scheme.code(code_id)
        modifiers = sorted(used.get(code_id, set()))
        draft.add_code(
            code_id,
            label=known.label if known else text,
            kind=kind,
            stream=code_id,
            modifiers=modifiers,
            key=known.key if known else None,
        )
    plan.events[coder] = events
    return plan


def import_events(
    project: Project,
    table: str | Path,
    *,
    session: str,
    coder: str,
    columns: Columns,
    unit: str,
    dry_run: bool = False,
    replace: bool = False,
    target: EventsTarget = EventsTarget.RECORD,
) -> tuple[InteropReport, ImportPlan]:
    """Read the table and (unless ``dry_run``) write its events to ``target`` for ``coder``.

    Returns the report (rows read, rows not readable with their numbers, codes drafted) and the
    plan (for a preview).
    """
    path = Path(table)
    entry = project.session(session)
    frame = read_table(path)
    rows, issues = table_rows(frame, columns, unit, path)
    plan = plan_from_rows(rows, project.scheme(entry.scheme), coder, path)
    report = ReportBuilder("import-events" + (" (dry run)" if dry_run else ""), str(path))
    report.extend(issues)
    report.extend(plan.issues)
    report.count("rows read", len(rows))
    report.count("rows not readable", len(issues))
    unknown = [c for c in plan.kinds if project.scheme(entry.scheme).code(c) is None]
    if unknown:
        report.add("draft_codes", session, f"codes not in scheme '{entry.scheme}': "
                   + ", ".join(unknown))  # fmt: skip
    if dry_run:
        return report.build(), plan
    if target is EventsTarget.RECORD:
        apply_plan(project, plan, report, session=session, replace=replace)
    return report.build(), plan
