"""``coder drift PROJECT``: each coder's agreement series and the drift rule's alarms."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from coder.cli.output import emit_json
from coder.project.project import Project
from coder.storage.atomic import atomic_write_text
from coder.training.drift_monitor import drift_report
from coder.training.report import drift_to_html, drift_to_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "drift",
        help="drift alarms: each coder's agreement over time (lead)",
        description="Each coder's per-session agreement in coding order, from concealed gold "
        "checks and double-coded reliability sessions, under a one-sided CUSUM whose "
        "parameters, average run lengths and false-alarm rate are stated in the report "
        "(settings in training.json).",
    )
    parser.add_argument("dir", metavar="PROJECT", help="project folder or postgresql:// address")
    parser.add_argument("--json", metavar="FILE", help="write the report as JSON ('-': stdout)")
    parser.add_argument("--html", metavar="FILE", help="write the report as HTML")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    report = drift_report(Project.open(args.dir))
    if args.json != "-":
        print(report.rule_text)
        for coder in report.coders:
            state = (
                f"ALARM at {coder.alarm_session} ({coder.alarm_date})" if coder.alarm else "no alarm"
            )
            print(f"  {coder.coder}: {len(coder.checks)} checks, {state}")
    emit_json(drift_to_json(report), args.json)
    if args.html:
        atomic_write_text(Path(args.html), drift_to_html(report))
    return 0
