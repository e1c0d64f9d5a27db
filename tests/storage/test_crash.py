"""Kill a process that is editing an annotation file at random moments: nothing acknowledged is lost.

A worker process (``crash_worker.py``, run with this Python) forks one child per run; the child
opens an AnnotationStore and applies edits derived from a seed, printing ``ack N`` after each edit
returns. The test kills the child with SIGKILL after a random number of acks (or just as it starts
a save or a backup rotation) and checks that the file parses and holds every acknowledged edit: the content
after N or N + 1 edits (the edit in flight may or may not have landed).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from coder.storage import load_annotations
from coder.storage.backups import backup_paths

from .crash_worker import content, expected_states

WORKER = Path(__file__).with_name("crash_worker.py")
RUNS = 100
EDITS = 60


class Worker:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=WORKER.parent,
        )

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((line + "\n").encode())
        self.process.stdin.flush()

    def read(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().decode().strip()
        assert line, "the crash worker stopped unexpectedly"
        assert not line.startswith("error"), line
        return line

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.send("quit")
                self.process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    started = Worker()
    yield started
    started.close()


def _run(
    worker: Worker, path: Path, seed: int, rotate: bool, fsync: bool, kill_at: tuple[str, int]
) -> int:
    """One run; returns the number of acknowledged edits when the child died."""
    worker.send(f"run {seed} {path} {int(rotate)} {EDITS} {int(fsync)}")
    acks, child, killed = 0, 0, False
    while True:
        line = worker.read()
        word, _, value = line.partition(" ")
        if word == "pid":
            child = int(value)
        elif word == "ack":
            acks = int(value)
        elif word == "reaped":
            return acks
        if not killed and word == kill_at[0] and int(value) == kill_at[1]:
            killed = True
            # The child may have ended just now; what it said last is still in the pipe.
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)


def test_killed_at_random_moments_every_acknowledged_edit_survives(
    worker: Worker, tmp_path: Path
) -> None:
    rng = random.Random(20261126)
    rotation_kills = 0
    for run in range(RUNS):
        seed = rng.randrange(2**32)
        rotate = run % 2 == 1
        # Kill after an ack, just as a save starts, or just as a backup rotation starts.
        moment = rng.choice(["ack", "save", "rot"] if rotate else ["ack", "save"])
        kill_at = (moment, rng.randint(1, 30) if run else 0)
        rotation_kills += moment == "rot"
        path = tmp_path / f"run{run:03d}" / "S-CRASH.json"
        path.parent.mkdir()
        # Real fsyncs in every tenth run (they cost ~6 ms per save here; see the worker).
        acks = _run(worker, path, seed, rotate, run % 10 == 0, kill_at)
        states = expected_states(seed, min(acks + 1, EDITS))
        if path.exists():
            found = content(load_annotations(path))
            assert found in states[acks : acks + 2], f"run {run} (seed {seed}) after {acks} acks"
        else:
            assert acks == 0, f"run {run}: the file vanished after {acks} acknowledged edits"
        for backup in backup_paths(path, keep=3):
            if backup.exists():
                assert content(load_annotations(backup)) in states, f"run {run}: {backup.name}"
    assert rotation_kills >= 10
