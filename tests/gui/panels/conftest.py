"""Fixtures for panel tests: an EditContext on a session of the demo project; dialogs answered
with ``answers.reply`` (a recorder list of (kind, text), unlike tests/gui/conftest.py's)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from coder.annotations.commands import set_status
from coder.annotations.model import SessionStatus
from coder.gui import dialogs
from coder.gui.edit_context import EditContext
from coder.project.project import Project


@pytest.fixture
def project(demo_path: Path) -> Project:
    """A fresh copy of the 8-second demo project (``demo_path`` of tests/conftest.py)."""
    return Project.open(demo_path)


@pytest.fixture
def open_ctx(project: Project, qtbot) -> Iterator[Callable[[str], EditContext]]:  # type: ignore[no-untyped-def]
    """open_ctx(scheme_id) -> an EditContext on ana's first session coded with that scheme."""
    made: list[EditContext] = []

    def make(scheme_id: str) -> EditContext:
        session = next(s for s in project.sessions if s.scheme == scheme_id)
        store = project.open_annotations("ana", session.code)
        if store.document.status is SessionStatus.COMPLETE:  # a record being worked on: no reopen question
            store.execute(set_status(store.document, SessionStatus.IN_PROGRESS))
        ctx = EditContext(store, project.scheme(scheme_id), duration_ms=session.duration_ms)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


@pytest.fixture
def answers() -> Iterator[list[tuple[str, str]]]:
    """Dialogs answered by the test: set ``answers.reply``; every question asked is recorded."""
    class Recorder(list):  # type: ignore[type-arg]
        reply: object = True

    recorder = Recorder()

    def respond(kind: str, title: str, text: str, options: object) -> object:
        recorder.append((kind, text))
        return recorder.reply

    dialogs.responder = respond
    yield recorder
    dialogs.responder = None
