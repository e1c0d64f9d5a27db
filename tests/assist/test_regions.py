"""Regions per session: stored once (one file per session), edited with undo, set from the
command line, read by ``coder suggest --motion``; a damaged file names itself and the field."""

from __future__ import annotations

import json

import pytest

from coder.assist.motion import Region
from coder.assist.regions import (
    RegionEditor,
    fitted,
    load_regions,
    parse_region,
    regions_path,
    save_regions,
)
from coder.assist.run import SuggestRequest, suggest
from coder.cli import main
from coder.errors import CoderError, StorageError, WorkflowError
from coder.project import Project

MOTHER = Region(name="mother", x=0, y=0, w=0.5, h=1)
INFANT = Region(name="infant", x=0.5, y=0.25, w=0.5, h=0.5)


def _solo(project: Project) -> str:
    sampled = {a.session for a in project.data.assignments if a.role == "reliability"}
    return next(s.code for s in project.sessions if s.code not in sampled)


def test_regions_round_trip_per_session(project: Project) -> None:
    solo = _solo(project)
    assert load_regions(project, solo) == ()
    path = save_regions(project, solo, [MOTHER, INFANT], by="ana")
    assert path == regions_path(project, solo) and path.parent.name == "regions"
    assert load_regions(project, solo) == (MOTHER, INFANT)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "coder-regions" and data["updated_by"] == "ana"
    other = next(s.code for s in project.sessions if s.code != solo)
    assert load_regions(project, other) == ()


def test_editing_is_saved_at_once_and_undoable(project: Project) -> None:
    solo = _solo(project)
    editor = RegionEditor.open(project, solo, by="ana")
    editor.add(MOTHER)
    editor.add(INFANT)
    editor.replace("infant", fitted("infant", 0.6, 0.2, 0.6, 0.5))  # moved back inside
    assert load_regions(project, solo)[1] == Region(name="infant", x=0.4, y=0.2, w=0.6, h=0.5)
    editor.rename("infant", "baby")
    editor.remove("mother")
    assert [r.name for r in load_regions(project, solo)] == ["baby"]
    for _ in range(3):
        editor.undo()
    assert load_regions(project, solo) == (MOTHER, INFANT)
    editor.redo()
    assert load_regions(project, solo)[1].x == 0.4
    with pytest.raises(WorkflowError, match="two regions are called 'mother'"):
        editor.add(MOTHER)
    with pytest.raises(WorkflowError, match="cannot name a region"):
        editor.rename("mother", "2 mothers")
    assert RegionEditor.open(project, solo, by="ben").regions == editor.regions


def test_a_damaged_regions_file_names_the_file_and_field(project: Project) -> None:
    solo = _solo(project)
    path = save_regions(project, solo, [MOTHER], by="ana")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["regions"][0]["w"] = 3
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StorageError) as error:
        load_regions(project, solo)
    message = str(error.value)
    assert str(path) in message and "regions.0.w" in message and "Regions" in message


def test_parse_and_fit() -> None:
    assert parse_region("mother=0,0,0.5,1") == MOTHER
    with pytest.raises(WorkflowError, match="NAME=x,y,w,h"):
        parse_region("0,0,1,1")
    with pytest.raises(WorkflowError, match="four numbers"):
        parse_region("mother=0,0,1")
    with pytest.raises(CoderError, match="not inside the picture"):
        parse_region("mother=0,0,2,1")
    assert fitted("m", 0.9, 0.9, 0.5, 0.5) == Region(name="m", x=0.5, y=0.5, w=0.5, h=0.5)
    assert fitted("m", -0.2, 0.1, 0.001, 1.5) == Region(name="m", x=0.0, y=0.0, w=0.01, h=1.0)


def test_coder_regions_sets_lists_and_removes(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    solo = _solo(project)
    root = str(project.root)
    assert main(["regions", root, solo, "--set", "mother=0,0,0.5,1", "--set", "infant=0.5,0.25,0.5,0.5"]) == 0
    assert load_regions(project, solo) == (MOTHER, INFANT)
    capsys.readouterr()
    assert main(["regions", root, solo, "--remove", "infant", "--json", "-"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        solo: [{"name": "mother", "x": 0.0, "y": 0.0, "w": 0.5, "h": 1.0}]
    }
    assert main(["regions", root, solo, "--set", "bad name=0,0,1,1"]) == 2
    assert "cannot name a region" in capsys.readouterr().err


@pytest.mark.slow
def test_suggest_measures_the_drawn_regions(project: Project) -> None:
    solo = _solo(project)
    request = SuggestRequest(motion=True, motion_codes={"mother": "touch_affectionate"})
    with pytest.raises(WorkflowError, match=f"session {solo} has no regions"):
        suggest(project, [solo], request)
    save_regions(project, solo, [MOTHER], by="lead")
    outcome = suggest(project, [solo], request)
    assert [(s, t) for s, _c, t, _n in outcome.written] == [(solo, "motion-energy")]
    cached = list((project.root / "cache" / "motion").glob("*.npz"))
    assert len(cached) == 1  # the export's motion variables read the same measurement
