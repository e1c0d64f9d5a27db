"""Collecting brings back what a coder did with assisted coding: their decisions on suggestions
(with full provenance) and the regions they drew, all or nothing, with region conflicts kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from coder.assist import Decision, SuggestionQueue
from coder.assist.motion import Region
from coder.assist.regions import RegionEditor, load_regions, save_regions
from coder.assist.store import assisted_records, decisions_path, read_decisions
from coder.cli import main
from coder.errors import WorkflowError
from coder.project import Project, read_audit
from coder.project.collect import collect_package
from coder.project.package import build_package

from .test_collect import tree_hash
from .test_package_assist import MOTHER, TOOL, prepare

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")

INFANT = Region(name="infant", x=0.5, y=0.2, w=0.4, h=0.7)


def work_in_package(package: Path, session: str) -> tuple[str, str, str]:
    """As the coder: draw a region, accept one suggestion and reject another.
    Returns the accepted suggestion, the event it became, and the rejected suggestion."""
    opened = Project.open(package)
    RegionEditor.open(opened, session, by="ana").add(INFANT)
    queue = SuggestionQueue(opened, opened.open_annotations("ana", session))
    first = queue.next_pending()
    assert first is not None
    event = queue.accept(first)
    assert event is not None
    second = queue.next_pending(first.start_ms)
    assert second is not None
    queue.reject(second)
    queue.store.close()
    return first.id, event.id, second.id


def test_collect_brings_back_the_region_and_the_decisions(study: Project, tmp_path: Path) -> None:
    solo, _sampled = prepare(study)
    package = tmp_path / "pkg"
    build_package(study, "ana", package)
    accepted, event_id, rejected = work_in_package(package, solo)
    result = collect_package(study, package)
    assert result.imported == (solo,)
    assert result.regions_imported == (solo,) and not result.region_conflicts
    assert result.decisions == ((solo, 1, 1),)
    assert load_regions(study, solo) == (MOTHER, INFANT)
    record = study.load_annotations("ana", solo)
    assert record is not None and event_id in {e.id for e in record.events}
    decisions = read_decisions(study, "ana", solo)
    assert [(d.suggestion, d.action) for d in decisions] == [
        (accepted, "accept"), (rejected, "reject")
    ]
    # The package withheld the model's path; the project's log has the full provenance back.
    assert all(d.parameters == TOOL.parameters and d.by == "ana" for d in decisions)
    assert ("ana", solo) in assisted_records(study)
    queue = SuggestionQueue(study, study.open_annotations("ana", solo))
    states = {s.suggestion.id: s.decision for s in queue.states()}
    assert states[accepted] is Decision.ACCEPTED and states[rejected] is Decision.REJECTED
    queue.store.close()
    entry = [e for e in read_audit(study.audit_path) if e["action"] == "package_collected"][-1]
    assert entry["regions_imported"] == [solo]
    assert entry["decisions"] == [{"session": solo, "accepted": 1, "rejected": 1}]
    # Collecting again brings nothing twice.
    again = collect_package(study, package)
    assert again.decisions == () and again.regions_imported == ()
    assert len(read_decisions(study, "ana", solo)) == 2


def test_decisions_made_after_a_collect_come_in_next_time(study: Project, tmp_path: Path) -> None:
    solo, _sampled = prepare(study)
    package = tmp_path / "pkg"
    build_package(study, "ana", package)
    work_in_package(package, solo)
    collect_package(study, package)
    opened = Project.open(package)
    queue = SuggestionQueue(opened, opened.open_annotations("ana", solo))
    third = queue.next_pending()
    assert third is not None
    queue.reject(third)
    queue.store.close()
    assert collect_package(study, package).decisions == ((solo, 0, 1),)
    assert [d.suggestion for d in read_decisions(study, "ana", solo)][-1] == third.id


def test_regions_changed_on_both_sides_keep_the_projects(study: Project, tmp_path: Path) -> None:
    solo, _sampled = prepare(study)
    package = tmp_path / "pkg"
    build_package(study, "ana", package)
    work_in_package(package, solo)
    lead = Region(name="mother", x=0.1, y=0.0, w=0.4, h=1.0)
    save_regions(study, solo, [lead], by="lead")
    result = collect_package(study, package)
    ((session, copy),) = result.region_conflicts
    assert session == solo and copy.parent == study.root / "regions" / "conflicts"
    assert load_regions(study, solo) == (lead,)
    saved = json.loads(copy.read_text("utf-8"))
    assert [r["name"] for r in saved["regions"]] == ["mother", "infant"]
    assert saved["updated_by"] == "ana"
    assert result.decisions == ((solo, 1, 1),)  # the rest of the work still comes in
    entry = [e for e in read_audit(study.audit_path) if e["action"] == "package_collected"][-1]
    assert entry["region_conflicts"][0]["session"] == solo
    # The conflict is not reported again while neither side changes.
    assert collect_package(study, package).region_conflicts == ()


def test_regions_changed_only_in_the_project_are_kept(study: Project, tmp_path: Path) -> None:
    solo, _sampled = prepare(study)
    package = tmp_path / "pkg"
    build_package(study, "ana", package)
    save_regions(study, solo, [MOTHER, INFANT], by="lead")
    result = collect_package(study, package)
    assert result.regions_imported == () and result.region_conflicts == ()
    assert load_regions(study, solo) == (MOTHER, INFANT)


def test_cli_reports_region_conflicts(study: Project, tmp_path: Path) -> None:
    solo, _sampled = prepare(study)
    package = tmp_path / "pkg"
    build_package(study, "ana", package)
    work_in_package(package, solo)
    save_regions(study, solo, [], by="lead")
    assert main(["collect", str(study.root), str(package)]) == 1


def _decision_on_sampled(package: Path, sampled: str) -> None:
    log = package / "suggestions" / "ana" / f"{sampled}.decisions.jsonl"
    log.write_text(json.dumps({"suggestion": "s1", "action": "accept", "by": "ana",
                               "at": "2026-01-01T00:00:00Z", "event_id": "e1"}) + "\n")


def _decision_by_other(package: Path, solo: str) -> None:
    log = package / "suggestions" / "ana" / f"{solo}.decisions.jsonl"
    with log.open("a") as handle:
        handle.write(json.dumps({"suggestion": "s1", "action": "reject", "by": "ben",
                                 "at": "2026-01-01T00:00:00Z"}) + "\n")


def _damaged_decisions(package: Path, solo: str) -> None:
    log = package / "suggestions" / "ana" / f"{solo}.decisions.jsonl"
    log.write_bytes(b"\xff\xfe not text\n" + log.read_bytes())


def _other_coders_suggestions(package: Path, solo: str) -> None:
    (package / "suggestions" / "ben").mkdir()
    (package / "suggestions" / "ben" / f"{solo}.json").write_text("{}")


def _regions_of_unknown_session(package: Path, solo: str) -> None:
    shutil.copy(package / "regions" / f"{solo}.json", package / "regions" / "ZZZ9.json")


def _invalid_regions(package: Path, solo: str) -> None:
    path = package / "regions" / f"{solo}.json"
    data = json.loads(path.read_text())
    data["regions"][0]["w"] = 3
    path.write_text(json.dumps(data))


def _regions_by_other(package: Path, solo: str) -> None:
    path = package / "regions" / f"{solo}.json"
    data = json.loads(path.read_text())
    data["updated_by"] = "ben"
    path.write_text(json.dumps(data))


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (_decision_on_sampled, "takes none"),
        (_decision_by_other, "not by 'ana'"),
        (_damaged_decisions, "damaged decision log"),
        (_other_coders_suggestions, "suggestions of 'ben'"),
        (_regions_of_unknown_session, "no session in the package"),
        (_invalid_regions, "invalid regions"),
        (_regions_by_other, "drawn by 'ben'"),
    ],
)
def test_tampered_assisted_files_refuse_the_package(
    study: Project, tmp_path: Path, tamper: object, message: str
) -> None:
    solo, sampled = prepare(study)
    package = tmp_path / "pkg"
    build_package(study, "ana", package)
    work_in_package(package, solo)
    tamper(package, sampled if tamper is _decision_on_sampled else solo)  # type: ignore[operator]
    before = tree_hash(study.root)
    with pytest.raises(WorkflowError, match=message) as caught:
        collect_package(study, package)
    assert "nothing in the project was changed" in str(caught.value)
    assert tree_hash(study.root) == before
    assert not decisions_path(study, "ana", solo).exists()
