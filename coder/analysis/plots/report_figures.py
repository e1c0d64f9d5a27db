"""Figures of a whole analysis run (``coder analyze --plots DIR``): per lag table a heat map and a
transition diagram (pooled, and per group with ``--by``), and time-budget bars by group."""

from __future__ import annotations

from pathlib import Path

from coder.analysis.plots.budget_bars import budget_bars
from coder.analysis.plots.lag_heatmap import lag_heatmap
from coder.analysis.plots.render import save_figure
from coder.analysis.plots.transition_diagram import transition_diagram
from coder.analysis.run import AnalysisReport
from coder.project.project import Project
from coder.scheme.model import CodeDef


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text.replace(" × ", "_"))


def write_report_figures(report: AnalysisReport, project: Project, folder: str | Path, fmt: str = "svg") -> list[Path]:
    """Write the run's figures into ``folder`` as ``fmt`` files; returns the paths."""
    folder = Path(folder)
    codes: dict[str, CodeDef] = {}
    for scheme_id in sorted({s.scheme for s in project.sessions}):
        for code in project.scheme(scheme_id).codes:
            codes.setdefault(code.id, code)
    labels = {c: d.label or c for c, d in codes.items()}
    colors = {c: d.color for c, d in codes.items()}
    written = []
    tables = [(name, "", result) for name, result in report.lag.items()]
    tables += [(name, label, result) for name, by_group in report.groups.items() for label, result in by_group.items()]
    for name, label, result in tables:
        suffix = f"__{_safe(label)}" if label else ""
        title = f"{name}{' — ' + label if label else ''}"
        written.append(save_figure(lag_heatmap(result, labels=labels, title=f"{title}: adjusted residuals"),
                                   folder / f"lag_{name}{suffix}.{fmt}"))
        written.append(save_figure(transition_diagram(result, colors=colors, title=f"{title}: transitions"),
                                   folder / f"transitions_{name}{suffix}.{fmt}"))
    if report.budget is not None and len(report.budget):
        order = [c for c in codes if c in set(report.budget["code"])]
        written.append(save_figure(budget_bars(report.budget, measure="prop", group=report.by, codes=order,
                                               colors=colors), folder / f"budget_prop.{fmt}"))
    return written
