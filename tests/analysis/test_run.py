"""``coder analyze`` and ``coder plot`` over the demo project; the analysis spec loader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coder.analysis.run import run_analysis
from coder.analysis.spec import load_analysis_spec, parse_analysis_spec
from coder.cli import main
from coder.errors import AnalysisError
from coder.shipped import shipped_analysis_spec


def test_default_analysis_of_every_stream(demo_template: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "res.json"
    assert main(["analyze", str(demo_template), "--json", str(out), "--csv", str(tmp_path / "csv")]) == 0
    data = json.loads(out.read_text())
    assert data["spec"]["name"] == "default"
    assert any(name.endswith("infant_gaze") for name in data["lag"])
    first = next(iter(data["lag"].values()))
    assert sum(map(sum, first["counts"])) == first["n_transitions"]
    assert data["budget"] and {"session", "window", "code", "measure", "value"} <= set(data["budget"][0])
    assert (tmp_path / "csv" / "budget.csv").exists()
    assert "analysed" in capsys.readouterr().out


def test_shipped_demo_spec_runs_every_part(demo_template: Path) -> None:
    report = run_analysis(demo_template, load_analysis_spec(shipped_analysis_spec("demo_analysis")))
    assert set(report.lag) == {"infant_gaze", "infant_affect", "gaze_and_affect"}
    assert "bin1" in set(report.budget["window"])
    assert len(report.contingency) == 2 * len(report.sessions)
    assert len(report.responsiveness) == len(report.sessions)
    assert set(report.match_repair["episode"]) == {"play1", "play2", "play3"}
    # The merged table pools gaze and affect codes in scheme order.
    assert list(report.lag["gaze_and_affect"].counts.index)[:3] == ["gaze_mother", "gaze_object", "gaze_away"]


def test_pooled_table_is_the_sum_of_the_sessions(demo_template: Path) -> None:
    from coder.analysis.plots.session_figure import session_lag
    from coder.project import Project

    project = Project.open(demo_template)
    report = run_analysis(project, parse_analysis_spec(
        "name: t\nscheme: demo_interaction\nsource: [ana]\nlag: [{name: g, streams: [infant_gaze]}]\nbudget: null\n"))
    total = None
    for session in report.sessions:
        table = session_lag(project.load_annotations("ana", session), project.scheme_for(session), "infant_gaze").counts
        total = table if total is None else total + table
    assert report.lag["g"].counts.equals(total)


def test_spec_errors_name_the_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\nlag: [{name: a, streams: []}]\n")
    with pytest.raises(AnalysisError, match=r"lag\.0\.streams"):
        load_analysis_spec(path)
    assert main(["analyze", str(tmp_path), "--spec", str(path)]) == 2


@pytest.mark.parametrize("kind", ["ethogram", "lag", "transitions"])
def test_plot_command_writes_each_kind(demo_template: Path, tmp_path: Path, kind: str) -> None:
    from coder.project import Project

    session = Project.open(demo_template).assignments_of("ana")[0].session
    out = tmp_path / f"{kind}.svg"
    assert main(["plot", str(demo_template), session, "--coder", "ana", "--out", str(out), "--kind", kind]) == 0
    assert out.read_text().lstrip().startswith("<?xml")


def test_plot_refuses_unknown_format_and_coder(demo_template: Path, tmp_path: Path, capsys) -> None:
    from coder.project import Project

    session = Project.open(demo_template).assignments_of("ana")[0].session
    assert main(["plot", str(demo_template), session, "--coder", "ana", "--out", str(tmp_path / "x.gif")]) == 2
    assert main(["plot", str(demo_template), session, "--coder", "zoe", "--out", str(tmp_path / "x.png")]) == 2
    assert "zoe" in capsys.readouterr().err


def test_analyze_writes_sdis(demo_template: Path, tmp_path: Path) -> None:
    out = tmp_path / "demo.sds"
    assert main(["analyze", str(demo_template), "--spec", "demo_analysis", "--sdis", str(out)]) == 0
    text = out.read_text()
    assert text.splitlines()[1].startswith("Timed gaze_mother gaze_object gaze_away (affect_positive")
    assert text.count("/\n") == 4


def test_by_arm_and_timepoint_logs_the_unblinding_first(demo_path: Path, tmp_path: Path) -> None:
    from coder.project import Project

    project = Project.open(demo_path)
    spec = parse_analysis_spec("name: g\nscheme: demo_interaction\nlag: [{name: affect, streams: [infant_affect]}]\n")
    audit_before = project.audit_path.read_text().count("\n") if project.audit_path.exists() else 0
    report = run_analysis(project, spec, by=["arm", "timepoint"], actor="lead")
    entries = project.audit_path.read_text().splitlines()
    assert len(entries) == audit_before + 1 and '"unblinded_analysis"' in entries[-1]
    groups = report.groups["affect"]
    assert sum(t.n_transitions for t in groups.values()) == report.lag["affect"].n_transitions
    assert {"arm", "timepoint"} <= set(report.budget.columns)
    assert all(" × " in label for label in groups)
    with pytest.raises(AnalysisError, match="no column"):
        run_analysis(project, spec, by=["cohort"])


def test_analyze_plots_by_group(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "plots"
    spec = tmp_path / "small.yaml"
    spec.write_text("name: small\nscheme: demo_interaction\nlag: [{name: infant_gaze, streams: [infant_gaze]}]\n"
                    "budget: {codes: [gaze_mother, gaze_object, gaze_away]}\n")
    assert main(["analyze", str(demo_path), "--spec", str(spec), "--by", "arm,timepoint",
                 "--plots", str(out), "--plot-format", "svg"]) == 0
    names = {p.name for p in out.iterdir()}
    assert "budget_prop.svg" in names and "lag_infant_gaze.svg" in names
    assert any(name.startswith("lag_infant_gaze__") for name in names)


def test_demo_spec_latency_and_during(demo_template: Path) -> None:
    report = run_analysis(demo_template, load_analysis_spec(shipped_analysis_spec("demo_analysis")))
    assert set(report.latency["session"]) == set(report.sessions)
    assert {"mean_s", "median_s", "followed"} <= set(report.latency.columns)
    assert (report.during["overlap_s"] <= report.during["b_s"]).all()


def test_icep_r_example_spec_is_valid_and_its_contrasts_work() -> None:
    from coder.analysis.run import still_face_contrasts
    from coder.analysis.time_budget import SessionData, time_budget
    from coder.annotations.model import AnnotationHeader, AnnotationSet, Event, Segment
    from coder.scheme import load_scheme
    from coder.shipped import shipped_scheme

    spec = load_analysis_spec(shipped_analysis_spec("icep_r_still_face"))
    assert spec.scheme == "icep_r" and spec.budget.contrasts
    scheme = load_scheme(shipped_scheme("icep_r"))
    events = (Event.make("inf_social_positive", 0, 90_000), Event.make("inf_negative_protest", 90_000, 120_000),
              Event.make("inf_negative_protest", 120_000, 200_000), Event.make("inf_social_positive", 200_000, 240_000),
              Event.make("inf_social_positive", 240_000, 360_000))
    segments = (Segment.make("play", 0, 120_000), Segment.make("still_face", 120_000, 240_000),
                Segment.make("reunion", 240_000, 360_000))
    data = [SessionData("S-1", AnnotationSet(AnnotationHeader("ana", "S-1", "icep_r", "1.0", ""), events, segments))]
    frame = time_budget(data, scheme, by="segment", codes=["inf_social_positive"], measures=["prop"])
    contrasts = still_face_contrasts(frame).set_index("window")["value"]
    assert contrasts["still_face_minus_play"] == pytest.approx(40 / 120 - 90 / 120)
    assert contrasts["reunion_minus_play"] == pytest.approx(1 - 90 / 120)


def test_spec_with_a_duplicate_key_is_refused() -> None:
    with pytest.raises(AnalysisError):
        parse_analysis_spec("name: a\nname: b\n")
