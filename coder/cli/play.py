"""``coder play FILE… [--offset-ms N …]``: watch one or more camera angles in sync.

One of the command line's two doors into the Qt application (with ``coder gui``), declared in the
import contracts of pyproject.toml; Qt is imported only when the player opens.
"""

from __future__ import annotations

import argparse
from typing import Any

from coder.errors import MediaError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "play",
        help="play videos (several camera angles in sync)",
        description="Open a player window for FILE (the primary camera) and any further "
        "angles. Keys: Space play/pause, Left/Right one frame, Shift ±1 s, Ctrl ±5 s.",
    )
    parser.add_argument("files", metavar="FILE", nargs="+", help="video files; first is primary")
    parser.add_argument(
        "--offset-ms",
        metavar="N",
        type=int,
        action="append",
        default=[],
        help="offset of each secondary angle in ms against the primary, once per secondary "
        "in order (positive: it started recording later)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    secondaries = len(args.files) - 1
    if len(args.offset_ms) > secondaries:
        raise MediaError(
            f"{len(args.offset_ms)} offsets given for {secondaries} secondary video(s)",
            hint="give one --offset-ms per file after the first",
        )
    # A declared door into the Qt application (pyproject's import contracts), taken only here.
    from coder.gui.player.app import play_main

    return int(play_main(list(args.files), list(args.offset_ms)))
