"""``coder demo DIR``: create a complete demo project."""

from __future__ import annotations

import argparse
from typing import Any

from coder.demo.build import create_demo


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="create a demo project with generated videos, two coders' annotations and a key",
        description="Create a complete demo project in DIR (a new or empty folder): generated "
        "videos with audio and a visible timecode, the demo interaction and Strange Situation "
        "schemes, two coders' annotations that mostly agree, assignments and an unblinding key.",
    )
    parser.add_argument("dir", metavar="DIR", help="folder to create the project in")
    parser.add_argument(
        "--seconds", type=int, default=45, help="length of a free-play video (default 45)"
    )
    parser.add_argument("--seed", type=int, default=7, help="random seed of the generated coding")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    project = create_demo(args.dir, seconds=max(6, args.seconds), seed=args.seed, practice=True)
    print(
        f"created demo project '{project.name}' in {project.root}: {len(project.sessions)} sessions, coders "
        + ", ".join(c.id for c in project.coders)
    )
    print(f"open it with: coder gui {project.root}")
    return 0
