"""BORIS → Coder: ethogram as draft scheme, pairing, subjects, modifiers, offsets, real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coder.cli import main
from coder.errors import InteropError
from coder.interop.boris import import_boris
from coder.interop.boris_import import BorisMapping, exclusion_groups, plan_from_observation
from coder.interop.boris_reader import clean_modifier_value, read_boris
from coder.project.project import Project

from .conftest import BORIS_SAMPLES, FIXTURES


def _plan():  # type: ignore[no-untyped-def]
    project = read_boris(FIXTURES / "small.boris")
    mapping = BorisMapping(project)
    return mapping, plan_from_observation(mapping, project.observations[0], "ana")


def test_clean_modifier_value() -> None:
    assert clean_modifier_value(" warm (friendly) ") == "warm"
    assert clean_modifier_value("a    (a)") == "a"
    assert clean_modifier_value("d  ") == "d"


def test_states_pair_per_subject_and_behaviour_with_time_offset_removed() -> None:
    _, plan = _plan()
    got = sorted((e.code, e.start_ms, e.end_ms, e.modifiers, e.comment) for e in plan.events["ana"])
    assert got == [
        ("infant_gaze_mother", 1500, 4000, (), ""),
        ("infant_gaze_toy", 4000, 6000, (), ""),
        ("mother_gaze_toy", 5125, 7000, (), ""),
        ("vocal", 2250, None, (("tone", "warm"),), "first"),
    ]
    kinds = [i.kind for i in plan.issues]
    assert kinds.count("unpaired_start") == 1  # infant holds at 9.5 s
    assert kinds.count("unknown_code") == 1
    assert kinds.count("no_time") == 1
    assert "time_offset" in kinds


def test_draft_scheme_has_exclusive_streams_partners_and_modifiers() -> None:
    mapping, _ = _plan()
    scheme = mapping.draft.scheme()
    assert scheme.partners == ["mother", "infant"]
    assert scheme.is_exclusive("exclusive_1")
    assert [c.id for c in scheme.codes_in_stream("infant_exclusive_1")] == [
        "infant_gaze_mother",
        "infant_gaze_toy",
    ]
    assert scheme.stream("infant_exclusive_1").partner == "infant"  # type: ignore[union-attr]
    assert scheme.code("holds").stream is None  # excludes nothing: its own row
    assert scheme.code("infant_holds").stream == "infant_codes"  # type: ignore[union-attr]
    assert scheme.modifier("tone").values == ["warm", "flat"]  # type: ignore[union-attr]
    assert scheme.code("gaze_mother").key == "g"  # type: ignore[union-attr]
    keys = [c.key.lower() for c in scheme.codes if c.key]
    assert len(keys) == len(set(keys))


def test_exclusion_groups_are_cliques() -> None:
    project = read_boris(FIXTURES / "small.boris")
    assert exclusion_groups(project.behaviors) == [["gaze mother", "gaze toy"]]


def test_observation_without_media_gets_a_session_to_locate(empty_project: Project) -> None:
    report = import_boris(empty_project, FIXTURES / "small.boris", coder="ana")
    assert report.issues_of("media_to_locate")
    project = Project.open(empty_project.root)
    (session,) = project.sessions
    assert session.videos[0].to_locate and session.videos[0].path.endswith("missing_video.mp4")
    loaded = project.load_annotations("ana", session.code)
    assert loaded is not None and len(loaded.events) == 4


def test_observation_goes_to_the_session_named_like_it(demo: Project, tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "small.boris").read_text())
    code = demo.sessions[0].code
    data["observations"] = {code: data["observations"]["S-OBS1"]}
    path = tmp_path / "named.boris"
    path.write_text(json.dumps(data))
    report = import_boris(demo, path, coder="cleo")
    assert report.issues_of("session_matched")
    loaded = Project.open(demo.root).load_annotations("cleo", code)
    # The session has no covering scheme and already has annotations: unknown codes reported.
    assert loaded is not None
    assert report.issues_of("unknown_code")


def test_session_option_needs_one_observation(demo: Project) -> None:
    path = BORIS_SAMPLES / "test.boris"
    with pytest.raises(InteropError, match="--observation"):
        import_boris(demo, path, coder="ana", session=demo.sessions[0].code)


@pytest.mark.parametrize(
    "content", [b"not json", b"[1, 2]", b'{"observations": {}}', b'{"behaviors_conf": {"0": 5}}']
)
def test_corrupt_input_is_an_interop_error(
    tmp_path: Path, empty_project: Project, content: bytes
) -> None:
    path = tmp_path / "bad.boris"
    path.write_bytes(content)
    with pytest.raises(InteropError) as caught:
        import_boris(empty_project, path, coder="ana")
    assert "bad.boris" in str(caught.value)


@pytest.mark.parametrize(
    "name",
    [
        "test.boris",
        "test2.boris",
        "otx_import_test.boris",
        "test_with_leading_trailing_spaces_in_modifiers.boris",
        "test_without_media_files_paths.boris",
    ],
)
def test_real_files_import_with_counts_and_times(
    name: str, demo: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo video stands in for media these files were coded on, which is far longer: its
    # 8-s duration is not recorded, so the door check bounds times only absolutely.
    monkeypatch.setenv("CODER_SKIP_PROBE", "1")
    path = BORIS_SAMPLES / name
    raw = json.loads(path.read_text())
    project = Project.create(tmp_path / "p")
    report = import_boris(project, path, coder="ana")  # no media here: sessions to locate
    assert len(report.issues_of("media_to_locate")) == len(raw.get("observations", {}))
    assert len(Project.open(project.root).sessions) == len(raw.get("observations", {}))
    states = {b["code"] for b in raw["behaviors_conf"].values() if "State" in b["type"]}
    video = demo.video_path(demo.sessions[0].code)
    for name_, obs in raw.get("observations", {}).items():
        target = Project.create(tmp_path / f"obs{len(list(tmp_path.iterdir()))}")
        import_boris(target, path, coder="ana", observation=name_, video=video)
        target = Project.open(target.root)
        loaded = target.load_annotations("ana", target.sessions[0].code)
        assert loaded is not None
        expected = []
        open_: dict[tuple[str, str], float] = {}
        for row in sorted(obs["events"], key=lambda r: r[0]):
            key = (row[1], row[2])
            if row[2] not in states:
                expected.append((round(row[0] * 1000), None))
            elif key in open_:
                expected.append((round(open_.pop(key) * 1000), round(row[0] * 1000)))
            else:
                open_[key] = row[0]

        def order(t: tuple[int, int | None]) -> tuple[int, int]:
            return (t[0], -1 if t[1] is None else t[1])

        got = sorted(((e.start_ms, e.end_ms) for e in loaded.events), key=order)
        assert got == sorted(expected, key=order)
        unpaired = [i for i in report.issues_of("unpaired_start") if i.where.startswith(name_)]
        assert len(unpaired) >= len(open_)


def test_spaces_in_modifiers_are_stripped(
    tmp_path: Path, demo: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo video stands in for media these files were coded on, which is far longer: its
    # 8-s duration is not recorded, so the door check bounds times only absolutely.
    monkeypatch.setenv("CODER_SKIP_PROBE", "1")
    path = BORIS_SAMPLES / "test_with_leading_trailing_spaces_in_modifiers.boris"
    project = Project.create(tmp_path / "p")
    import_boris(project, path, coder="ana", video=demo.video_path(demo.sessions[0].code))
    project = Project.open(project.root)
    loaded = project.load_annotations("ana", project.sessions[0].code)
    assert loaded is not None
    assert [e.modifier_map for e in loaded.events] == [
        {"test_1": "a", "test_2": "c"},
        {"test_1": "a"},
        {"test_2": "111"},
        {"test_2": "c"},
    ]
    scheme = project.scheme_for(project.sessions[0].code)
    assert scheme.modifier("test_1").values == ["a", "c", "d"]  # type: ignore[union-attr]


def test_cli_requires_coder_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project_dir = tmp_path / "p"
    main(["init", str(project_dir)])
    capsys.readouterr()
    assert (
        main(
            [
                "import-boris",
                str(project_dir),
                str(FIXTURES / "small.boris"),
                "--coder",
                "ana",
                "--json",
                "-",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert any(i["kind"] == "unpaired_start" for i in data["issues"])
