"""Long work leaves the UI thread through this one helper: run in a pool, result back on the main thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from coder.thread_priority import BACKGROUND, lower_this_thread


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals

    def run(self) -> None:
        lower_this_thread(BACKGROUND)  # the window's thread wins a contended CPU
        try:
            result = self.work()
        except BaseException as error:  # handed to the main thread and shown there
            self.signals.failed.emit(error)
        else:
            self.signals.finished.emit(result)


_alive: set[_Signals] = set()


def run_in_background(
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> None:
    """Run ``work()`` on a worker thread; call ``on_done(result)`` or ``on_error(error)`` on the main thread."""
    signals = _Signals()
    _alive.add(signals)

    def done(result: Any) -> None:
        _alive.discard(signals)
        on_done(result)

    def failed(error: Any) -> None:
        _alive.discard(signals)
        on_error(error)

    signals.finished.connect(done)
    signals.failed.connect(failed)
    QThreadPool.globalInstance().start(_Job(work, signals))
