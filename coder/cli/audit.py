"""``coder audit verify PROJECT``: check the audit log's hash chain, line by line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from coder.cli.output import emit_json
from coder.errors import ProjectError
from coder.project.audit_verify import project_anchors, verify_audit
from coder.project.folder_store import AUDIT_FILE, PROJECT_FILE
from coder.project.project import Project


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "audit",
        help="check the audit log (hash chain)",
        description="Check the project's audit log: every entry holds the hash of the one before, "
        "so a deleted, altered, reordered, inserted or forged entry is reported with its line "
        "number. The log's head is also checked against audit.head.json and against the heads "
        "recorded in export manifests and package records. Exit status 0 when intact, 1 when not.",
    )
    actions = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="check the hash chain of a project's audit log")
    verify.add_argument("dir", metavar="PROJECT", help="project folder or postgresql:// address")
    verify.add_argument("--json", metavar="FILE", help="write the result as JSON ('-': stdout)")
    verify.set_defaults(func=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    if Project.names_server(args.dir):
        return _verify_on_server(args)
    # Read only: the project is not opened (opening may finish an interrupted change).
    root = Path(args.dir)
    if root.name == PROJECT_FILE:
        root = root.parent
    if not (root / PROJECT_FILE).is_file():
        raise ProjectError("is not a Coder project (no project.json)", path=root)
    log = root / AUDIT_FILE
    result = verify_audit(log, project_anchors(root))
    for problem in result.problems:
        print(f"{log}: {problem}", file=sys.stderr)
    if result.ok and not args.json:
        if result.lines and not result.chained:
            print(f"{log}: written before entries were chained ({result.lines} lines, not "
                  "checked); the next entry Coder writes starts the chain")
        else:
            print(f"{log}: intact ({result.chained} chained entries, head {result.head_seq} "
                  f"{(result.head_hash or '')[:12]})")
    emit_json(
        {
            "valid": result.ok,
            "lines": result.lines,
            "chained": result.chained,
            "head": {"seq": result.head_seq, "hash": result.head_hash},
            "problems": [{"line": p.line, "message": p.message} for p in result.problems],
        },
        args.json,
    )
    return 0 if result.ok else 1


def _verify_on_server(args: argparse.Namespace) -> int:
    """The server's audit table: every row's link recomputed here (the lead's role)."""
    project = Project.open(args.dir)
    problems = project.store.audit_problems()
    entries = len(project.store.read_audit())
    for problem in problems:
        print(f"{project.store.location}: {problem}", file=sys.stderr)
    if not problems and not args.json:
        print(f"{project.store.location}: intact ({entries} chained entries)")
    emit_json(
        {"valid": not problems, "lines": entries, "chained": entries,
         "problems": [{"message": p} for p in problems]},
        args.json,
    )
    return 0 if not problems else 1
