"""The player widgets: transport controls drive the controller; views show its frames."""

from __future__ import annotations

import pytest
from media_samples import Sample
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from coder.errors import MediaError
from coder.gui.player import PlayerWidget
from coder.gui.player.transport import parse_goto


def test_parse_goto() -> None:
    assert parse_goto("#42") == ("frame", 42)
    assert parse_goto("f7") == ("frame", 7)
    assert parse_goto("00:01:02.500") == ("ms", 62500)
    assert parse_goto("2.5") == ("ms", 2500)


def test_buttons_and_goto(qtbot, samples: dict[str, Sample], make_controller):  # type: ignore[no-untyped-def]
    controller = make_controller([samples["cfr"].path])
    widget = PlayerWidget(controller)
    qtbot.addWidget(widget)
    widget.show()
    bar = widget.transport
    with qtbot.waitSignal(controller.position_changed, timeout=5000):
        bar.goto.setText("#100")
        qtbot.keyClick(bar.goto, Qt.Key.Key_Return)
    assert controller.current_frame == 100
    qtbot.waitUntil(lambda: widget.views[0].frame_index == 100, timeout=5000)
    assert "frame 100" in bar.time_label.text()
    for name, expected in (("fwd1f", 101), ("back1s", 76), ("fwd5s", 201), ("back1f", 200)):
        with qtbot.waitSignal(controller.position_changed, timeout=5000):
            qtbot.mouseClick(bar.buttons[name], Qt.MouseButton.LeftButton)
        assert controller.current_frame == expected, name
    bar.goto.setText("nonsense")
    qtbot.keyClick(bar.goto, Qt.Key.Key_Return)
    assert "c33" in bar.goto.styleSheet() and controller.current_frame == 200
    bar.speed.setCurrentIndex(bar.speed.findData(2.0))
    assert controller.speed == 2.0


def test_keyboard_steps(qtbot, samples: dict[str, Sample], make_controller):  # type: ignore[no-untyped-def]
    controller = make_controller([samples["cfr"].path])
    widget = PlayerWidget(controller)
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    widget.setFocus()
    qtbot.waitExposed(widget)
    qtbot.keyClick(widget, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: controller.current_frame == 1, timeout=5000)
    with qtbot.waitSignal(controller.playing_changed, timeout=5000):
        qtbot.keyClick(widget, Qt.Key.Key_Space)
    assert controller.playing
    with qtbot.waitSignal(controller.playing_changed, timeout=5000):
        qtbot.keyClick(widget, Qt.Key.Key_Space)


def test_view_keeps_aspect(qtbot, samples: dict[str, Sample], make_controller):  # type: ignore[no-untyped-def]
    controller = make_controller([samples["rotated"].path])
    widget = PlayerWidget(controller)
    qtbot.addWidget(widget)
    widget.resize(800, 500)
    widget.show()
    view = widget.views[0]
    qtbot.waitUntil(lambda: view.frame_index == 0, timeout=5000)
    rect = view.image_rect()
    assert rect.width() / rect.height() == pytest.approx(240 / 320, abs=0.02)
    assert rect.height() == view.height()


def test_play_main_opens_and_closes(qtbot, samples: dict[str, Sample]):  # type: ignore[no-untyped-def]
    from coder.gui.player.app import play_main

    QTimer.singleShot(300, QApplication.closeAllWindows)
    assert play_main([str(samples["short"].path), str(samples["vfr"].path)], [250]) == 0


def test_play_main_bad_file(tmp_path):  # type: ignore[no-untyped-def]
    from coder.gui.player.app import play_main

    with pytest.raises(MediaError, match="not found"):
        play_main([str(tmp_path / "missing.mp4")])
