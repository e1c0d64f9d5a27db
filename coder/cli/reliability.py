"""``coder reliability PROJECT``: the inter-rater reliability report of double-coded sessions."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from coder.assist.store import assisted_records
from coder.cli.output import emit_json
from coder.errors import ProjectError
from coder.project.project import Project
from coder.reliability.report import (
    ReliabilityReport,
    project_report,
    report_to_html,
    report_to_json,
    write_csv_tables,
)
from coder.reliability.report.boris_method import BorisRowKappa, boris_html, boris_rows
from coder.reliability.report.model import Figure
from coder.reliability.report.pairs import double_coded
from coder.storage import atomic_write_text


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "reliability",
        help="inter-rater reliability report over the double-coded sessions",
        description="Agreement of coders' independent annotation files (never the consensus) "
        "on every session two or more coders coded: time-unit kappa with and without a "
        "tolerance and event-based kappa per stream and code; ICC(A,1), quadratic-weighted "
        "kappa and ordinal alpha per rating item and composite; classification kappa (4-way, "
        "3-way forced, secure, D) and the D rating; 95%% bootstrap CIs over sessions; bands and "
        "the lab's thresholds; a disagreement list and agreement over coding date. Prints a "
        "short summary; --json/--html/--csv write the full report.",
    )
    parser.add_argument("dir", metavar="PROJECT", help="project folder or postgresql:// address")
    parser.add_argument("--unit-ms", type=int, metavar="MS",
                        help="time unit of time-unit kappa (default: project setting, 1000)")
    parser.add_argument("--tolerance-ms", type=int, metavar="MS",
                        help="tolerance of time-unit kappa and onset window of event pairing "
                        "(default: project setting, 2000)")
    parser.add_argument("--coders", metavar="A,B", help="only these coders (default: all)")
    parser.add_argument("--bootstrap", type=int, default=1000, metavar="B",
                        help="bootstrap resamples of sessions for the CIs (0: none; default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    parser.add_argument("--method", choices=("coder", "boris", "both"), default="coder",
                        help="time-unit kappa as Coder computes it (default), as BORIS does "
                        "(instants from first to last event, closed states, points within "
                        "±interval/2, co-occurring codes combined; per session and row, "
                        "interval = --unit-ms), or both")
    parser.add_argument("--boris-modifiers", action="store_true",
                        help="with --method boris: a code with other modifiers is another "
                        "category (BORIS's 'include modifiers')")
    parser.add_argument("--json", metavar="FILE", help="write the report as JSON ('-': stdout)")
    parser.add_argument("--html", metavar="FILE", help="write a self-contained HTML report")
    parser.add_argument("--html-figures", type=int, default=50, metavar="N",
                        help="embed both coders' ethograms of the first N double-coded sessions "
                        "in the HTML report (default 50; 0 for none)")
    parser.add_argument("--csv", metavar="DIR", help="write the report's tables as CSV files")
    parser.set_defaults(func=run)


def _cell(figure: Figure) -> str:
    if figure.estimate is None:
        return "—"
    text = f"{figure.estimate:.2f}"
    if figure.ci_low is not None and figure.ci_high is not None:
        text += f" [{figure.ci_low:.2f}, {figure.ci_high:.2f}]"
    return text + (" *" if figure.below_threshold else "")


def summary(report: ReliabilityReport) -> str:
    """A short plain-text table of the headline figures (* = below the lab's threshold)."""
    sessions = len({p.session for p in report.pairs})
    lines = [f"{report.project}: {sessions} double-coded session(s), {len(report.pairs)} coder "
             f"pair(s), {len(report.excluded)} excluded; unit {report.parameters.unit_ms} ms, "
             f"tolerance {report.parameters.tolerance_ms} ms, bootstrap "
             f"{report.parameters.bootstrap} (seed {report.parameters.seed})"]
    rows = [("what", "statistic", "estimate [95% CI]", "band")]
    for t in report.timed:
        what = f"{t.scheme}/{t.code or t.row}"
        if t.unit_exact.estimate is not None:
            rows.append((what, "time-unit κ", _cell(t.unit_exact), t.unit_exact.band or ""))
            rows.append((what, "time-unit κ tol.", _cell(t.unit_tolerant),
                         t.unit_tolerant.band or ""))
        rows.append((what, "event κ", _cell(t.event), t.event.band or ""))
    for r in report.ratings:
        rows.append((f"{r.scheme}/{r.item}", "ICC(A,1)", _cell(r.icc), r.icc.band or ""))
    for c in report.classification:
        for red in c.reductions:
            rows.append((f"{c.scheme}/{red.name}", "κ", _cell(red.kappa), red.kappa.band or ""))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip()
              for r in rows]
    lines.append(f"{len(report.disagreements)} disagreement(s); * below threshold "
                 f"(κ {report.parameters.kappa_threshold}, ICC {report.parameters.icc_threshold})")
    return "\n".join(lines)


def boris_summary(rows: list[BorisRowKappa], interval_ms: int) -> str:
    """BORIS's kappa per session, coder pair and row, as plain text."""
    lines = [f"BORIS's kappa (interval {interval_ms} ms; instants from first to last event)"]
    for r in rows:
        kappa = "—" if r.kappa is None else f"{r.kappa:.3f}"
        note = f"  ({r.note})" if r.note else ""
        lines.append(f"  {r.session} {r.coder_a}–{r.coder_b} {r.scheme}/{r.row}: {kappa}{note}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.dir)
    settings = project.data.settings
    coders = [c.strip() for c in args.coders.split(",") if c.strip()] if args.coders else None
    if args.csv and Path(args.csv).exists() and not Path(args.csv).is_dir():
        raise ProjectError("is a file, not a folder", path=args.csv,
                           hint="--csv takes a folder for the CSV tables")
    known = {c.id for c in project.coders}
    unknown = [c for c in coders or [] if c not in known]
    if unknown:
        raise ProjectError(f"no coder '{unknown[0]}' in the project", path=project.file,
                           hint="coders: " + ", ".join(sorted(known)))
    unit_ms = args.unit_ms if args.unit_ms is not None else settings.unit_ms
    boris = []
    if args.method in ("boris", "both"):
        pairs, _ = double_coded(project, coders)
        boris = boris_rows(pairs, interval_ms=unit_ms, include_modifiers=args.boris_modifiers)
    if args.method == "boris":
        if args.json != "-":
            print(boris_summary(boris, unit_ms))
        emit_json({"method": "boris", "interval_ms": unit_ms,
                   "include_modifiers": args.boris_modifiers,
                   "rows": [asdict(r) for r in boris]}, args.json)
        if args.html or args.csv:
            print("--html and --csv need --method coder or both", file=sys.stderr)
            return 2
        return 0
    report = project_report(
        project,
        unit_ms=unit_ms,
        tolerance_ms=args.tolerance_ms if args.tolerance_ms is not None else settings.tolerance_ms,
        coders=coders,
        bootstrap=args.bootstrap,
        seed=args.seed,
        assisted=assisted_records(project),
    )
    if args.json != "-":
        print(summary(report))
        if boris:
            print(boris_summary(boris, unit_ms))
    data = report_to_json(report)
    if boris:
        data["boris"] = {"interval_ms": unit_ms, "include_modifiers": args.boris_modifiers,
                         "rows": [asdict(r) for r in boris]}
    emit_json(data, args.json)
    if args.html:
        from coder.analysis.plots.comparison_figures import comparison_figures

        shown = [(p.session, p.coder_a, p.coder_b) for p in report.pairs]
        figures = comparison_figures(project, shown, limit=args.html_figures) if args.html_figures > 0 else {}
        table = boris_html(boris, unit_ms) if boris else ""
        atomic_write_text(Path(args.html), report_to_html(report, figures, boris_table=table))
        print(f"wrote {args.html}", file=sys.stderr)
    if args.csv:
        for path in write_csv_tables(report, args.csv):
            print(f"wrote {path}", file=sys.stderr)
    if report.invalid_values:
        for value in report.invalid_values:
            print(f"warning: left out invalid value: {value}", file=sys.stderr)
        # The report is written without them, but a script must not take it as complete.
        print(f"coder: {len(report.invalid_values)} invalid value(s) were left out of the "
              "report (listed above); correct them (`coder validate` lists every problem) and "
              "run it again", file=sys.stderr)
        return 2
    return 0
