"""Screenshot of the lead's training dashboard on a generated demo (run under Xvfb).

    xvfb-run -a .venv/bin/python scripts/screenshot_training.py docs/training_dashboard.png
"""

from __future__ import annotations

import random
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication

from coder.annotations.model import SessionStatus
from coder.demo import create_demo
from coder.gui.lead.training_view import TrainingView
from coder.storage.annotation_file import save_annotations
from coder.training.gold import gold_record, mark_gold
from coder.training.queue import assign_training


def build(root: Path):  # type: ignore[no-untyped-def]
    project = create_demo(root, seconds=30)
    sessions = [e.code for e in project.sessions if e.scheme == "demo_interaction"]
    for session in sessions:
        mark_gold(project, session, source="ana", by="lead", reason="master coder")
    project.add_coder("tia", "Tia (trainee)")
    assign_training(project, "tia", sessions)
    scheme = project.scheme_for(sessions[0])
    gaze = [c.id for c in scheme.codes if c.stream == "infant_gaze"]
    rng = random.Random(4)
    for day, session in enumerate(sessions, start=1):
        gold = gold_record(project, session)
        assert gold is not None
        events = list(gold.annotations.events)
        for i, event in enumerate(events):  # fewer slips as training goes on
            if event.code in gaze and rng.random() < 0.5 / day:
                events[i] = replace(event, code=rng.choice([c for c in gaze if c != event.code]))
        header = replace(gold.annotations.header, coder="tia", modified=f"2026-11-0{day}T10:00:00Z")
        record = replace(gold.annotations, header=header, events=tuple(events),
                         status=SessionStatus.COMPLETE)
        save_annotations(project.annotation_path("tia", session), record)
    return project


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/training_dashboard.png")
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        view = TrainingView(build(Path(folder) / "demo"))
        view.resize(1280, 720)
        view.show()
        view.computed.connect(lambda _result: app.quit())
        app.exec()
        rows = [view.coders.item(r, 0).toolTip() for r in range(view.coders.rowCount())]
        view.coders.selectRow(rows.index("tia"))
        app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        view.grab().save(str(out))
    print(out)


if __name__ == "__main__":
    main()
