"""An edit's round trip on the team server, beside the folder store's save measured in the same run.

Run: ``.venv/bin/python benchmarks/bench_server_edit.py`` (``make bench`` runs it too). Starts a
throwaway PostgreSQL cluster with the server's durable defaults (fsync on, synchronous commit,
full-page writes) on a local Unix socket, connects as a coder's role (row-level security active)
and, for records of 10, 1,000 and 10,000 events, times one edit as an editor makes it: the record
is turned into its body (``annotations_to_dict``) and saved by compare-and-swap against the
version it holds, sending only what changed (``previous``); also the client's CPU time for it.
The edits cycle through adding an event, moving one by a change of its onset and removing the
added one.

Reference, same run and same records: saving the record to a project folder (serialise, atomic
durable write: ``save_annotations``). Also measured: the same edit sent as the whole body (as
every save was sent before a record's events were rows), reading the record, and the floor of any
durable save — a one-row commit, which waits for the write-ahead log's flush to the disk.
Target: an edit's round trip ≤ 10 ms. Writes ``benchmarks/results/server_edit.json``.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

import psycopg  # noqa: E402

from coder.annotations.document import event_order  # noqa: E402
from coder.annotations.model import AnnotationHeader, AnnotationSet, Event  # noqa: E402
from coder.server import load_record, migrate, save_record  # noqa: E402
from coder.server.admin import add_coder, assign  # noqa: E402
from coder.storage.annotation_file import annotations_to_dict, save_annotations  # noqa: E402
from tests.server.postgres_cluster import start_cluster  # noqa: E402

RESULTS = ROOT / "results" / "server_edit.json"
SIZES = (10, 1000, 10_000)
REPEAT = 150
WHOLE_REPEAT = 30  # the whole-body save of 10,000 events takes tens of ms
TARGET_MS = 10.0
SETTINGS = ("fsync", "synchronous_commit", "full_page_writes", "wal_sync_method")


def _record(count: int, session: str) -> AnnotationSet:
    rng = random.Random(3)
    header = AnnotationHeader("bench", session, "demo", "1", "abc", "vid")
    events = []
    for _ in range(count):
        start = rng.randrange(0, 30 * 60 * 1000)
        events.append(Event.make("gaze_mother", start, start + rng.randrange(200, 5000)))
    return AnnotationSet(header=header, events=tuple(sorted(events, key=event_order)))


class Editor:
    """What an editor holds: the record, its last saved body and version; ``next()`` is the
    record after the next edit of the cycle (add, move, remove the added)."""

    def __init__(self, record: AnnotationSet) -> None:
        self.record = record
        self.body = annotations_to_dict(record)
        self.version = 0
        self.step = 0
        self.rng = random.Random(7)

    def next(self) -> AnnotationSet:
        events = list(self.record.events)
        kind = self.step % 3
        self.step += 1
        if kind == 0:
            start = self.rng.randrange(0, 30 * 60 * 1000)
            events.append(Event.make("gaze_infant", start, start + 800, id=f"added{self.step}"))
        elif kind == 1:
            k = self.rng.randrange(len(events))
            events[k] = events[k].with_times(events[k].start_ms + 1500, events[k].end_ms)
        else:
            events = [e for e in events if not e.id.startswith("added")]
        return dataclasses.replace(self.record, events=tuple(sorted(events, key=event_order)))


def _median_ms(run: Callable[[], Any], repeat: int, prepare: Callable[[], Any] = lambda: None,
               clock: Callable[[], float] = time.perf_counter) -> float:
    times = []
    for _ in range(repeat):
        prepare()
        gc.collect()  # the harness's own garbage (records of earlier edits) is not the edit's
        start = clock()
        run()
        times.append((clock() - start) * 1000)
    return statistics.median(times)


def _measure(conn: psycopg.Connection, folder: Path, count: int) -> dict[str, float]:
    session = f"SESS{count}"
    editor = Editor(_record(count, session))
    editor.version = save_record(conn, "bench", session, editor.body, 0)
    pending: list[AnnotationSet] = []

    def prepare() -> None:
        pending[:] = [editor.next()]

    def edit(*, whole: bool) -> None:
        record = pending[0]
        body = annotations_to_dict(record)
        editor.version = save_record(conn, "bench", session, body, editor.version,
                                     previous=None if whole else editor.body)
        editor.record, editor.body = record, body

    def save_only() -> None:  # the body is ready: only the save (the server's part)
        editor.version = save_record(conn, "bench", session, pending[1], editor.version,
                                     previous=editor.body)
        editor.record, editor.body = pending[0], pending[1]

    def prepare_body() -> None:
        prepare()
        pending.append(annotations_to_dict(pending[0]))

    path = folder / "annotations" / "bench" / f"{session}.json"
    save_annotations(path, editor.record)
    return {
        "server_edit_ms": _median_ms(lambda: edit(whole=False), REPEAT, prepare),
        "server_save_only_ms": _median_ms(save_only, REPEAT, prepare_body),
        # This process's CPU time for an edit (body and difference), whatever else the machine
        # runs: the part of the round trip that grows with the record.
        "client_cpu_of_edit_ms": _median_ms(lambda: edit(whole=False), REPEAT, prepare,
                                            time.process_time),
        "server_whole_body_ms": _median_ms(lambda: edit(whole=True), WHOLE_REPEAT, prepare),
        "server_load_ms": _median_ms(lambda: load_record(conn, "bench", session), 30),
        "folder_save_ms": _median_ms(lambda: save_annotations(path, pending[0]), REPEAT, prepare),
    }


def main() -> int:
    cluster = start_cluster(durable=True)
    try:
        with psycopg.connect(cluster.conninfo(), autocommit=True) as admin:
            admin.execute('CREATE DATABASE "bench"')
        owner = psycopg.connect(cluster.conninfo("bench"), autocommit=True)
        migrate(owner, "bench")
        settings = {s: str(owner.execute(f"SHOW {s}").fetchone()[0]) for s in SETTINGS}  # type: ignore[index]
        owner.execute(
            "INSERT INTO schemes VALUES ('demo', '1', encode(sha256('x'), 'hex'), 'f', 'x', 0)"
        )
        for n, count in enumerate(SIZES):
            owner.execute("INSERT INTO sessions (code, scheme, ordinal) VALUES (%s, 'demo', %s)",
                          (f"SESS{count}", n))
        role = add_coder(owner, "bench")
        assign(owner, "bench", [f"SESS{count}" for count in SIZES])
        owner.execute("CREATE TABLE commit_floor (n integer)")
        floor_ms = _median_ms(lambda: owner.execute("INSERT INTO commit_floor VALUES (1)"),
                              REPEAT)
        conn = psycopg.connect(cluster.conninfo("bench", role), autocommit=True)
        with tempfile.TemporaryDirectory() as folder:
            sizes = {count: _measure(conn, Path(folder), count) for count in SIZES}
        conn.close()
        owner.close()
    finally:
        cluster.stop()
    result: dict[str, Any] = {
        "repeat": REPEAT,
        "load_average_1min": round(os.getloadavg()[0], 2),  # other processes on the machine
        "cluster": settings,
        "one_row_commit_ms": round(floor_ms, 3),
        "target_ms": TARGET_MS,
    }
    for count, figures in sizes.items():
        folder_ms = figures["folder_save_ms"]
        result[f"events_{count}"] = {
            **{name: round(value, 3) for name, value in figures.items()},
            "ratio_edit_to_folder": round(figures["server_edit_ms"] / folder_ms, 2),
            "ratio_whole_body_to_folder": round(figures["server_whole_body_ms"] / folder_ms, 2),
            "within_target": figures["server_edit_ms"] <= TARGET_MS,
        }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"cluster: {settings}; one-row commit {result['one_row_commit_ms']} ms; "
          f"load average {result['load_average_1min']}")
    for count in SIZES:
        print(f"{count:>6} events: " + ", ".join(
            f"{name} {value}" for name, value in result[f"events_{count}"].items()))
    return 0  # a missed target is reported (within_target), not a failed `make bench`


if __name__ == "__main__":
    sys.exit(main())
