"""Run a ``coder`` command in a forked child that SIGKILLs itself at its N-th kill point.

Forking from the test process makes a kill cheap (no interpreter start, modules already
imported); ``CODER_KILL_AT`` (coder.faults) picks the point.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import signal
from collections.abc import Sequence
from dataclasses import dataclass

from coder import faults
from coder.cli import main
from coder.cli.main import build_parser

NEVER = 10**9


@dataclass(frozen=True)
class Run:
    killed: bool
    status: int  # exit status when not killed
    points: int  # kill points passed (when not killed)


def run_cli(argv: Sequence[str], kill_at: int = NEVER) -> Run:
    """Run ``coder argv`` in a child; killed at its ``kill_at``-th kill point if it gets there."""
    build_parser(argv[0])  # import the command's modules here, once, not in every child
    if kill_at == NEVER:
        return _run_here(argv)
    gc.freeze()  # the child's collector then leaves the parent's pages unshared-free: cheap fork
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        status = 70
        try:
            gc.disable()
            os.close(read_end)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            # A kill, unlike a power cut, keeps what was written in the page cache: fsync
            # adds nothing to what this proves, and skipping it makes each kill cheap.
            os.fsync = lambda _fd: None
            os.environ[faults.KILL_ENV] = str(kill_at)
            faults.reset()
            status = main(list(argv))
            os.write(write_end, str(faults.reached()).encode())
        finally:
            os._exit(status)
    os.close(write_end)
    _pid, wait_status = os.waitpid(pid, 0)
    with os.fdopen(read_end, "rb") as reader:
        reached = reader.read().decode() or "0"
    if os.WIFSIGNALED(wait_status):
        assert os.WTERMSIG(wait_status) == signal.SIGKILL
        return Run(True, -1, 0)
    return Run(False, os.WEXITSTATUS(wait_status), int(reached))


def _run_here(argv: Sequence[str]) -> Run:
    """A run that is not to be killed, in this process (counting its kill points)."""
    previous = os.environ.get(faults.KILL_ENV)
    os.environ[faults.KILL_ENV] = str(NEVER)
    faults.reset()
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            status = main(list(argv))
    finally:
        if previous is None:
            del os.environ[faults.KILL_ENV]
        else:
            os.environ[faults.KILL_ENV] = previous
    return Run(False, status, faults.reached())


def kill_schedule(points: int, kills: int, seed: int) -> list[int]:
    """Every kill point once, then random ones, until ``kills`` kills (points numbered from 1)."""
    import random

    rng = random.Random(seed)
    schedule = list(range(1, points + 1))
    while len(schedule) < kills:
        schedule.append(rng.randint(1, points))
    return schedule[: max(kills, points)]


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (a campaign's cost on a busy machine)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system
