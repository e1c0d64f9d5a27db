"""``coder regions PROJECT SESSION``: list, set or remove the regions motion is measured in."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from coder.assist.regions import RegionEditor, parse_region
from coder.cli.output import emit_json
from coder.project.project import Project


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "regions",
        help="the named regions of a session's picture that motion is measured in",
        description="List, set or remove the named rectangles (mother, infant …) of a session's "
        "picture, as fractions of the first camera's picture (x, y from the top left, w, h). "
        "They are what the workstation draws (Session ▸ Regions…), what `coder suggest "
        "--motion` measures when no --region is given, and what an export spec's motion: "
        "variables use. Without options: list them.",
    )
    parser.add_argument("dir", metavar="PROJECT", help="project folder")
    parser.add_argument("sessions", nargs="+", metavar="SESSION", help="sessions to change or list")
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=x,y,w,h",
        help="add a region or replace the one of that name, e.g. mother=0,0,0.5,1 (repeatable)",
    )
    parser.add_argument("--remove", action="append", default=[], metavar="NAME",
                        help="remove the region of that name (repeatable)")
    parser.add_argument("--by", default="lead", help="who changes them (recorded in the file)")
    parser.add_argument("--json", metavar="FILE", help="write the regions as JSON ('-')")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.dir)
    wanted = [parse_region(text, option="--set") for text in args.set]
    listing: dict[str, list[dict[str, Any]]] = {}
    for session in args.sessions:
        project.session(session)
        editor = RegionEditor.open(project, session, by=args.by)
        for region in wanted:
            if editor.find(region.name) is None:
                editor.add(region)
            else:
                editor.replace(region.name, region)
        for name in args.remove:
            editor.remove(name)
        listing[session] = [asdict(r) for r in editor.regions]
        if args.json != "-":
            print(f"{session}: " + (", ".join(
                f"{r.name}={r.x:g},{r.y:g},{r.w:g},{r.h:g}" for r in editor.regions
            ) or "no regions"))
    emit_json(listing, args.json)
    return 0
