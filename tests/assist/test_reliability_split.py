"""The reliability report marks assisted sessions and gives their agreement apart."""

from __future__ import annotations

from coder.annotations.commands import AddEvent, set_status
from coder.annotations.model import Event, SessionStatus, new_id
from coder.assist import Provenance, Suggestion, SuggestionQueue, allow_suggestions
from coder.assist.store import assisted_records, save_run
from coder.cli import main
from coder.project import Project
from coder.reliability.report import project_report, report_to_html

TOOL = Provenance(tool="t", version="1")


def test_assisted_sessions_are_marked_and_split(project: Project, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sampled = next(a.session for a in project.data.assignments if a.role == "reliability")
    allow_suggestions(project, sampled, by="lead", reason="tool pilot")
    suggestion = Suggestion(
        id=new_id(), code="gaze_mother", start_ms=1000, end_ms=3000, confidence=None,
        provenance=TOOL,
    )
    save_run(project, "ana", sampled, TOOL, [suggestion])
    ana = project.open_annotations("ana", sampled)
    queue = SuggestionQueue(project, ana)
    queue.accept(suggestion)
    ben = project.open_annotations("ben", sampled)
    ben.execute(AddEvent(Event.make("gaze_mother", 1200, 3000)))
    for store in (ana, ben):  # finished work: what reliability counts
        store.execute(set_status(store.document, SessionStatus.COMPLETE))
    assert assisted_records(project) == {("ana", sampled)}

    report = project_report(project, bootstrap=0, assisted=assisted_records(project))
    assert report.assisted_sessions == (sampled,)
    gaze = next(s for s in report.assisted_split if s.row == "infant_gaze" and s.code is None)
    assert gaze.n_assisted == 1 and gaze.n_unassisted == 0
    assert gaze.assisted.estimate is not None and gaze.unassisted.estimate is None
    assert "Assisted and unassisted sessions" in report_to_html(report)

    out = tmp_path / "r.json"
    assert main(["reliability", str(project.root), "--bootstrap", "0", "--json", str(out)]) == 0
    assert sampled in out.read_text()



def test_the_codebook_names_assisted_sessions(demo_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from coder.annotations.commands import set_status
    from coder.annotations.model import SessionStatus

    demo = Project.open(demo_path)
    session = next(
        a.session for a in demo.assignments_of("ana")
        if a.role == "primary" and demo.session(a.session).scheme == "demo_interaction"
    )
    allow_suggestions(demo, session, by="lead", reason="tool pilot")
    suggestion = Suggestion(
        id=new_id(), code="infant_vocal", start_ms=1500, end_ms=None, confidence=None,
        provenance=TOOL,
    )
    save_run(demo, "ana", session, TOOL, [suggestion])
    store = demo.open_annotations("ana", session)
    SuggestionQueue(demo, store).accept(suggestion)
    store.execute(set_status(store.document, SessionStatus.COMPLETE))  # accepting reopened it
    store.close()
    out = tmp_path / "out"
    assert main(["export", str(demo.root), "--spec", "demo_long", "--out", str(out)]) == 0
    codebook = (out / "codebook.md").read_text()
    line = next(x for x in codebook.splitlines() if x.startswith("- Assisted sessions"))
    assert line.endswith(session)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["parameters"]["assisted_sessions"] == [session]
