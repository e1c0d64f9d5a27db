"""``coder plot PROJECT SESSION --coder C --out FILE``: an ethogram, lag heat map or transition diagram."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "plot",
        help="plot one coder's session (ethogram, lag heat map, transition diagram)",
        description="Draw one coder's session in the scheme's order and colours and write it as "
        "SVG, PDF or PNG (from the file's suffix, or --format).",
    )
    parser.add_argument("project", metavar="PROJECT", help="the project folder or its postgresql:// address")
    parser.add_argument("session", metavar="SESSION", help="the session code")
    parser.add_argument("--coder", required=True, help="whose annotations to draw")
    parser.add_argument("--out", required=True, help="output file (.svg, .pdf or .png)")
    parser.add_argument("--kind", default="ethogram", choices=("ethogram", "lag", "transitions"))
    parser.add_argument("--stream", help="stream of the lag table (default: the first exclusive stream)")
    parser.add_argument("--lag", type=int, default=1)
    parser.add_argument("--format", choices=("svg", "pdf", "png"), help="figure format (default: from --out)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from coder.analysis.plots.render import FORMATS, save_figure
    from coder.analysis.plots.session_figure import session_figure
    from coder.errors import AnalysisError
    from coder.project.project import Project

    out = Path(args.out)
    fmt = args.format or out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise AnalysisError("cannot tell the figure format", path=out, hint="end --out with .svg, .pdf or .png")
    figure = session_figure(Project.open(args.project), args.session, args.coder, args.kind, args.stream, args.lag)
    save_figure(figure, out, fmt)
    print(f"wrote {out}")
    return 0
