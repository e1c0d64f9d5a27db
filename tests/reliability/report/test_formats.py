"""HTML, JSON and CSV forms of the report, and the ``coder reliability`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from coder.cli import main
from coder.project.project import Project
from coder.reliability.report import (
    project_report,
    report_to_html,
    report_to_json,
    write_csv_tables,
)
from coder.reliability.report.csv_tables import FILES


@pytest.fixture
def report(demo: Project):  # type: ignore[no-untyped-def]
    return project_report(demo, bootstrap=50, seed=2)


def test_html_is_self_contained_with_parameters_tables_and_plots(report) -> None:
    page = report_to_html(report)
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")
    for text in ("Parameters", "unit_ms", "tolerance_ms", "matching_rule", "icc_form", "icc_df",
                 "bootstrap", "seed", "kappa_threshold", "tool_version", "Timed codes",
                 "Ratings", "Classification", "Disagreements", "coding date", "<svg", "heat"):
        assert text in page
    assert page.count("<table") > 5


def test_json_round_trips_through_json_dumps(report) -> None:
    data = report_to_json(report)
    again = json.loads(json.dumps(data, allow_nan=False))
    assert again == data
    assert again["format"] == "coder-reliability-report"
    assert again["parameters"]["unit_ms"] == 1000
    assert again["timed"][0]["unit_exact"]["statistic"] == "kappa"


def test_csv_tables_are_written(report, tmp_path: Path) -> None:
    paths = write_csv_tables(report, tmp_path / "csv")
    assert [p.name for p in paths] == list(FILES)
    timed = pd.read_csv(tmp_path / "csv" / "timed.csv")
    assert len(timed) == len(report.timed)
    assert {"unit_kappa", "unit_kappa_ci_low", "event_kappa", "unit_kappa_band"} <= set(timed)
    params = pd.read_csv(tmp_path / "csv" / "parameters.csv")
    assert "tolerance_ms" in set(params["parameter"])
    assert len(pd.read_csv(tmp_path / "csv" / "disagreements.csv")) == len(report.disagreements)


def test_cli_writes_json_html_csv_and_prints_a_summary(demo: Project, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = main(["reliability", str(demo.root), "--bootstrap", "20", "--seed", "4",
                 "--unit-ms", "500", "--tolerance-ms", "1000", "--json", str(out / "r.json"),
                 "--html", str(out / "r.html"), "--csv", str(out / "csv")])
    assert code == 0
    printed = capsys.readouterr().out
    assert "double-coded session" in printed and "time-unit κ" in printed and "ICC(A,1)" in printed
    data = json.loads((out / "r.json").read_text(encoding="utf-8"))
    assert data["parameters"]["unit_ms"] == 500 and data["parameters"]["seed"] == 4
    assert "Parameters" in (out / "r.html").read_text(encoding="utf-8")
    assert (out / "csv" / "timed.csv").exists()


def test_cli_error_for_a_folder_that_is_no_project(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reliability", str(tmp_path)]) == 2
    assert "project" in capsys.readouterr().err
