"""The HTML reliability report embeds each double-coded session's two ethograms."""

from __future__ import annotations

import base64
from pathlib import Path

from coder.analysis.plots.comparison_figures import comparison_figures, comparison_key
from coder.cli import main
from coder.project import Project
from coder.reliability.report import project_report, report_to_html


def test_report_embeds_one_comparison_per_pair(demo_path: Path) -> None:
    project = Project.open(demo_path)
    report = project_report(project, bootstrap=0, seed=1)
    pairs = [(p.session, p.coder_a, p.coder_b) for p in report.pairs]
    figures = comparison_figures(project, pairs)
    assert set(figures) == {comparison_key(*p) for p in pairs}
    first = next(iter(figures.values()))
    assert base64.b64decode(first.split(",", 1)[1]).startswith(b"\x89PNG")
    page = report_to_html(report, figures)
    assert "Per-session comparison" in page
    assert page.count("<img src=\"data:image/png;base64,") == len(pairs)
    assert "Per-session comparison" not in report_to_html(report)


def test_cli_html_has_the_comparisons(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["reliability", str(demo_path), "--bootstrap", "0", "--html", str(out)]) == 0
    assert "Per-session comparison" in out.read_text(encoding="utf-8")
