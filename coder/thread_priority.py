"""Background threads give way to the window's thread when the CPUs are all busy.

Decoding ahead, saving, indexing and measuring run on threads of their own; on a two-core laptop
a burst of them (a seek decodes up to a whole group of pictures, a decision saves the agreed
record) left the window's thread waiting for a CPU while the coder typed. Each such thread lowers
its own scheduling priority when it starts: the window's thread wins a contended CPU, and the
background work still gets every CPU nobody else wants. Linux gives each thread its own nice
value; elsewhere this changes nothing.
"""

from __future__ import annotations

import os
import sys
import threading

DECODING = 4  # decoding ahead of playback: still keeps up with real time when others compete
BACKGROUND = 10  # saving, indexing, measuring: may wait while the window works


def lower_this_thread(niceness: int) -> None:
    """Run the calling thread ``niceness`` steps below the process's main thread (never above
    it, whatever it was before: a pool thread reused for another job is not lowered twice)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        target = min(19, os.getpriority(os.PRIO_PROCESS, os.getpid()) + niceness)
        this = threading.get_native_id()
        if os.getpriority(os.PRIO_PROCESS, this) < target:
            os.setpriority(os.PRIO_PROCESS, this, target)
    except OSError:
        pass  # a sandbox refusing it: the thread keeps the process's priority
