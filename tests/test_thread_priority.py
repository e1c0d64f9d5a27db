"""Background threads run below the window's thread (Linux: per-thread nice values)."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from coder.thread_priority import BACKGROUND, DECODING, lower_this_thread

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread priorities are Linux's")


def _nice_in_thread(*steps: int) -> list[int]:
    seen: list[int] = []

    def run() -> None:
        for step in steps:
            lower_this_thread(step)
            seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return seen


@linux
def test_a_thread_lowers_itself_once_and_never_the_process() -> None:
    base = os.getpriority(os.PRIO_PROCESS, os.getpid())
    assert _nice_in_thread(BACKGROUND, BACKGROUND, DECODING) == [min(19, base + BACKGROUND)] * 3
    assert os.getpriority(os.PRIO_PROCESS, os.getpid()) == base  # the window's thread keeps its own


@linux
def test_decoding_runs_above_background_work() -> None:
    base = os.getpriority(os.PRIO_PROCESS, os.getpid())
    assert _nice_in_thread(DECODING) == [min(19, base + DECODING)]
    assert DECODING < BACKGROUND
