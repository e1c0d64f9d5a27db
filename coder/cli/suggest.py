"""``coder suggest PROJECT [SESSION…] --voice --motion --episodes``: machine suggestions."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from coder.assist.motion import Region
from coder.assist.regions import parse_region
from coder.assist.run import SuggestRequest, suggest
from coder.assist.store import allow_suggestions
from coder.cli.output import emit_json
from coder.errors import WorkflowError
from coder.project.assist_files import in_package
from coder.project.project import Project


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "suggest",
        help="machine suggestions for coders to accept or reject (voice, motion, episodes)",
        description="Run pre-coders on sessions (default: all) and store their suggestions for "
        "each session's primary coder, apart from the coder's record: the coder steps through "
        "them and accepts (an ordinary, undoable event with its provenance) or rejects each. "
        "Sessions of the reliability sample get no suggestions unless the lead allows it "
        "(--allow-sample SESSION --reason …, recorded). Runs on the CPU; nothing is downloaded.",
    )
    parser.add_argument("dir", metavar="PROJECT", help="project folder")
    parser.add_argument("sessions", nargs="*", metavar="SESSION", help="sessions (default all)")
    parser.add_argument("--voice", action="store_true", help="speech and vocalisation (VAD)")
    parser.add_argument("--voice-code", metavar="CODE", help="the code speech becomes")
    parser.add_argument("--motion", action="store_true", help="movement bursts per region")
    parser.add_argument(
        "--region",
        action="append",
        default=[],
        metavar="NAME=x,y,w,h",
        help="a region as fractions of the picture, e.g. mother=0,0,0.5,1 (repeatable; "
        "default: the regions drawn for each session, see coder regions)",
    )
    parser.add_argument(
        "--motion-code", action="append", default=[], metavar="REGION=CODE",
        help="the code a region's movement becomes (repeatable)",
    )
    parser.add_argument("--episodes", action="store_true", help="episode boundaries (segments)")
    parser.add_argument("--plugin", metavar="NAME", help="a detector installed as a plug-in")
    parser.add_argument(
        "--param", action="append", default=[], metavar="KEY=VALUE", help="plug-in parameter"
    )
    parser.add_argument("--coder", action="append", metavar="ID", help="only for these coders")
    parser.add_argument(
        "--allow-sample", metavar="SESSION", help="(lead) allow suggestions on a reliability session"
    )
    parser.add_argument("--reason", default="", help="with --allow-sample: why")
    parser.add_argument("--lead", default="lead", help="who allows (for the audit log)")
    parser.add_argument("--json", metavar="FILE", help="write what was done as JSON ('-')")
    parser.set_defaults(func=run)


def _pairs(values: list[str], what: str) -> dict[str, str]:
    out = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key or not rest:
            raise WorkflowError(f"{what} must look like NAME=VALUE, not '{value}'")
        out[key] = rest
    return out


def _regions(values: list[str]) -> tuple[Region, ...]:
    return tuple(parse_region(value) for value in values)


def _progress(fraction: float, what: str, /) -> None:
    width = 30
    filled = round(width * min(max(fraction, 0.0), 1.0))
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {100 * fraction:3.0f}% {what[:40]:40}")
    if fraction >= 1.0:
        sys.stderr.write("\n")
    sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.dir)
    project.require_folder("coder suggest")
    if args.allow_sample:
        allow_suggestions(project, args.allow_sample, by=args.lead, reason=args.reason)
        print(f"suggestions allowed on {args.allow_sample} (recorded)")
        if not (args.voice or args.motion or args.episodes or args.plugin):
            return 0
    request = SuggestRequest(
        voice=args.voice,
        voice_code=args.voice_code,
        motion=args.motion,
        regions=_regions(args.region),
        motion_codes=_pairs(args.motion_code, "--motion-code"),
        episodes=args.episodes,
        plugin=args.plugin,
        plugin_parameters=dict(_pairs(args.param, "--param")),
    )
    outcome = suggest(project, args.sessions, request, coders=args.coder, progress=_progress)
    if args.json != "-":
        for session, coder, tool, count in outcome.written:
            print(f"  {session}  {coder}: {count} suggestions from {tool}")
        if outcome.skipped_sample and in_package(project):
            print(f"skipped {len(outcome.skipped_sample)} sessions that take no suggestions")
        elif outcome.skipped_sample:
            print(f"skipped {len(outcome.skipped_sample)} sessions of the reliability sample")
    emit_json(
        {
            "written": [
                {"session": s, "coder": c, "tool": t, "suggestions": n}
                for s, c, t, n in outcome.written
            ],
            # A package must not say which sessions are double-coded.
            ("skipped" if in_package(project) else "skipped_sample"): list(outcome.skipped_sample),
        },
        args.json,
    )
    return 0
