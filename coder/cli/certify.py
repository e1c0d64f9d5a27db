"""``coder certify PROJECT --coder ID``: a coder's training status against the gold."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from coder.cli.output import emit_json
from coder.project.project import Project
from coder.storage.atomic import atomic_write_text
from coder.training.certification import certify
from coder.training.report import certification_to_html, certification_to_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "certify",
        help="a coder's training status: each measure against the gold, pass or fail",
        description="Compare a trainee's completed training sessions with their gold records, "
        "using the reliability report's statistics and the project's time unit and tolerance "
        "(per stream time-unit and event κ, ratings ICC(A,1), classification agreement), "
        "against the criteria in training.json, and report the status: not started, in "
        "training, certified on a date, or lapsed (a drift alarm since certification).",
    )
    parser.add_argument("dir", metavar="PROJECT", help="project folder or postgresql:// address")
    parser.add_argument("--coder", required=True, metavar="ID", help="the coder")
    parser.add_argument("--json", metavar="FILE", help="write the report as JSON ('-': stdout)")
    parser.add_argument("--html", metavar="FILE", help="write the report as HTML")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    report = certify(Project.open(args.dir), args.coder)
    if args.json != "-":
        when = f" on {report.certified_on}" if report.certified_on else ""
        print(f"{report.coder}: {report.status}{when}")
        if report.latest is not None:
            for m in report.latest.measures:
                verdict = {True: "pass", False: "FAIL", None: "not assessed"}[m.passed]
                value = "—" if m.estimate is None else f"{m.estimate:.3f}"
                print(f"  {m.label} ({m.kind}): {value} vs {m.criterion:g}  {verdict}")
        if report.pending:
            print(f"  not yet scored: {', '.join(report.pending)}")
    emit_json(certification_to_json(report), args.json)
    if args.html:
        atomic_write_text(Path(args.html), certification_to_html(report))
    return 0
