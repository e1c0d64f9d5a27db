"""The session list: a coder's own sessions by code, scheme and status; the lead's view of all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coder.annotations.model import SessionStatus
from coder.annotations.status import status_of
from coder.gui.session_list import SessionList
from coder.project.project import Project


def rows(widget: SessionList) -> list[list[str]]:
    tree = widget.tree
    return [
        [tree.topLevelItem(i).text(c) for c in range(tree.columnCount())] for i in range(tree.topLevelItemCount())
    ]


def test_status_follows_the_coders_file(demo_path: Path) -> None:
    project = Project.open(demo_path)
    session = project.sessions[0].code
    saved = project.load_annotations("ana", session)
    assert status_of(None) is SessionStatus.NOT_STARTED
    assert status_of(saved) is saved.status  # type: ignore[union-attr]


def test_a_coder_sees_code_scheme_and_status_only(qtbot: Any, demo_path: Path) -> None:
    project = Project.open(demo_path)
    project.add_coder("cleo", "Cleo")
    project.assign("cleo", [project.sessions[2].code])
    widget = SessionList(project, "cleo")
    qtbot.addWidget(widget)
    scheme = project.scheme(project.sessions[2].scheme).title  # which sessions are Strange Situation ones
    assert rows(widget) == [[project.sessions[2].code, scheme, "not started"]]
    assert widget.tree.topLevelItem(0).toolTip(1) == project.sessions[2].scheme  # the id only in a tooltip
    project.assign("cleo", [project.sessions[0].code, project.sessions[1].code])
    widget.reload()
    assert [r[0] for r in rows(widget)] == sorted(s.code for s in project.sessions[:3])
    with qtbot.waitSignal(widget.open_requested) as opened:
        widget.open_button.click()
    assert opened.args == [min(s.code for s in project.sessions[:3])]


def test_the_lead_sees_every_session_and_who_coded_it(qtbot: Any, demo_path: Path) -> None:
    project = Project.open(demo_path)
    widget = SessionList(project, None)
    qtbot.addWidget(widget)
    got = rows(widget)
    assert [r[0] for r in got] == [s.code for s in project.sessions]
    assert all(r[2] == "ana, ben" for r in got)


def _planted(project: Project, coder: str) -> tuple[str, Path]:
    """A session of ``coder`` whose first rating is set to 99 (off every scale) on disk."""
    import json

    for entry in project.sessions:
        loaded = project.load_annotations(coder, entry.code)
        if loaded is not None and loaded.ratings:
            path = project.annotation_path(coder, entry.code)
            data = json.loads(path.read_bytes())
            data["ratings"][0]["value"] = 99
            path.write_text(json.dumps(data))
            return entry.code, path
    raise AssertionError("no record with ratings")


def test_a_record_that_fails_the_door_check_is_explained_not_hidden(qtbot: Any, demo_path: Path) -> None:
    project = Project.open(demo_path)
    code, _path = _planted(project, "ana")
    other = next(s.code for s in project.sessions if s.code != code)
    project.annotation_path("ana", other).write_text('{"format": "coder-annotations", "events": [')  # cut off
    widget = SessionList(project, "ana")
    qtbot.addWidget(widget)
    status = {r[0]: r[2] for r in rows(widget)}
    assert "needs repair" in status[code] and "needs repair" in status[other]
    text = widget.problems.text()
    assert widget.problems.isVisibleTo(widget)
    assert f"annotations/ana/{code}.json" in text and "ratings[0].value = 99" in text
    assert f"annotations/ana/{other}.json" in text and "cannot be read" in text
    assert "restore the file from its backup" in text and "Traceback" not in text
    assert "ben" not in text
