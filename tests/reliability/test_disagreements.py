"""The consensus list of disagreements pairs timed events exactly as the reliability report does."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from coder.annotations.model import Event
from coder.project import Project
from coder.reliability.disagreements import DisagreementKind, record_disagreements
from coder.reliability.report import project_report
from coder.reliability.report.pairs import double_coded


@pytest.fixture
def project(demo_template: Path, tmp_path: Path) -> Project:
    shutil.copytree(demo_template, tmp_path / "p")
    return Project.open(tmp_path / "p")


def _only_events(project: Project, events_a: list[Event], events_b: list[Event]):  # type: ignore[no-untyped-def]
    session = next(s.code for s in project.sessions if s.scheme == "demo_interaction")
    a, b = project.load_annotations("ana", session), project.load_annotations("ben", session)
    assert a is not None and b is not None
    return (
        dataclasses.replace(a, events=tuple(events_a), segments=(), ratings=()),
        dataclasses.replace(b, events=tuple(events_b), segments=(), ratings=()),
        project.scheme_for(session),
    )


def test_pairing_is_optimal_one_to_one(project: Project) -> None:
    # Greedy closest-first would pair 2000 with 1900 and leave two events unpaired; the report's
    # optimal pairing makes two pairs (1000–1900, 2000–2900), so nothing disagrees.
    a, b, scheme = _only_events(
        project,
        [Event.make("gaze_mother", 1000, 1500), Event.make("gaze_mother", 2000, 2500)],
        [Event.make("gaze_mother", 1900, 2400), Event.make("gaze_mother", 2900, 3400)],
    )
    found = record_disagreements(a, b, scheme, tolerance_ms=1000)
    assert [d for d in found if d.kind is DisagreementKind.EVENT] == []


def test_unpaired_and_recoded_events(project: Project) -> None:
    a, b, scheme = _only_events(
        project,
        [Event.make("gaze_mother", 1000, 2000), Event.make("gaze_object", 5000, 6000)],
        [Event.make("gaze_object", 1200, 2000)],
    )
    found = [d for d in record_disagreements(a, b, scheme, tolerance_ms=500) if d.stream]
    assert [(d.time_ms, d.detail) for d in found] == [
        (1000, "code gaze_mother vs gaze_object"),
        (5000, "gaze_object only coded by ana"),
    ]
    assert len(found[0].target.event_ids) == 2 and len(found[1].target.event_ids) == 1


def test_same_timed_disagreements_as_the_report(project: Project) -> None:
    """For every double-coded demo session, the report's timed disagreements (session, row, time)
    are exactly the consensus list's code-level ones (different codes, or unpaired) inside the
    analysed windows; the consensus list adds only modifier/end differences and events outside
    the windows."""
    tolerance = project.data.settings.tolerance_ms
    report = project_report(project, unit_ms=1000, tolerance_ms=tolerance, bootstrap=0)
    in_report = {(d.session, d.row, d.time_ms) for d in report.disagreements if d.kind == "event"}
    pairs, _excluded = double_coded(project)
    assert len(pairs) == 6
    in_consensus: set[tuple[str, str | None, int | None]] = set()
    for pair in pairs:
        for d in record_disagreements(pair.a, pair.b, pair.scheme, tolerance_ms=tolerance):
            if d.kind is not DisagreementKind.EVENT:
                continue
            values = [v for _c, v in d.values]
            code_level = None in values or values[0]["code"] != values[1]["code"]
            inside = all(
                any(s <= v["start_ms"] < e for s, e in pair.windows) for v in values if v
            )
            if code_level and inside:
                in_consensus.add((pair.session, d.stream, d.time_ms))
    assert in_report, "the demo coders disagree on some events"
    assert in_consensus == in_report
