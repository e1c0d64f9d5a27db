"""Who are you: the project's coders plus the lead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coder.gui.identity_dialog import LEAD, IdentityDialog, ask_identity
from coder.project.project import Project


def test_dialog_lists_coders_and_lead(qtbot: Any, demo_path: Path) -> None:
    dialog = IdentityDialog(Project.open(demo_path))
    qtbot.addWidget(dialog)
    ids = [dialog.list.item(i).data(0x0100) for i in range(dialog.list.count())]
    assert ids == ["ana", "ben", LEAD]
    dialog.list.setCurrentRow(1)
    dialog.accept()
    assert dialog.choice == "ben"


def test_ask_goes_through_the_dialog_seam(demo_path: Path, answers: Any) -> None:
    answers.replies["choose"] = LEAD
    assert ask_identity(Project.open(demo_path)) == LEAD
    assert answers.kinds() == ["choose"]
