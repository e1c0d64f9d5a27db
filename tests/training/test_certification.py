"""Certification against the gold, with the reliability report's own statistics."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from coder.project import Project
from coder.reliability.report import project_report
from coder.training.certification import CERTIFIED, IN_TRAINING, NOT_STARTED, certify
from coder.training.gold import gold_record
from coder.training.queue import assign_training
from coder.training.scoring import compare_with_gold
from coder.training.settings import Criteria

from .conftest import interaction_sessions, submit


def _recode(record, share: float, codes: list[str], seed: int):  # type: ignore[no-untyped-def]
    """The record with ``share`` of its events of ``codes`` given another of ``codes``."""
    rng = random.Random(seed)
    events = list(record.events)
    mine = [i for i, e in enumerate(events) if e.code in codes]
    for i in rng.sample(mine, round(share * len(mine))):
        others = [c for c in codes if c != events[i].code]
        events[i] = replace(events[i], code=rng.choice(others))
    return replace(record, events=tuple(events))


def test_a_trainee_equal_to_the_gold_is_certified(project: Project) -> None:
    sessions = interaction_sessions(project)[:2]
    assign_training(project, "tia", sessions)
    assert certify(project, "tia").status == NOT_STARTED
    for day, session in enumerate(sessions, start=1):
        gold = gold_record(project, session)
        assert gold is not None
        submit(project, "tia", gold.annotations, modified=f"2026-11-0{day}T10:00:00Z")
    report = certify(project, "tia")
    assert report.status == CERTIFIED and report.certified_on == "2026-11-02T10:00:00Z"
    assert report.latest is not None and report.latest.passed
    assessed = report.latest.assessed
    assert assessed and all(m.estimate == pytest.approx(1.0) for m in assessed)


def test_changed_codes_give_the_reliability_reports_kappa_and_fail(project: Project) -> None:
    scheme = project.scheme_for(interaction_sessions(project)[0])
    gaze = [c.id for c in scheme.codes if c.stream == "infant_gaze"]

    def gaze_events(session: str) -> int:
        record = project.load_annotations("ana", session)
        return sum(e.code in gaze for e in record.events) if record else 0

    session = max(interaction_sessions(project), key=gaze_events)
    gold = gold_record(project, session)
    assert gold is not None
    changed = _recode(gold.annotations, 0.5, gaze, seed=3)
    # Ben (the reliability coder of this session) hands in the changed record: compared with
    # the gold (Ana's record) it must give what the project reliability report gives for the
    # pair Ana–Ben.
    submit(project, "ben", changed)
    criteria = Criteria(unit_kappa=0.8)
    comparison = compare_with_gold(project, "ben", [session], criteria)
    ours = next(m for m in comparison.measures if m.kind == "unit_kappa" and m.row == "infant_gaze")
    report = project_report(project, bootstrap=0, coders=["ana", "ben"])
    only = [s for s in report.timed if s.row == "infant_gaze" and s.code is None]
    theirs = next(x for x in only[0].sessions if x.session == session)
    assert ours.estimate == pytest.approx(theirs.unit_kappa, abs=1e-12)
    assert ours.estimate is not None and ours.estimate < 0.8 and ours.passed is False
    assert not comparison.passed


def test_one_session_is_not_enough_and_pending_sessions_are_listed(project: Project) -> None:
    sessions = interaction_sessions(project)
    assign_training(project, "tia", sessions[:3])
    gold = gold_record(project, sessions[0])
    assert gold is not None
    submit(project, "tia", gold.annotations)
    report = certify(project, "tia")
    assert report.status == IN_TRAINING
    assert set(report.pending) == set(sessions[1:3])


def test_training_records_are_not_reliability_pairs(project: Project) -> None:
    session = interaction_sessions(project)[0]
    assign_training(project, "tia", [session])
    gold = gold_record(project, session)
    assert gold is not None
    submit(project, "tia", gold.annotations)
    report = project_report(project, bootstrap=0)
    assert all("tia" not in (p.coder_a, p.coder_b) for p in report.pairs)


def test_accuracy_shows_each_rows_kappa_over_time_and_the_confusions(project: Project) -> None:
    from coder.training.accuracy import coder_accuracy

    sessions = interaction_sessions(project)[:2]
    assign_training(project, "tia", sessions)
    scheme = project.scheme_for(sessions[0])
    gaze = [c.id for c in scheme.codes if c.stream == "infant_gaze"]
    for day, session in enumerate(sessions, start=1):
        gold = gold_record(project, session)
        assert gold is not None
        record = gold.annotations
        if day == 2:  # the second time, every gaze event gets another gaze code
            record = _recode(record, 1.0, gaze, seed=1)
        submit(project, "tia", record, modified=f"2026-11-0{day}T10:00:00Z")
    accuracy = coder_accuracy(project, "tia")
    gaze_row = next(r for r in accuracy.rows if r.row == "infant_gaze" and r.code is None)
    assert [p.session for p in gaze_row.points] == sessions
    assert gaze_row.points[0].kappa == pytest.approx(1.0)
    assert gaze_row.points[1].kappa is None or gaze_row.points[1].kappa < 0.5
    assert gaze_row.confusions and all(c.gold != c.coded for c in gaze_row.confusions)
    units = [c.units for c in gaze_row.confusions]
    assert units == sorted(units, reverse=True)


def test_feedback_only_on_completed_training_sessions_when_allowed(project: Project) -> None:
    from coder.errors import WorkflowError
    from coder.training.feedback import feedback_available, training_feedback
    from coder.training.queue import seed_gold_checks
    from coder.training.settings import TrainingSettings, save_training_settings

    sessions = interaction_sessions(project)
    assign_training(project, "tia", sessions[:1])
    gold = gold_record(project, sessions[0])
    assert gold is not None
    scheme = project.scheme_for(sessions[0])
    gaze = [c.id for c in scheme.codes if c.stream == "infant_gaze"]
    submit(project, "tia", _recode(gold.annotations, 1.0, gaze, seed=2))
    assert not feedback_available(project, "tia", sessions[0])  # the lead has not allowed it
    save_training_settings(project, TrainingSettings(feedback=True), by="lead")
    feedback = training_feedback(project, "tia", sessions[0])
    assert feedback.items and all(i.gold != i.yours for i in feedback.items)
    labels = {c.label for c in scheme.codes} | {"nothing coded"}
    assert {i.gold for i in feedback.items if i.time_ms is not None} <= labels
    # A concealed gold check never gives feedback, even when complete.
    (check,) = seed_gold_checks(project, "tia", count=1, seed=0)
    other = gold_record(project, check.session)
    assert other is not None
    submit(project, "tia", other.annotations)
    assert not feedback_available(project, "tia", check.session)
    with pytest.raises(WorkflowError, match="no feedback"):
        training_feedback(project, "tia", check.session)
