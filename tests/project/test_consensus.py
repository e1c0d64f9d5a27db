"""Consensus on the demo project: disagreements, decisions with who/when/why, coders' files unchanged."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from coder.annotations.model import Classification, Event, Segment
from coder.errors import StorageError, WorkflowError
from coder.project import Project, read_audit
from coder.project.consensus import (
    ConsensusFile,
    DecisionKind,
    Target,
    TargetKind,
    accept_record,
    consensus_path,
    load_consensus,
    record_decision,
    start_consensus,
)
from coder.reliability.disagreements import DisagreementKind, disagreements


@pytest.fixture
def project(demo_template: Path, tmp_path: Path) -> Project:
    """A copy of the shared demo project (tests/conftest.py) at ``tmp_path / "p"``."""
    shutil.copytree(demo_template, tmp_path / "p")
    return Project.open(tmp_path / "p")


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _free_play(project: Project) -> str:
    return next(s.code for s in project.sessions if s.scheme == "demo_interaction")


def _ssp(project: Project) -> str:
    return next(s.code for s in project.sessions if s.scheme == "ssp")


def test_round_trip_on_demo(project: Project) -> None:
    session = _free_play(project)
    before = _hashes(project.root / "annotations")
    found = disagreements(project, session, ["ana", "ben"])
    assert found, "the demo coders disagree somewhere"
    kinds = {d.kind for d in found}
    assert DisagreementKind.EVENT in kinds or DisagreementKind.RATING in kinds

    record = start_consensus(project, session, ["ana", "ben"], "lead1")
    assert record.annotations.header.coder == "consensus"
    ana = project.load_annotations("ana", session)
    assert ana is not None and record.annotations.events == ana.events

    rating = next((d for d in found if d.kind is DisagreementKind.RATING), None)
    if rating is not None:
        record = record_decision(
            project,
            record,
            who="lead1",
            kind="accept_side",
            target=rating.target,
            chosen_coder="ben",
            reason="ben's reading of the manual",
        )
        agreed = {r.key: r.value for r in record.annotations.ratings}
        assert agreed[(rating.item, rating.segment)] == rating.value_of("ben")
    event = next(d for d in found if d.kind is DisagreementKind.EVENT)
    record = record_decision(
        project,
        record,
        who="lead1",
        kind=DecisionKind.ACCEPT_SIDE,
        target=event.target,
        chosen_coder="ben",
        reason="ben saw the gaze shift",
    )
    ids = {e.id for e in record.annotations.events}
    ben_ids = {i for c, i in event.ids if c == "ben"}
    ana_ids = {i for c, i in event.ids if c == "ana"}
    assert ben_ids <= ids and not (ana_ids & ids)
    record = record_decision(
        project,
        record,
        who="lead1",
        kind="no_consensus",
        target=Target(TargetKind.CLASSIFICATION),
        reason="not classifiable from free play",
    )

    loaded = load_consensus(project, session)
    assert loaded == record
    assert [d.who for d in loaded.decisions] == ["lead1"] * len(loaded.decisions)
    assert all(d.time and d.reason for d in loaded.decisions)
    assert loaded.decisions[-1].kind is DecisionKind.NO_CONSENSUS
    audit = [e for e in read_audit(project.audit_path) if e["action"] == "consensus_decision"]
    assert len(audit) == len(loaded.decisions)
    assert (
        audit[-1]["actor"] == "lead1" and audit[-1]["reason"] == "not classifiable from free play"
    )
    assert _hashes(project.root / "annotations") == before


def test_edit_decisions(project: Project) -> None:
    session = _ssp(project)
    record = start_consensus(project, session, ["ana", "ben"], "lead1")
    record = record_decision(
        project,
        record,
        who="lead1",
        kind="edit",
        target=Target(TargetKind.CLASSIFICATION),
        value=Classification(major="B", subgroup="B2"),
        reason="conference",
    )
    assert record.annotations.classification.subgroup == "B2"
    assert record.decisions[-1].after["subgroup"] == "B2"
    segment_id = record.annotations.segments[0].segment
    new = Segment.make(segment_id, 0, 1234)
    record = record_decision(
        project,
        record,
        who="lead1",
        kind="edit",
        target=Target(TargetKind.SEGMENT, segment=segment_id),
        value=new,
        reason="video start",
    )
    assert [s for s in record.annotations.segments if s.segment == segment_id] == [new]
    item = record.annotations.ratings[0]
    record = record_decision(
        project,
        record,
        who="lead1",
        kind="edit",
        target=Target(TargetKind.RATING, item=item.item, segment=item.segment),
        value=5,
        reason="middle",
    )
    assert record.decisions[-1].before == item.value and record.decisions[-1].after == 5
    assert load_consensus(project, session) == record


def test_accept_whole_record(project: Project) -> None:
    session = _ssp(project)
    record = accept_record(
        project, session, "ben", lead="lead1", reason="ben is master coder", coders=["ana", "ben"]
    )
    ben = project.load_annotations("ben", session)
    assert ben is not None
    assert record.annotations.classification == ben.classification
    assert record.annotations.events == ben.events
    assert record.annotations.header.coder == "consensus"
    assert disagreements(project, session, ["ana", "ben"]) is not None


def test_refusals(project: Project) -> None:
    session = _free_play(project)
    with pytest.raises(WorkflowError):
        start_consensus(project, session, ["ana"], "lead1")
    record = start_consensus(project, session, ["ana", "ben"], "lead1")
    with pytest.raises(WorkflowError, match="already been started"):
        start_consensus(project, session, ["ana", "ben"], "lead1")
    with pytest.raises(WorkflowError, match="reason"):
        record_decision(
            project,
            record,
            who="lead1",
            kind="no_consensus",
            target=Target(TargetKind.CLASSIFICATION),
        )
    with pytest.raises(WorkflowError, match="not one of the coders"):
        record_decision(
            project,
            record,
            who="lead1",
            kind="accept_side",
            target=Target(TargetKind.RECORD),
            chosen_coder="zoe",
        )
    with pytest.raises(WorkflowError):
        record_decision(
            project,
            record,
            who="lead1",
            kind="edit",
            target=Target(TargetKind.EVENTS, event_ids=("x",)),
            value=[Event.make("no_such_code", 0)],
        )
    assert load_consensus(project, session) == record


def test_damaged_file_is_a_clear_error(project: Project) -> None:
    session = _free_play(project)
    start_consensus(project, session, ["ana", "ben"], "lead1")
    consensus_path(project, session).write_text(
        '{"format": "coder-consensus", "format_version": 1}'
    )
    with pytest.raises(StorageError, match="not a valid consensus file"):
        load_consensus(project, session)


def test_cli_list_and_accept(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from coder.cli import main

    session = _free_play(project)
    out = tmp_path / "d.json"
    assert main(["consensus", str(project.root), session, "--list", "--json", str(out)]) == 0
    listed = json.loads(out.read_text())
    assert len(listed) == len(disagreements(project, session, ["ana", "ben"]))
    assert "disagreements between ana and ben" in capsys.readouterr().out
    assert main(["consensus", str(project.root), session, "--accept", "ben"]) == 2
    assert load_consensus(project, session) is None
    assert (
        main(
            [
                "consensus",
                str(project.root),
                session,
                "--accept",
                "ben",
                "--lead",
                "kim",
                "--reason",
                "ben is the master coder",
            ]
        )
        == 0
    )
    record = load_consensus(project, session)
    assert record is not None and record.decisions[-1].who == "kim"
    assert record.decisions[-1].chosen_coder == "ben"


def test_decisions_leave_the_record_in_the_order_of_a_coders_document(project: Project) -> None:
    from coder.annotations.document import AnnotationDocument

    session = _ssp(project)
    record = start_consensus(project, session, ["ana", "ben"], "lead1")
    ben = project.load_annotations("ben", session)
    assert ben is not None and ben.segments
    for segment in ben.segments:
        record = record_decision(
            project, record, who="lead1", kind=DecisionKind.ACCEPT_SIDE,
            target=Target(TargetKind.SEGMENT, segment=segment.segment), chosen_coder="ben",
            reason="ben's episode boundaries",
        )
    agreed = record.annotations
    assert {s.id for s in agreed.segments} >= {s.id for s in ben.segments}
    assert agreed == AnnotationDocument(agreed).snapshot()  # the canonical order, as a coder saves


def test_consensus_file_rereads_only_what_changed_elsewhere(project: Project) -> None:
    session = _free_play(project)
    file = ConsensusFile(project, session)
    assert file.load() is None
    item = disagreements(project, session, ["ana", "ben"])[0]
    record = start_consensus(project, session, ["ana", "ben"], "lead1")
    assert file.load() == record  # started elsewhere: read
    decided = record_decision(
        project, record, who="lead1", kind=DecisionKind.NO_CONSENSUS, target=item.target, reason="unclear"
    )
    file.remember(decided)
    assert file.load() is decided  # as this process left it: not parsed again
    # another lead decides meanwhile (the CLI, another computer): the file is read again
    elsewhere = record_decision(
        project, load_consensus(project, session), who="lead2",  # type: ignore[arg-type]
        kind=DecisionKind.NO_CONSENSUS, target=item.target, reason="seen again",
    )
    assert file.load() == elsewhere and len(elsewhere.decisions) == 2


def test_a_coders_record_is_read_again_only_when_its_file_changed(project: Project) -> None:
    session = _free_play(project)
    file = ConsensusFile(project, session)
    first = file.side("ben")
    assert first == project.usable_annotations("ben", session)
    assert file.side("ben") is first  # unchanged: not parsed again
    path = project.annotation_path("ben", session)
    path.write_bytes(path.read_bytes() + b"\n")  # the coder's file changed (e.g. a sync)
    again = file.side("ben")
    assert again is not first and again == first
    # accepting a side through the file takes the coder's value as reading it would
    item = next(d for d in disagreements(project, session, ["ana", "ben"]) if d.value_of("ben"))
    record = start_consensus(project, session, ["ana", "ben"], "lead1")
    choice = {"who": "lead1", "kind": DecisionKind.ACCEPT_SIDE, "target": item.target, "reason": "r",
              "chosen_coder": "ben"}
    read = record_decision(project, record, **choice)  # type: ignore[arg-type]
    via_file = record_decision(project, record, **choice, sides=file)  # type: ignore[arg-type]
    assert via_file.decisions[-1].after == read.decisions[-1].after
    assert via_file.annotations.events == read.annotations.events
