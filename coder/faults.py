"""Kill points: named places in write paths where a fault-injection test may kill the process.

``CODER_KILL_AT=N`` in the environment makes the N-th kill point reached by this process send
itself SIGKILL, as a power cut or ``kill -9`` would; tests use it to prove that every operation
is all-or-nothing. Unset (always, outside tests), a kill point costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

KILL_ENV = "CODER_KILL_AT"
_reached = 0


def kill_point(name: str) -> None:
    """Count this point; SIGKILL the process when it is the one ``CODER_KILL_AT`` names."""
    target = os.environ.get(KILL_ENV)
    if not target:
        return
    global _reached
    _reached += 1
    if _reached == int(target):
        os.kill(os.getpid(), signal.SIGKILL)


def reached() -> int:
    """How many kill points this process has passed (while ``CODER_KILL_AT`` was set)."""
    return _reached


def reset() -> None:
    """Start counting again (a forked test child counts from zero)."""
    global _reached
    _reached = 0
