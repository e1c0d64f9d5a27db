"""``coder export PROJECT --spec SPEC``: the analysis dataset, joined to the unblinding key."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from coder.commands.output import emit_json
from coder.export.run import run_export
from coder.export.spec import FORMATS


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export coded variables joined to the key (CSV, SPSS, Stata, Parquet, XLSX)",
        description="Derive the variables an export spec asks for (timed-code frequencies, "
        "durations, proportions, latencies; ratings and composites; SSP classification), join "
        "them to the unblinding key and write the dataset with a codebook and a manifest. The "
        "unblinding is recorded in the project's audit log. Examples of specs: exports/*.yaml.",
    )
    parser.add_argument("project", metavar="PROJECT", help="the project folder")
    parser.add_argument("--spec", required=True, help="the export spec (YAML)")
    parser.add_argument(
        "--format", dest="formats", action="append", choices=FORMATS,
        help="output format (repeatable; default: the spec's formats)",
    )
    parser.add_argument("--out", help="output folder (default: PROJECT/exports/<spec name>/)")
    parser.add_argument("--raw", action="store_true", default=None,
                        help="also write raw tidy tables of all events and ratings")
    parser.add_argument("--json", metavar="FILE", help="write the result as JSON ('-' for stdout)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    result = run_export(args.project, args.spec, args.formats, args.out, raw=args.raw)
    quiet = args.json == "-"
    if not quiet:
        print(f"exported {len(result.sessions)} session(s): {result.rows} rows × {result.columns} columns")
        for path in result.files:
            print(f"  wrote {path}")
    for skipped in result.skipped:
        print(f"skipped {skipped.session}: {skipped.reason}", file=sys.stderr)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    emit_json(
        {
            "out_dir": str(result.out_dir),
            "files": [str(p) for p in result.files],
            "sessions": list(result.sessions),
            "rows": result.rows,
            "columns": result.columns,
            "skipped": [{"session": s.session, "reason": s.reason} for s in result.skipped],
            "warnings": list(result.warnings),
        },
        args.json,
    )
    return 0
