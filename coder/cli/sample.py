"""``coder sample PROJECT --fraction F --stratify arm,timepoint --seed N``: draw double coding."""

from __future__ import annotations

import argparse
from typing import Any

from coder.cli.output import emit_json
from coder.project.project import Project
from coder.project.reliability_sample import (
    ReliabilitySample,
    apply_sample,
    draw_sample,
    drawn_before,
    sample_record,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sample",
        help="draw the double-coding (reliability) sample",
        description="Draw a stratified random share of the assigned sessions for double coding "
        "and give each to a second coder (never its primary coder, evenly across coders). "
        "Strata come from the key (lead only); allocation is proportional with largest-remainder "
        "rounding. The seed, fraction, strata and drawn sessions go to the audit log; the same "
        "seed draws the same sample. Coders are never told a session is double-coded.",
    )
    parser.add_argument("dir", metavar="PROJECT", help="project folder or postgresql:// address")
    parser.add_argument(
        "--fraction", type=float, required=True, help="share of sessions to double-code, e.g. 0.25"
    )
    parser.add_argument(
        "--stratify",
        default="arm,timepoint",
        metavar="COLS",
        help="key columns to stratify by (default arm,timepoint; '' for none)",
    )
    parser.add_argument(
        "--seed", type=int, help="random seed (recorded; drawn at random if absent)"
    )
    parser.add_argument("--coders", metavar="A,B,…", help="second coders to use (default: active)")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="show how many sessions each stratum would give, without assigning anything",
    )
    parser.add_argument(
        "--show-sessions",
        action="store_true",
        help="with --dry-run: also name the sessions (an unblinding, logged first)",
    )
    parser.add_argument("--lead", default="lead", help="who draws (for the audit log)")
    parser.add_argument("--json", metavar="FILE", help="write the sample as JSON ('-': stdout)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.dir)
    columns = [c.strip() for c in args.stratify.split(",") if c.strip()]
    coders = [c.strip() for c in args.coders.split(",") if c.strip()] if args.coders else None
    earlier = None
    if args.seed is not None and not args.dry_run:
        earlier = drawn_before(
            project, seed=args.seed, fraction=args.fraction, stratify=columns, coders=coders
        )
    sample = earlier or draw_sample(
        project, fraction=args.fraction, stratify=columns, seed=args.seed, coders=coders
    )
    if args.dry_run:
        return _preview(project, sample, args)
    if earlier is None:
        apply_sample(project, sample, actor=args.lead)
        print(f"drew {len(sample.second_coders)} sessions (seed {sample.seed})")
    else:
        print(
            f"this sample (seed {sample.seed}) was drawn before; nothing new assigned. "
            f"It has {len(sample.second_coders)} sessions"
        )
    for draw in sample.strata:
        label = " × ".join(draw.values) or "all"
        print(f"  {label}: {len(draw.drawn)} of {draw.population}")
    for session, coder in sample.second_coders:
        print(f"  {session}  second coder {coder}")
    emit_json({**sample_record(sample), "assigned": earlier is None}, args.json)
    return 0


def _preview(project: Project, sample: ReliabilitySample, args: argparse.Namespace) -> int:
    """A dry run: counts per stratum only. Which session falls in which stratum comes from the
    key, so naming the drawn sessions is an unblinding, logged before it is shown."""
    print(f"would draw {len(sample.second_coders)} sessions (seed {sample.seed})")
    for draw in sample.strata:
        label = " × ".join(draw.values) or "all"
        print(f"  {label}: {len(draw.drawn)} of {draw.population}")
    result: dict[str, Any] = {
        "seed": sample.seed,
        "fraction": sample.fraction,
        "stratified_by": list(sample.stratified_by),
        "strata": [
            {"values": list(d.values), "population": d.population, "drawn": len(d.drawn)}
            for d in sample.strata
        ],
        "sessions": len(sample.second_coders),
        "assigned": False,
    }
    if args.show_sessions:
        project.audit(
            "unblinding", actor=args.lead, what="sample preview", seed=sample.seed,
            fraction=sample.fraction, stratified_by=list(sample.stratified_by),
            destination="json" if args.json else "terminal",
        )
        for session, coder in sample.second_coders:
            print(f"  {session}  second coder {coder}")
        result = {**sample_record(sample), "assigned": False}
    emit_json(result, args.json)
    return 0
