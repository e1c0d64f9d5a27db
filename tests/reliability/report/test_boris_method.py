"""`coder reliability --method boris`: BORIS's kappa per session and row beside Coder's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coder.cli import main
from coder.project.project import Project
from coder.reliability import boris_kappa
from coder.reliability.report.boris_method import boris_rows, row_events
from coder.reliability.report.pairs import double_coded


def test_boris_rows_equal_boris_kappa_of_each_row(demo_path: Path) -> None:
    project = Project.open(demo_path)
    pairs, _ = double_coded(project)
    rows = boris_rows(pairs, interval_ms=1000)
    assert rows
    pair = pairs[0]
    first = next(r for r in rows if r.session == pair.session and r.kappa is not None)
    expected = boris_kappa(
        row_events(pair.a, pair.scheme, first.row),
        row_events(pair.b, pair.scheme, first.row),
        interval_ms=1000,
    )
    assert first.kappa == pytest.approx(expected.kappa)


def test_cli_method_boris_json_and_both_html(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "boris.json"
    assert main(["reliability", str(demo_path), "--method", "boris", "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["method"] == "boris" and data["interval_ms"] == 1000 and data["rows"]
    assert "BORIS's kappa" in capsys.readouterr().out
    html = tmp_path / "r.html"
    assert main(["reliability", str(demo_path), "--method", "both", "--bootstrap", "0",
                 "--html", str(html)]) == 0
    text = html.read_text()
    assert "Two time-unit methods" in text and "BORIS's κ (interval 1000 ms)" in text
