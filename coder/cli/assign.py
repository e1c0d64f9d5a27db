"""``coder assign PROJECT --coder ID SESSION…`` or ``--balanced``: give sessions to coders."""

from __future__ import annotations

import argparse
from typing import Any

from coder.cli.output import emit_json
from coder.errors import WorkflowError
from coder.project.assignment_plan import apply_plan, assign_sessions, plan_balanced
from coder.project.project import Project


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "assign",
        help="assign sessions to coders (by hand or balanced)",
        description="Give sessions to a coder as their primary coder (--coder ID SESSION…), or "
        "share every unassigned session out evenly among the active coders (--balanced), "
        "balanced by count and, when the key has them, across arm × timepoint strata. "
        "Every assignment is recorded in the audit log; --seed makes --balanced reproducible.",
    )
    parser.add_argument("dir", metavar="PROJECT", help="project folder or postgresql:// address")
    parser.add_argument(
        "--coder",
        nargs="+",
        metavar=("ID", "SESSION"),
        help="the coder, then the session codes to give them",
    )
    parser.add_argument(
        "--balanced", action="store_true", help="share out every session without a primary coder"
    )
    parser.add_argument("--coders", metavar="A,B,…", help="with --balanced: only these coders")
    parser.add_argument("--seed", type=int, help="with --balanced: random seed (recorded)")
    parser.add_argument("--lead", default="lead", help="who assigns (for the audit log)")
    parser.add_argument(
        "--json", metavar="FILE", help="write the assignments as JSON ('-': stdout)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.dir)
    if args.balanced == bool(args.coder):
        raise WorkflowError("give either --coder ID SESSION… or --balanced")
    if args.balanced:
        coders = [c.strip() for c in args.coders.split(",") if c.strip()] if args.coders else None
        plan = plan_balanced(project, coders=coders, seed=args.seed)
        apply_plan(project, plan, actor=args.lead)
        pairs = list(plan.pairs)
        print(f"assigned {len(pairs)} sessions (seed {plan.seed})")
    else:
        coder, sessions = args.coder[0], args.coder[1:]
        if not sessions:
            raise WorkflowError("name the sessions to give to the coder: --coder ID SESSION…")
        made = assign_sessions(project, coder, sessions)
        pairs = [(a.session, a.coder) for a in made]
        print(f"assigned {len(pairs)} sessions to {coder}")
    for session, coder in pairs:
        print(f"  {session}  {coder}")
    emit_json([{"session": s, "coder": c} for s, c in pairs], args.json)
    return 0
