"""Coder → BORIS: a project BORIS can load; the round trip Coder → BORIS → Coder keeps every event."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from coder.annotations.model import Event
from coder.cli import main
from coder.interop.boris import import_boris
from coder.interop.boris_import import BorisMapping, plan_from_observation
from coder.interop.boris_reader import read_boris
from coder.interop.boris_writer import export_boris
from coder.project.project import Project

from .conftest import BORIS_SAMPLES
from .roundtrip_data import demo_events, event_keys, give_events


def test_export_mirrors_the_boris_project_structure(demo: Project, tmp_path: Path) -> None:
    session = demo.sessions[0].code
    out = tmp_path / "out.boris"
    export_boris(demo, session, "ana", out)
    data = json.loads(out.read_text())
    sample = BORIS_SAMPLES / "test.boris"
    reference = json.loads(sample.read_text())
    assert set(reference) - {"project_description"} <= set(data) | {"project_description"}
    obs = data["observations"][session]
    ref_obs = next(iter(reference["observations"].values()))
    assert {"file", "type", "date", "time offset", "events", "media_info"} <= set(obs) & set(
        ref_obs
    )
    behaviors = data["behaviors_conf"]
    ref_keys = set(next(iter(reference["behaviors_conf"].values())))
    assert all(ref_keys <= set(b) for b in behaviors.values())
    gaze = next(b for b in behaviors.values() if b["code"] == "gaze_mother")
    assert gaze["type"] == "State event" and gaze["excluded"] == "gaze_object,gaze_away"
    vocal = next(b for b in behaviors.values() if b["code"] == "infant_vocal")
    assert vocal["modifiers"]["0"]["values"] == ["positive", "neutral", "negative"]
    assert all(len(row) == 5 and isinstance(row[0], float) for row in obs["events"])
    times = [row[0] for row in obs["events"]]
    assert times == sorted(times)
    assert obs["media_info"]["offset"]["1"] == 0.0


def test_round_trip_through_a_new_project(demo: Project, tmp_path: Path) -> None:
    session = demo.sessions[0].code
    out = tmp_path / "rt.boris"
    assert main(["export-boris", str(demo.root), session, "--coder", "ana", "--out", str(out)]) == 0
    target = Project.create(tmp_path / "new")
    import_boris(target, out, coder="ana")  # the video is found through the exported path
    target = Project.open(target.root)
    back = target.load_annotations("ana", target.sessions[0].code)
    original = demo.load_annotations("ana", session)
    assert back is not None and original is not None
    assert event_keys(list(back.events)) == event_keys(list(original.events))


def test_round_trip_into_the_same_project_uses_its_scheme(demo: Project, tmp_path: Path) -> None:
    session = demo.sessions[0].code
    out = tmp_path / "rt.boris"
    export_boris(demo, session, "ana", out)
    original = demo.load_annotations("ana", session)
    import_boris(demo, out, coder="ana", replace=True)  # matched by the observation's name
    back = Project.open(demo.root).load_annotations("ana", session)
    assert back is not None and original is not None
    assert back.header.scheme_id == "demo_interaction"
    assert event_keys(list(back.events)) == event_keys(list(original.events))


def test_open_and_self_overlapping_states_are_reported(demo: Project, tmp_path: Path) -> None:
    session = demo.sessions[0].code
    events = (
        Event.make("touch_affectionate", 1000, 3000),
        Event.make("touch_affectionate", 2000, 4000),
        Event.make("gaze_away", 5000),
    )
    give_events(demo, "ana", session, events)
    report = export_boris(demo, session, "ana", tmp_path / "x.boris")
    assert report.issues_of("overlap") and report.issues_of("open_state")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(events=demo_events())
def test_generated_annotations_survive_the_round_trip(
    events: list[Event], demo: Project, tmp_path: Path
) -> None:
    session = demo.sessions[0].code
    give_events(demo, "ana", session, events)
    out = tmp_path / "gen.boris"
    report = export_boris(demo, session, "ana", out)
    assert not report.issues_of("overlap")
    project = read_boris(out)
    plan = plan_from_observation(BorisMapping(project), project.observations[0], "ana")
    assert event_keys(plan.events["ana"]) == event_keys(events)
    assert not [i for i in plan.issues if i.kind == "unpaired_start"]
