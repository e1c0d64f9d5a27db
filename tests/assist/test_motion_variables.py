"""Motion variables in the export: per-segment motion energy of drawn regions, movement
synchrony against its surrogate baseline, codebook entries, manifest, and NA with a warning
when a video or a region is missing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from coder.annotations.commands import PutSegment, set_status
from coder.annotations.model import Segment, SessionStatus
from coder.assist.motion import Region
from coder.assist.motion_variables import motion_variables
from coder.assist.regions import save_regions
from coder.cli import main
from coder.errors import ExportError
from coder.export import parse_spec, run_export
from coder.project.project import Project
from coder.shipped import shipped_schemes_dir

from .media_material import moving_video

REGIONS = (Region(name="mother", x=0, y=0, w=0.5, h=1), Region(name="infant", x=0.5, y=0, w=0.5, h=1))
SECONDS = 60
# Play 1 (0–20 s): the mother moves most of the time, the infant a little. Play 2 (20–40 s):
# the infant moves most of the time, the mother is still.
STILL_MOTHER = {
    "mother": [(0, 8000), (9000, 17000)],
    "infant": [(2000, 3000), (21000, 29000), (30000, 38000)],
}
# Bursts of about a second at random moments, the same for both regions (together) or each
# region its own (apart).


def _bursts(seed: int) -> list[tuple[int, int]]:
    rng = np.random.default_rng(seed)
    starts = np.cumsum(rng.integers(1200, 4000, SECONDS))
    return [(int(t), int(t) + int(rng.integers(500, 1200))) for t in starts if t < SECONDS * 1000]


_TOGETHER = _bursts(1)
_APART = _bursts(2)
TOGETHER = {"mother": _TOGETHER, "infant": _TOGETHER}
APART = {"mother": _TOGETHER, "infant": _APART}

SPEC = """
name: motion
layout: long
timed: {enabled: false}
ratings: {enabled: false}
classification: {enabled: false}
segment_info: {enabled: false}
motion:
  synchrony:
    - {a: mother, b: infant, window_ms: 4000, max_lag_ms: 500, surrogates: 40, measures: [peak, mean, lag, base, excess, windows]}
"""


@pytest.fixture(scope="module")
def videos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("motion_export")
    return {
        name: moving_video(folder / f"{name}.mp4", moves, seconds=SECONDS, seed=i)
        for i, (name, moves) in enumerate(
            (("segments", STILL_MOTHER), ("together", TOGETHER), ("apart", APART))
        )
    }


def _project(root: Path, videos: dict[str, Path]) -> Project:
    project = Project.create(root, schemes=[shipped_schemes_dir() / "demo_interaction.yaml"])
    (root / "media").mkdir()
    videos = {name: Path(shutil.copy(path, root / "media" / path.name)) for name, path in videos.items()}
    key = {
        v.name: {"participant": f"P{i}", "arm": "A", "timepoint": "t0"}
        for i, v in enumerate(videos.values())
    }
    sessions = project.add_sessions(list(videos.values()), key_rows=key)
    project.add_coder("ana")
    project.assign("ana", [s.code for s in sessions])
    for session in sessions:
        store = project.open_annotations("ana", session.code)
        for i, name in enumerate(("play1", "play2", "play3")):
            segment = Segment.make(name, i * 20000, (i + 1) * 20000)
            store.execute(PutSegment(before=None, after=segment))
        store.execute(set_status(store.document, SessionStatus.COMPLETE))
        store.close()
    return project


@pytest.fixture
def project(tmp_path: Path, videos: dict[str, Path]) -> Project:
    return _project(tmp_path / "p", videos)


def _codes(project: Project) -> dict[str, str]:
    """Video stem (segments, together, apart) → session code."""
    return {Path(s.videos[0].path).stem: s.code for s in project.sessions}


def _values(result_dir: Path) -> pd.DataFrame:
    frame = pd.read_csv(result_dir / "motion.csv")
    return frame.set_index(["session", "segment", "variable"])["value"]


@pytest.mark.slow
def test_motion_and_synchrony_per_segment(project: Project) -> None:
    codes = _codes(project)
    for code in codes.values():
        save_regions(project, code, REGIONS, by="lead")
    steps: list[tuple[float, str]] = []
    result = run_export(project, parse_spec(SPEC), ["csv"], motion=motion_variables,
                        progress=lambda f, m: steps.append((f, m)))
    assert [f for f, _m in steps] == sorted(f for f, _m in steps)
    assert {f"Measuring motion in {c}" for c in codes.values()} <= {m for _f, m in steps}
    values = _values(result.out_dir)
    seg = codes["segments"]
    # Play 1: the mother moves far more than the infant; play 2: the other way round.
    assert values[(seg, "play1", "motion_mother_mean")] > 3 * values[(seg, "play1", "motion_infant_mean")]
    assert values[(seg, "play2", "motion_infant_mean")] > 3 * values[(seg, "play2", "motion_mother_mean")]
    assert values[(seg, "play3", "motion_mother_mean")] < 0.01
    # Moving together: high synchrony well above the shuffled baseline, at lag 0; apart: near
    # the baseline (its sampling spread over a 60-s session is about ±0.05 r, simulated).
    together, apart = codes["together"], codes["apart"]
    for window in ("play1", "play2", "play3", "session"):
        assert values[(together, window, "sync_mother_infant_peak")] > 0.85
        assert values[(together, window, "sync_mother_infant_excess")] > 0.3
        assert abs(values[(together, window, "sync_mother_infant_lag")]) <= 0.12
        assert values[(together, window, "sync_mother_infant_mean")] < values[(together, window, "sync_mother_infant_peak")]
        assert (values[(together, window, "sync_mother_infant_excess")]
                > values[(apart, window, "sync_mother_infant_excess")] + 0.3)
    assert abs(values[(apart, "session", "sync_mother_infant_excess")]) < 0.15
    assert values[(together, "session", "sync_mother_infant_windows")] == SECONDS * 1000 // 4000
    # The codebook lists every variable with its parameters; the manifest what was measured.
    codebook = (result.out_dir / "codebook.md").read_text(encoding="utf-8")
    for name in ("motion_mother_mean", "motion_infant_mean", "sync_mother_infant_peak",
                 "sync_mother_infant_base", "sync_mother_infant_excess", "sync_mother_infant_lag"):
        assert f"| {name} |" in codebook
    assert "±0.5 s" in codebook and "40 surrogates" in codebook and "motion-energy 1" in codebook
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    motion = manifest["parameters"]["motion"]
    assert motion["tool"] == "motion-energy" and motion["parameters"]["synchrony"][0]["window_ms"] == 4000
    entry = motion["sessions"][seg]
    assert entry["video_sha256"] == project.session(seg).videos[0].sha256
    assert [r["name"] for r in entry["regions"]] == ["mother", "infant"]
    assert f"regions/{seg}.json" in {i["path"] for i in manifest["inputs"]}
    # A second export reads the machine's cache and gives the same numbers.
    again = run_export(project, parse_spec(SPEC), ["csv"], motion=motion_variables)
    assert json.loads(again.manifest.read_text())["parameters"]["motion"]["sessions"][seg]["from_cache"]
    assert (again.out_dir / "motion.csv").read_bytes() == (result.out_dir / "motion.csv").read_bytes()


@pytest.mark.slow
def test_missing_regions_or_video_give_na_and_a_warning(project: Project) -> None:
    codes = _codes(project)
    save_regions(project, codes["together"], REGIONS, by="lead")
    save_regions(project, codes["apart"], REGIONS[:1], by="lead")  # no infant
    Path(project.video_path(codes["together"])).unlink()
    result = run_export(project, parse_spec(SPEC), ["csv"], motion=motion_variables)
    values = _values(result.out_dir)
    warnings = "\n".join(result.warnings)
    assert f"{codes['segments']}: no region 'infant', 'mother' drawn" in warnings
    assert f"{codes['apart']}: no region 'infant' drawn" in warnings
    assert f"coder regions PROJECT {codes['apart']} --set infant=x,y,w,h" in warnings
    assert f"{codes['together']}: motion variables are NA: the video cannot be read" in warnings
    for code in (codes["segments"], codes["together"]):
        assert pd.isna(values[(code, "play1", "motion_mother_mean")])
    assert values[(codes["apart"], "play1", "motion_mother_mean")] > 0
    assert pd.isna(values[(codes["apart"], "play1", "motion_infant_mean")])
    assert pd.isna(values[(codes["apart"], "play1", "sync_mother_infant_peak")])


def test_a_motion_spec_needs_the_producer_and_valid_pairs(project: Project) -> None:
    with pytest.raises(ExportError, match="assisted-coding"):
        run_export(project, parse_spec(SPEC), ["csv"])
    with pytest.raises(ExportError, match="two different regions"):
        parse_spec("name: x\nmotion: {synchrony: [{a: mother, b: mother}]}\n")
    with pytest.raises(ExportError, match="max_lag_ms must be shorter"):
        parse_spec("name: x\nmotion: {synchrony: [{a: mother, b: infant, window_ms: 1000, max_lag_ms: 1000}]}\n")


def test_coder_export_with_the_shipped_motion_spec(demo_path: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    project = Project.open(demo_path)
    session = next(s.code for s in project.sessions if s.scheme == "demo_interaction")
    assert main(["regions", str(demo_path), session, "--set", "mother=0,0,0.5,1",
                 "--set", "infant=0.5,0,0.5,1"]) == 0
    assert main(["export", str(demo_path), "--spec", "demo_motion", "--out", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    others = [s.code for s in project.sessions if s.scheme == "demo_interaction" and s.code != session]
    assert all(f"warning: {o}: no region 'mother', 'infant' drawn" in err for o in others)
    assert f"warning: {session}:" not in err
    frame = pd.read_csv(tmp_path / "o" / "demo_motion.csv")
    mine = frame[(frame["session"] == session) & (frame["segment"] == "session")]
    values = mine.set_index("variable")["value"]
    assert values["motion_mother_mean"] >= 0 and values["motion_infant_mean"] >= 0
    assert {"sync_mother_infant_peak", "sync_mother_infant_excess"} <= set(values.index)
    motion = frame["variable"].str.startswith(("motion_", "sync_"))
    assert frame[frame["session"].isin(others) & motion]["value"].isna().all()
    assert (tmp_path / "o" / "codebook.md").read_text(encoding="utf-8").count("| sync_mother_infant_") == 5
