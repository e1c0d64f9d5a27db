"""The consensus decision editor shows and takes times as timecodes, kept in milliseconds."""

from __future__ import annotations

from typing import Any

from PySide6.QtTest import QTest

from coder.gui.lead.decision_editor import TimeBox


def test_a_time_reads_as_a_timecode_and_is_typed_as_one(qtbot: Any) -> None:
    box = TimeBox()
    qtbot.addWidget(box)
    box.setRange(0, 3_600_000)
    box.setValue(6628)
    assert box.text() == "00:00:06.628" and box.value() == 6628
    box.lineEdit().selectAll()
    QTest.keyClicks(box, "01:02.5")
    box.interpretText()
    assert box.value() == 62_500
    box.stepBy(1)
    assert box.text() == "00:01:02.540"


def test_a_time_past_the_end_is_not_taken(qtbot: Any) -> None:
    box = TimeBox()
    qtbot.addWidget(box)
    box.setRange(0, 10_000)
    box.setValue(5000)
    box.lineEdit().selectAll()
    QTest.keyClicks(box, "00:00:20")
    box.interpretText()
    assert box.value() <= 10_000
