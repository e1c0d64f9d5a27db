"""ELAN → Coder: tiers, coders, points, modifiers, dependent tiers, offsets, project writes."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from coder.cli import main
from coder.errors import InteropError
from coder.interop.eaf_import import plan_from_eaf
from coder.interop.eaf_reader import read_eaf
from coder.interop.eaf_writer import export_eaf
from coder.interop.elan import import_eaf
from coder.project.project import Project

from .conftest import ELAN_SAMPLES, FIXTURES
from .eaf_maker import write_eaf


def _times(events: list) -> list[tuple]:  # type: ignore[type-arg]
    return sorted((e.code, e.start_ms, e.end_ms, e.modifiers) for e in events)


def test_plan_maps_tiers_coders_points_and_origin() -> None:
    plan = plan_from_eaf(read_eaf(FIXTURES / "small_3.0.eaf"))
    assert plan.coders() == ["ana_ruiz", "ben"]
    # TIME_ORIGIN 500 of the primary is added; "intensity" became a modifier of its parent.
    assert _times(plan.events["ana_ruiz"]) == [
        ("away", 3000, 4500, ()),
        ("mother", 1500, 3000, (("intensity", "high"),)),
    ]
    ben = _times(plan.events["ben"])
    assert ("clap", 3500, None, ()) in ben  # zero-length → point
    assert ("talks_to_infant", 6500, 9500, ()) in ben
    assert [(c, s, e) for c, s, e, _ in ben if c in ("look", "at", "me")] == [
        ("at", 7500, 8500),
        ("look", 6500, 7500),
        ("me", 8500, 9500),
    ]
    scheme = plan.draft.scheme()
    assert [c.id for c in scheme.codes_in_stream("Infant_gaze")] == ["mother", "away", "toy"]
    assert scheme.is_exclusive("Infant_gaze")
    assert not scheme.is_exclusive("mother_events")  # it holds a point
    assert scheme.stream("mother_events").partner == "mother"  # type: ignore[union-attr]
    assert scheme.code("mother").modifiers == ["intensity"]  # type: ignore[union-attr]
    assert scheme.modifier("intensity").values == ["low", "high"]  # type: ignore[union-attr]
    keys = [c.key.lower() for c in scheme.codes if c.key]
    assert len(keys) == len(set(keys))
    kinds = {i.kind for i in plan.issues}
    assert {"dependent_tier", "camera_offset", "interpolated", "modifier_tier"} <= kinds
    gloss = next(i for i in plan.issues if i.kind == "dependent_tier")
    assert gloss.where == "gloss@ben" and "2 symbolic" in gloss.message
    assert plan.media[1].offset_ms == -1000


def test_coder_option_overrides_annotators() -> None:
    plan = plan_from_eaf(read_eaf(FIXTURES / "small_3.0.eaf"), coder="cleo")
    assert plan.coders() == ["cleo"]


def test_a_file_naming_no_coder_asks_for_one(tmp_path: Path) -> None:
    text = (FIXTURES / "small_2.7.eaf").read_text().replace('AUTHOR="Ben"', 'AUTHOR=""')
    (tmp_path / "x.eaf").write_text(text)
    with pytest.raises(InteropError, match="--coder"):
        plan_from_eaf(read_eaf(tmp_path / "x.eaf"))


def _with_media(tmp_path: Path, demo: Project) -> Path:
    folder = tmp_path / "elan"
    folder.mkdir()
    shutil.copy(FIXTURES / "small_3.0.eaf", folder / "small.eaf")
    shutil.copy(demo.video_path(demo.sessions[0].code), folder / "dyad07_front.mp4")
    shutil.copy(demo.video_path(demo.sessions[1].code), folder / "dyad07_side.mp4")
    return folder / "small.eaf"


def test_import_into_an_empty_project_writes_draft_session_and_files(
    tmp_path: Path, demo: Project, empty_project: Project
) -> None:
    eaf = _with_media(tmp_path, demo)
    report = import_eaf(empty_project, eaf)
    project = Project.open(empty_project.root)
    assert len(project.sessions) == 1
    session = project.sessions[0]
    assert session.scheme == "elan_small"
    assert [v.offset_ms for v in session.videos] == [0, -1000]
    assert sorted(c.id for c in project.coders) == ["ana_ruiz", "ben"]
    loaded = project.load_annotations("ana_ruiz", session.code)
    assert loaded is not None and len(loaded.events) == 2
    # Two of ben's five events end after the 8-second video (beyond the tolerance): left out.
    assert report.count("events (ben)") == 3
    assert len([i for i in report.issues_of("invalid") if "end_ms = 9500" in i.where]) == 2
    # Importing again finds the session by its video and refuses to overwrite.
    with pytest.raises(InteropError, match="--replace"):
        import_eaf(project, eaf)
    again = import_eaf(project, eaf, replace=True)
    assert len(Project.open(project.root).sessions) == 1
    assert again.issues_of("session_matched")


def test_missing_media_gives_a_session_to_locate(empty_project: Project) -> None:
    report = import_eaf(empty_project, FIXTURES / "small_2.7.eaf")
    assert report.issues_of("media_to_locate")
    (session,) = Project.open(empty_project.root).sessions
    assert session.videos[0].to_locate
    assert any("annotations" in w for w in report.written)


def test_cli_import_with_video_and_json_report(
    tmp_path: Path, demo: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project_dir = tmp_path / "p"
    assert main(["init", str(project_dir)]) == 0
    video = demo.video_path(demo.sessions[0].code)
    out = tmp_path / "report.json"
    code = main(
        [
            "import-elan",
            str(project_dir),
            str(FIXTURES / "small_2.7.eaf"),
            "--video",
            str(video),
            "--json",
            str(out),
        ]
    )
    assert code == 0
    data = json.loads(out.read_text())
    assert data["counts"]["events (ben)"] == 2
    printed = capsys.readouterr().out
    assert "import-elan" in printed


def test_cli_corrupt_file_exits_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project_dir = tmp_path / "p"
    main(["init", str(project_dir)])
    bad = tmp_path / "bad.eaf"
    bad.write_text("{not xml")
    assert main(["import-elan", str(project_dir), str(bad), "--coder", "ana"]) == 2
    err = capsys.readouterr().err
    assert "bad.eaf" in err and "Traceback" not in err


@pytest.mark.parametrize("name", ["sample_2.7.eaf", "sample_3.0.eaf"])
def test_real_samples_import_with_exact_counts_and_times(
    name: str, demo: Project, empty_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo video stands in for media these files were coded on, which is far longer: its
    # 8-s duration is not recorded, so the door check bounds times only absolutely.
    monkeypatch.setenv("CODER_SKIP_PROBE", "1")
    path = ELAN_SAMPLES / name
    video = demo.video_path(demo.sessions[0].code)
    report = import_eaf(empty_project, path, coder="ana", video=video)
    project = Project.open(empty_project.root)
    loaded = project.load_annotations("ana", project.sessions[0].code)
    assert loaded is not None
    root = ET.parse(path).getroot()
    slots = {s.get("TIME_SLOT_ID"): s.get("TIME_VALUE") for s in root.iter("TIME_SLOT")}
    expected = []
    symbolic = 0
    for tier in root.iter("TIER"):
        for ann in tier.findall("ANNOTATION/ALIGNABLE_ANNOTATION"):
            value = (ann.findtext("ANNOTATION_VALUE") or "").strip()
            start, end = slots[ann.get("TIME_SLOT_REF1")], slots[ann.get("TIME_SLOT_REF2")]
            if value and start is not None and end is not None:
                expected.append((int(start), int(end)))
        symbolic += len(tier.findall("ANNOTATION/REF_ANNOTATION"))
    got = {(e.start_ms, e.end_ms if e.end_ms is not None else e.start_ms) for e in loaded.events}
    assert set(expected) <= got  # every annotation with two aligned slots, to the ms
    aligned_total = sum(
        1
        for t in root.iter("TIER")
        for a in t.findall("ANNOTATION/ALIGNABLE_ANNOTATION")
        if (a.findtext("ANNOTATION_VALUE") or "").strip()
    )
    left_out = sum(1 for i in report.issues if i.kind in ("zero_length", "unresolved_time"))
    assert len(loaded.events) + left_out == aligned_total
    reported = sum(int(i.message.split()[0]) for i in report.issues_of("dependent_tier"))
    assert reported == symbolic  # no symbolic annotation dropped silently


def test_the_same_value_on_two_tiers_stays_in_each_tiers_stream(
    empty_project: Project, tmp_path: Path
) -> None:
    eaf = write_eaf(
        tmp_path / "two.eaf",
        {"mother": [(0, 1000, "smile"), (2000, 3000, "look")],
         "infant": [(500, 1500, "smile"), (4000, 5000, "cry")]},
    )
    plan = plan_from_eaf(read_eaf(eaf))
    scheme = plan.draft.scheme()
    by_stream: dict[str | None, list[str]] = {}
    for event in plan.events["ana"]:
        code = scheme.code(event.code)
        assert code is not None
        by_stream.setdefault(code.stream, []).append(code.label)
    assert sorted(by_stream["mother"]) == ["look", "smile"]
    assert sorted(by_stream["infant"]) == ["cry", "smile"]


def test_values_come_back_verbatim_through_coder(empty_project: Project, tmp_path: Path) -> None:
    text = "amakaang 你好 di kaai, ‘ŋa pê’ "
    eaf = write_eaf(
        tmp_path / "words.eaf",
        {"text": [(0, 1200, text), (1500, 2500, "ndi")], "words-timesub": [(0, 600, "ndi")]},
    )
    import_eaf(empty_project, eaf)
    project = Project.open(empty_project.root)
    code = project.sessions[0].code
    out = tmp_path / "back.eaf"
    export_eaf(project, code, "ana", out)
    back = read_eaf(out)
    values = {t.id: [(a.start_ms, a.end_ms, a.value) for a in t.annotations] for t in back.tiers}
    assert values == {
        "text@ana": [(0, 1200, text), (1500, 2500, "ndi")],
        "words-timesub@ana": [(0, 600, "ndi")],
    }
    # and into Coder again: the same codes, streams and times
    again = plan_from_eaf(back)
    first = plan_from_eaf(read_eaf(eaf))
    assert sorted((e.code, e.start_ms, e.end_ms) for e in again.events["ana"]) == sorted(
        (e.code, e.start_ms, e.end_ms) for e in first.events["ana"]
    )
