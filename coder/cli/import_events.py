"""``coder import-events PROJECT FILE``: events from a CSV, TSV or XLSX table into a session."""

from __future__ import annotations

import argparse
from typing import Any

from coder.cli.output import show_report
from coder.interop.import_report import InteropReport
from coder.interop.plan import ImportPlan
from coder.interop.table_events import UNITS, Columns, import_events
from coder.project.project import Project
from coder.timebase import format_timecode

PREVIEW_ROWS = 10


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import-events",
        help="import events from a CSV, TSV or XLSX table (legacy sheets, machine-made events)",
        description="Read one event per row of a table whose first row names the columns: the "
        "code, the start and, for states, the end or the duration; optional modifier columns. "
        "A value that is a code id or label of the session's scheme is that code; other codes "
        "go into a draft scheme, as the ELAN and BORIS imports do. Rows that cannot be read are "
        "reported with their row numbers. --dry-run shows what would be imported and writes "
        "nothing.",
    )
    parser.add_argument("project", metavar="PROJECT")
    parser.add_argument("file", metavar="FILE", help=".csv, .tsv or .xlsx")
    parser.add_argument("--session", required=True, help="the session the events belong to")
    parser.add_argument("--coder", required=True, help="whose record the events go into")
    parser.add_argument("--code", required=True, metavar="COL", help="column of the codes")
    parser.add_argument("--start", required=True, metavar="COL", help="column of the starts")
    ends = parser.add_mutually_exclusive_group()
    ends.add_argument("--end", metavar="COL", help="column of the ends (states)")
    ends.add_argument("--duration", metavar="COL", help="column of the durations (states)")
    parser.add_argument("--modifier", metavar="COL", action="append", default=[],
                        help="a column of modifier values (repeat for several)")
    parser.add_argument("--unit", required=True, choices=UNITS,
                        help="times in seconds, milliseconds or timecode hh:mm:ss.mmm")
    parser.add_argument("--dry-run", action="store_true", help="preview only; write nothing")
    parser.add_argument("--replace", action="store_true",
                        help="overwrite the coder's existing record of the session")
    parser.add_argument("--json", metavar="FILE", help="write the report as JSON ('-': stdout)")
    parser.set_defaults(func=run)


def preview(plan: ImportPlan, coder: str) -> list[str]:
    """The first events and the count per code, as lines."""
    events = sorted(plan.events.get(coder, []), key=lambda e: (e.start_ms, e.code))
    lines = [f"  {len(events)} event(s) would be imported:"]
    for event in events[:PREVIEW_ROWS]:
        end = "" if event.end_ms is None else f"–{format_timecode(event.end_ms)}"
        mods = " ".join(f"{k}={v}" for k, v in event.modifiers)
        lines.append(f"    {format_timecode(event.start_ms)}{end}  {event.code}  {mods}".rstrip())
    if len(events) > PREVIEW_ROWS:
        lines.append(f"    … {len(events) - PREVIEW_ROWS} more")
    counts: dict[str, int] = {}
    for event in events:
        counts[event.code] = counts.get(event.code, 0) + 1
    lines += [f"  {code} ({plan.kinds[code]}): {n}" for code, n in sorted(counts.items())]
    return lines


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.project)
    project.require_folder("coder import-events")
    columns = Columns(code=args.code, start=args.start, end=args.end, duration=args.duration,
                      modifiers=tuple(args.modifier))
    report, plan = import_events(
        project, args.file, session=args.session, coder=args.coder, columns=columns,
        unit=args.unit, dry_run=args.dry_run, replace=args.replace,
    )  # fmt: skip
    show_report(report, args.json)
    if args.dry_run and args.json != "-":
        print("\n".join(preview(plan, args.coder)))
    return _status(report)


def _status(report: InteropReport) -> int:
    """0 when every row was read; 1 when some rows could not be (they are in the report)."""
    return 1 if report.issues_of("unreadable_row") else 0
