"""``coder export PROJECT --spec SPEC``: the analysis dataset, joined to the unblinding key."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from coder.cli.output import emit_json
from coder.export.run import run_export
from coder.export.spec import FORMATS
from coder.shipped import shipped_specs_dir


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export coded variables joined to the key (CSV, SPSS, Stata, Parquet, XLSX)",
        description="Derive the variables an export spec asks for (timed-code frequencies, "
        "durations, proportions, latencies; ratings and composites; SSP classification; motion "
        "energy per drawn region and movement synchrony from the videos), join "
        "them to the unblinding key and write the dataset with a codebook and a manifest. The "
        "unblinding is recorded in the project's audit log. Shipped specs can be named without a path: demo_long, demo_wide_spss, demo_sequential, demo_motion, ssp.",
    )
    parser.add_argument("project", metavar="PROJECT", help="the project folder or its postgresql:// address")
    parser.add_argument("--spec", required=True, help="the export spec: a YAML file, or the name of a shipped spec")
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
    from coder.analysis.dataset_variables import sequential_variables
    from coder.assist.motion_variables import motion_variables
    from coder.assist.store import assisted_records
    from coder.project.project import Project
    from coder.reliability.disagreements import unfinished_consensus

    project = Project.open(args.project)
    if args.out is None and not project.is_folder:
        print(f"no --out given: the export goes to {project.default_export_folder('…').parent} "
              "on this machine", file=sys.stderr)
    result = run_export(
        project, resolve_spec(args.spec), args.formats, args.out, raw=args.raw,
        consensus_check=unfinished_consensus,
        sequential=sequential_variables,
        assisted=assisted_records(project),
        motion=motion_variables,
    )
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
            "invalid": [str(v) for v in result.invalid],
        },
        args.json,
    )
    if result.invalid:
        # The dataset is written without them, but a script must not take it as complete.
        print(f"coder: {len(result.invalid)} invalid value(s) were left out of the export "
              "(listed above); correct them (`coder validate` lists every problem) and export "
              "again", file=sys.stderr)
        return 2
    return 0


def resolve_spec(name: str) -> Path:
    """A spec file path, or the shipped spec of that name (``demo_long``, ``ssp``, …)."""
    path = Path(name)
    if path.exists():
        return path
    shipped = shipped_specs_dir() / f"{name.removesuffix('.yaml')}.yaml"
    return shipped if shipped.is_file() else path
