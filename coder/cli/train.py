"""``coder train PROJECT --coder ID [SESSION…]``: give gold sessions to a trainee; seed checks."""

from __future__ import annotations

import argparse
from typing import Any

from coder.cli.output import emit_json
from coder.project.project import Project
from coder.training.queue import assign_training, seed_gold_checks


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "train",
        help="give gold sessions to a trainee, or conceal gold checks in a coder's queue",
        description="Give gold sessions to a coder for training (the named ones, or every gold "
        "session they have not had). The trainee codes them like any session, without seeing "
        "the gold; each one they mark complete is scored against it (coder certify). With "
        "--checks N, draw N gold sessions at random (--seed) and conceal them in a certified "
        "coder's queue as drift checks: they look like any other session (coder drift).",
    )
    parser.add_argument("dir", metavar="PROJECT", help="project folder or postgresql:// address")
    parser.add_argument(
        "--coder",
        required=True,
        nargs="+",
        metavar=("ID", "SESSION"),
        help="the coder, then the gold sessions to give them (default: every gold session "
        "they have not had)",
    )
    parser.add_argument(
        "--checks", type=int, metavar="N", help="conceal N gold sessions as drift checks"
    )
    parser.add_argument("--seed", type=int, default=0, help="with --checks: the draw's seed")
    parser.add_argument("--json", metavar="FILE", help="write the assignments as JSON ('-')")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.dir)
    coder, sessions = args.coder[0], args.coder[1:]
    if args.checks is not None:
        made = seed_gold_checks(project, coder, count=args.checks, seed=args.seed)
        what = "gold checks concealed in the queue of"
    else:
        made = assign_training(project, coder, sessions)
        what = "training sessions given to"
    if args.json != "-":
        print(f"{len(made)} {what} {coder}")
        for assignment in made:
            print(f"  {assignment.session}")
    emit_json({"coder": coder, "sessions": [a.session for a in made]}, args.json)
    return 0
