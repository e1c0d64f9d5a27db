"""Regression: PySide6 6.12 on Python 3.11 corrupts the reference counts of None and True.

Qt calls that return None (and signals carrying a bool) dropped a reference they never took, so
after enough calls the interpreter freed None or True and crashed far from the cause. Python 3.12+
makes these objects immortal; on 3.11 pyproject pins PySide6 below 6.12. This test fails loudly if
an installed PySide6 brings the bug back.
"""

from __future__ import annotations

import gc
import sys

import pytest

QtCore = pytest.importorskip("PySide6.QtCore")
QtGui = pytest.importorskip("PySide6.QtGui")
QtWidgets = pytest.importorskip("PySide6.QtWidgets")

# References come and go with caches, frames and other tests' late events; the bug loses one per
# call (thousands here), so a margin of a tenth of the calls separates the two.
MARGIN = 500


class _Sender(QtCore.QObject):
    flag = QtCore.Signal(bool)


def _counts() -> tuple[int, int]:
    # Let earlier tests' pending events (deleteLater …) run first so they are not counted.
    for _ in range(3):
        QtWidgets.QApplication.processEvents()
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
    gc.collect()
    return sys.getrefcount(None), sys.getrefcount(True)


def test_qt_calls_returning_none_keep_refcounts(qtbot: object, qapp: object) -> None:
    label = QtWidgets.QLabel()
    qtbot.addWidget(label)  # type: ignore[attr-defined]
    pixmap = QtGui.QPixmap(8, 8)
    colour = QtGui.QColor("teal")
    app = QtWidgets.QApplication
    before_none, before_true = _counts()
    for index in range(5000):
        label.setText("frame")
        app.processEvents()
        if index % 5 == 0:
            pixmap.fill(colour)
            label.setPixmap(pixmap)
    after_none, after_true = _counts()
    assert abs(after_none - before_none) <= MARGIN, (before_none, after_none)
    assert abs(after_true - before_true) <= MARGIN, (before_true, after_true)


def test_bool_signals_keep_refcounts(qtbot: object, qapp: object) -> None:
    sender = _Sender()
    received: list[bool] = []
    sender.flag.connect(received.append)
    before_none, before_true = _counts()
    for index in range(2000):
        sender.flag.emit(index % 2 == 0)
    del received[:]
    after_none, after_true = _counts()
    assert abs(after_true - before_true) <= MARGIN, (before_true, after_true)
    assert abs(after_none - before_none) <= MARGIN, (before_none, after_none)
