"""``coder analyze PROJECT``: lag tables, time budgets and contingencies over the project's sessions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from coder.cli.output import emit_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="sequential and contingency analysis (lag tables, time windows, time budgets)",
        description="Run an analysis spec over the project's sessions (each session's consensus "
        "record, else its primary coder's, unless the spec says otherwise). Without --spec: a "
        "pooled lag-1 table per exclusive stream and time budgets of every code. The shipped "
        "example can be named without a path: demo_analysis.",
    )
    parser.add_argument("project", metavar="PROJECT", help="the project folder or its postgresql:// address")
    parser.add_argument("--spec", help="an analysis spec: a YAML file or the name of a shipped spec")
    parser.add_argument("--json", metavar="FILE", help="write the results as JSON ('-' for stdout)")
    parser.add_argument("--csv", metavar="DIR", help="write the tables as CSV files into DIR")
    parser.add_argument("--by", metavar="COLUMNS",
                        help="key columns to pool lag tables by, e.g. arm,timepoint (an unblinding: "
                        "recorded in the audit log)")
    parser.add_argument("--plots", metavar="DIR", help="write heat maps, transition diagrams and "
                        "time-budget bars into DIR")
    parser.add_argument("--plot-format", choices=("svg", "pdf", "png"), default="svg")
    parser.add_argument("--actor", default="lead", help="who runs a --by analysis (for the audit log)")
    parser.add_argument("--sdis", metavar="FILE",
                        help="also write the sessions as an SDIS file for GSEQ (one per scheme when several)")
    parser.add_argument("--sdis-type", choices=("timed", "event"), default="timed",
                        help="SDIS data type (default: timed)")
    parser.set_defaults(func=run)


def resolve_analysis_spec(name: str) -> Path:
    """A spec file path, or the shipped analysis spec of that name."""
    from coder.shipped import shipped_analysis_spec

    path = Path(name)
    if path.exists():
        return path
    return shipped_analysis_spec(name) or path


def run(args: argparse.Namespace) -> int:
    from coder.analysis.run import run_analysis
    from coder.analysis.spec import load_analysis_spec
    from coder.project.project import Project

    spec = load_analysis_spec(resolve_analysis_spec(args.spec)) if args.spec else None
    project = Project.open(args.project)
    by = [c.strip() for c in args.by.split(",") if c.strip()] if args.by else []
    report = run_analysis(project, spec, by=by, actor=args.actor)
    quiet = args.json == "-"
    if not quiet:
        print(f"analysed {len(report.sessions)} session(s) with spec '{report.spec.name}'")
        for name, result in report.lag.items():
            z = result.adjusted_residuals.stack()
            top = z.dropna().sort_values(ascending=False).head(3)
            best = ", ".join(f"{g}→{t} z={v:.2f}" for (g, t), v in top.items())
            print(f"  lag {result.lag} table '{name}': {result.n_transitions} transitions, "
                  f"G²={result.lr_chi2:.2f} df={result.df}; highest: {best}")
        if report.budget is not None:
            print(f"  time budget: {len(report.budget)} values")
        for name, tables in report.groups.items():
            print(f"  '{name}' pooled by {' × '.join(report.by)}: "
                  + ", ".join(f"{label} ({t.n_transitions})" for label, t in tables.items()))
        for frame_name in ("contingency", "responsiveness", "match_repair"):
            frame = getattr(report, frame_name)
            if frame is not None:
                print(f"  {frame_name.replace('_', ' ')}: {len(frame)} rows")
    if args.csv:
        for path in report.write_csv(args.csv):
            if not quiet:
                print(f"  wrote {path}")
    if args.plots:
        from coder.analysis.plots.report_figures import write_report_figures

        for path in write_report_figures(report, project, args.plots, args.plot_format):
            if not quiet:
                print(f"  wrote {path}")
    if args.sdis:
        from coder.analysis.run import write_sdis

        for path in write_sdis(project, args.sdis, spec, args.sdis_type):
            if not quiet:
                print(f"  wrote {path}")
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    emit_json(report.to_dict(), args.json)
    return 0
