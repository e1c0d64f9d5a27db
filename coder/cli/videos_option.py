"""``--videos DIR``: where this machine keeps a project's videos (found by their sha256).

A project on a team server names no video files (a path can carry names; each machine keeps its
own copy), so commands that need the videos are told where to look. Never stored in the project.
"""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = (
    "a folder on this machine holding the sessions' videos, found by their sha256 (repeat for "
    "more; needed for a project on a team server, whose sessions name no files; never stored "
    "in the project)"
)


def add_videos_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--videos", metavar="DIR", action="append", default=[], help=HELP)


def video_folders(args: argparse.Namespace) -> list[Path]:
    """The folders given with ``--videos`` (``~`` expanded)."""
    return [Path(folder).expanduser() for folder in args.videos]
