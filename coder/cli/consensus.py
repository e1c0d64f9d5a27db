"""``coder consensus PROJECT SESSION --list | --accept CODER``: disagreements and consensus."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from coder.cli.output import emit_json
from coder.errors import WorkflowError
from coder.project.consensus import accept_record, load_consensus
from coder.project.project import Project
from coder.reliability.disagreements import disagreements


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "consensus",
        help="list two coders' disagreements on a session, or accept one coder's record",
        description="--list prints what two coders' records of SESSION disagree on (timed "
        "events paired by onset within the tolerance, segment boundaries, ratings, "
        "classification). --accept CODER takes that coder's whole record as the consensus "
        "(stored in consensus/SESSION.json with who, when and why; also in the audit log). "
        "The coders' own files are never changed. Decisions on single disagreements are made "
        "in the lead's consensus view of the app.",
    )
    parser.add_argument("dir", metavar="PROJECT", help="project folder or postgresql:// address")
    parser.add_argument("session", metavar="SESSION", help="session code")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--list", action="store_true", help="print the disagreements")
    action.add_argument("--accept", metavar="CODER", help="accept this coder's whole record")
    parser.add_argument(
        "--coders", metavar="A,B", help="the two coders (default: the two with files)"
    )
    parser.add_argument("--reason", default="", help="why (required with --accept)")
    parser.add_argument("--lead", default="lead", help="who decides (recorded)")
    parser.add_argument(
        "--tolerance", type=int, metavar="MS", help="onset/boundary tolerance in ms"
    )
    parser.add_argument("--json", metavar="FILE", help="write the result as JSON ('-': stdout)")
    parser.set_defaults(func=run)


def _coders(project: Project, args: argparse.Namespace) -> list[str]:
    if args.coders:
        return [c.strip() for c in args.coders.split(",") if c.strip()]
    found = project.coders_of(args.session)
    if len(found) != 2:
        raise WorkflowError(
            f"session {args.session} has records of {len(found)} coders ({', '.join(found) or 'none'})",
            hint="name two with --coders A,B",
        )
    return found


def _invalid_values(project: Project, session: str, coders: list[str]) -> int:
    """Warn about the invalid values of the coders' records (left out of the consensus)."""
    count = 0
    for coder in coders:
        if not project.has_coder(coder):
            continue
        checked = project.checked_annotations(coder, session)
        for value in checked.invalid if checked is not None else ():
            print(f"warning: left out invalid value: {value}", file=sys.stderr)
            count += 1
    return count


def _finish(invalid: int) -> int:
    if not invalid:
        return 0
    print(f"coder: {invalid} invalid value(s) of the coders' records were left out (listed "
          "above); correct them (`coder validate` lists every problem)", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.dir)
    coders = _coders(project, args)
    invalid = _invalid_values(project, args.session, coders)
    if args.list:
        found = disagreements(project, args.session, coders, tolerance_ms=args.tolerance)
        print(f"session {args.session}: {len(found)} disagreements between {' and '.join(coders)}")
        for item in found:
            print(f"  {item.kind.value:<14} {item.where:<28} {item.detail}")
        existing = load_consensus(project, args.session)
        if existing is not None:
            print(f"consensus started by {existing.lead}: {len(existing.decisions)} decisions")
        emit_json(
            [
                {
                    "kind": d.kind.value,
                    "where": d.where,
                    "detail": d.detail,
                    "time_ms": d.time_ms,
                    "stream": d.stream,
                    "item": d.item,
                    "segment": d.segment,
                    "values": {c: v for c, v in d.values},
                    "ids": {c: i for c, i in d.ids},
                }
                for d in found
            ],
            args.json,
        )
        return _finish(invalid)
    if args.accept not in coders:
        raise WorkflowError(f"'{args.accept}' is not one of the coders {', '.join(coders)}")
    record = accept_record(
        project, args.session, args.accept, lead=args.lead, reason=args.reason, coders=coders
    )
    decision = record.decisions[-1]
    print(f"consensus of {args.session}: accepted {args.accept}'s record ({decision.id})")
    emit_json(json.loads(json.dumps(decision.to_dict())), args.json)
    return _finish(invalid)
