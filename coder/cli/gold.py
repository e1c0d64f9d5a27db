"""``coder gold PROJECT mark|list``: mark a session's agreed record as its gold standard."""

from __future__ import annotations

import argparse
from typing import Any

from coder.cli.output import emit_json
from coder.errors import WorkflowError
from coder.project.project import Project
from coder.training.gold import CONSENSUS_SOURCE, gold_history, gold_sessions, mark_gold
from coder.training.gold_set import export_gold_set, import_gold_set


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "gold",
        help="mark gold-standard records for training and drift checks (lead)",
        description="Mark a session's agreed record as gold: from its consensus record "
        "(--from consensus) or from a named expert coder's record (--from CODER). A gold record "
        "is read-only; marking again adds a version, and the newest version is the gold. Who, "
        "when and why go to the audit log before the record is written. 'list' shows every "
        "gold session with its versions. 'export' writes gold sessions (videos stripped of "
        "metadata, schemes, gold records; no key) as a gold set another lab can 'import'.",
    )
    parser.add_argument("dir", metavar="PROJECT", help="project folder or postgresql:// address")
    parser.add_argument(
        "action", choices=("mark", "list", "export", "import"), help="what to do"
    )
    parser.add_argument(
        "targets",
        nargs="*",
        metavar="SESSION|FOLDER",
        help="mark: the session; export: sessions (default all gold); import: the gold set folder",
    )
    parser.add_argument("--out", metavar="FOLDER", help="with export: the new gold set folder")
    parser.add_argument("--name", default="", help="with export: the gold set's name")
    parser.add_argument(
        "--from",
        dest="source",
        default=CONSENSUS_SOURCE,
        metavar="consensus|CODER",
        help="where the gold record comes from (default: consensus)",
    )
    parser.add_argument("--reason", default="", help="with mark: why this record is gold")
    parser.add_argument("--lead", default="lead", help="who marks (for the audit log)")
    parser.add_argument("--json", metavar="FILE", help="write the result as JSON ('-': stdout)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.dir)
    if args.action == "export":
        if not args.out:
            raise WorkflowError("say where to write the gold set: --out FOLDER")
        name = args.name or project.name
        out = export_gold_set(project, args.out, name=name, sessions=args.targets or None)
        print(f"gold set '{name}' written to {out}")
        return 0
    if args.action == "import":
        if len(args.targets) != 1:
            raise WorkflowError("name the gold set folder: coder gold PROJECT import FOLDER")
        codes = import_gold_set(project, args.targets[0], by=args.lead)
        print(f"imported {len(codes)} gold sessions: {', '.join(codes)}")
        return 0
    if args.action == "mark":
        if len(args.targets) != 1:
            raise WorkflowError("name the session to mark: coder gold PROJECT mark SESSION")
        record = mark_gold(
            project, args.targets[0], source=args.source, by=args.lead, reason=args.reason
        )
        print(f"{record.session}: gold version {record.version} from {record.source}")
    rows = []
    for session in gold_sessions(project):
        for record in gold_history(project, session):
            rows.append(
                {
                    "session": session,
                    "version": record.version,
                    "source": record.source,
                    "marked_by": record.marked_by,
                    "marked_at": record.marked_at,
                    "reason": record.reason,
                }
            )
    if args.action == "list" and args.json != "-":
        if not rows:
            print("no gold records yet")
        for row in rows:
            print(
                f"  {row['session']}  v{row['version']}  from {row['source']}  "
                f"by {row['marked_by']} {row['marked_at']}  {row['reason']}"
            )
    emit_json({"gold": rows}, args.json)
    return 0
