"""BORIS files that used to lose data silently: offsets of the 4.0 format, unnamed modifier sets,
shortcut keys, START/STOP pairs with modifiers, subjects on export."""

from __future__ import annotations

import json
from pathlib import Path

from coder.interop.boris import import_boris
from coder.interop.boris_import import BorisMapping, plan_from_observation
from coder.interop.boris_reader import read_boris
from coder.interop.boris_writer import export_boris
from coder.project.project import Project

from .boris_maker import behaviour, write_boris


def _plan(path: Path):  # type: ignore[no-untyped-def]
    project = read_boris(path)
    mapping = BorisMapping(project)
    return mapping, plan_from_observation(mapping, project.observations[0], "ana")


def test_time_offset_second_player_of_the_4_0_format(tmp_path: Path) -> None:
    path = write_boris(
        tmp_path / "v4.boris",
        [behaviour("walk")],
        [[1.0, "", "walk", "", ""], [3.0, "", "walk", "", ""]],
        observation={"file": {"1": ["front.mp4"], "2": ["side.mp4"]}, "media_info": {},
                     "time offset second player": 20.0},
        version="4.0",
    )
    _, plan = _plan(path)
    assert [m.offset_ms for m in plan.media] == [0, 20_000]
    assert any(i.kind == "camera_offset" and "20000" in i.message for i in plan.issues)


def test_unnamed_modifier_sets_of_different_behaviours_stay_apart(tmp_path: Path) -> None:
    path = write_boris(
        tmp_path / "m.boris",
        [behaviour("Marking", "Point event", modifiers="scent,urine"),
         behaviour("Fight", "Point event", modifiers={"0": {"name": "", "type": 0,
                                                           "values": ["Male vs male", "Mixed"]}})],
        [[1.0, "", "Marking", "urine", ""], [2.0, "", "Fight", "Male vs male", ""]],
    )
    mapping, plan = _plan(path)
    scheme = mapping.draft.scheme()
    marking, fight = scheme.code("Marking"), scheme.code("Fight")
    assert marking is not None and fight is not None
    assert marking.modifiers != fight.modifiers
    marking_values = scheme.modifier(marking.modifiers[0]).values  # type: ignore[union-attr]
    assert marking_values == ["scent", "urine"]
    assert sorted(e.modifiers for e in plan.events["ana"]) == [
        ((fight.modifiers[0], "Male vs male"),), ((marking.modifiers[0], "urine"),)
    ]


def test_shortcut_keys_are_kept_or_each_change_reported(tmp_path: Path) -> None:
    path = write_boris(
        tmp_path / "k.boris",
        [behaviour("a1", key="a"), behaviour("a2", key="A"), behaviour("b", key="b"),
         behaviour("star", key="*"), behaviour("c", key="c")],
        [],
    )
    mapping, _ = _plan(path)
    scheme = mapping.draft.scheme()
    keys = {c.id: c.key for c in scheme.codes}
    assert keys["a1"] == "a" and keys["b"] == "b" and keys["c"] == "c"
    reported = {i.where: i.message for i in mapping.issues if i.kind == "shortcut_key"}
    assert set(reported) == {"a2", "star"}
    assert "taken" in reported["a2"] and "not a key Coder can bind" in reported["star"]


def test_start_stop_pairs_by_subject_behaviour_and_modifiers(tmp_path: Path) -> None:
    sets = {"0": {"name": "m", "type": 0, "values": ["m1", "m2"]}}
    path = write_boris(
        tmp_path / "p.boris",
        [behaviour("r", modifiers=sets)],
        [[10.0, "", "r", "m1", ""], [12.0, "", "r", "m2", ""],
         [14.0, "", "r", "m1", ""], [16.0, "", "r", "m2", ""]],
    )
    _, plan = _plan(path)
    got = sorted((e.start_ms, e.end_ms, e.modifiers) for e in plan.events["ana"])
    assert got == [(10_000, 14_000, (("m", "m1"),)), (12_000, 16_000, (("m", "m2"),))]


def test_export_uses_subjects_and_the_round_trip_keeps_them(
    empty_project: Project, tmp_path: Path
) -> None:
    path = write_boris(
        tmp_path / "s.boris",
        [behaviour("gaze", excluded="smile"), behaviour("smile", excluded="gaze"),
         behaviour("vocal", "Point event")],
        [[1.0, "mother", "gaze", "", ""], [2.0, "mother", "gaze", "", ""],
         [1.5, "infant", "smile", "", ""], [4.0, "infant", "smile", "", ""],
         [3.0, "", "vocal", "", ""]],
        subjects=("mother", "infant"),
    )
    import_boris(empty_project, path, coder="ana")
    project = Project.open(empty_project.root)
    out = tmp_path / "back.boris"
    export_boris(project, project.sessions[0].code, "ana", out)
    data = json.loads(out.read_text())
    assert [s["name"] for s in data["subjects_conf"].values()] == ["mother", "infant"]
    rows = sorted((r[0], r[1], r[2]) for r in data["observations"][project.sessions[0].code]["events"])
    assert rows == [(1.0, "mother", "gaze"), (1.5, "infant", "smile"), (2.0, "mother", "gaze"),
                    (3.0, "", "vocal"), (4.0, "infant", "smile")]
    assert sorted(b["code"] for b in data["behaviors_conf"].values()) == ["gaze", "smile", "vocal"]
