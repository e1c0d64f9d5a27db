"""Crash-test worker: edits an annotation file through an AnnotationStore until it is killed.

Run as ``python crash_worker.py``; it imports Coder once and then serves runs, forking one child
per run so each run starts in milliseconds. One line per message, on stdin and stdout:

    parent -> server   run <seed> <path> <rotate 0|1> <edits> <fsync 0|1>
    child  -> parent   pid <child pid>
    child  -> parent   rot <n>        (rotate mode: about to rotate backups before saving edit n)
    child  -> parent   save <n>       about to write the file for edit n
    child  -> parent   ack <n>        edit n (1-based) has returned, so it is on disk
    child  -> parent   done           every edit returned
    child  -> parent   error <text>   the child failed (a bug)
    server -> parent   reaped         the child has exited (killed or done)
    parent -> server   quit

The edits are derived from the seed and the document's current state by ``next_command``, so the
parent can replay them on an in-memory document (``expected_states``) and know what the file
must hold after any number of acknowledged edits.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path
from typing import Any

from coder.annotations import (
    AddEvent,
    AnnotationDocument,
    AnnotationHeader,
    AnnotationSet,
    Classification,
    Command,
    Compound,
    Event,
    PutSegment,
    Segment,
    SessionStatus,
    change_event,
    remove_event,
    set_classification,
    set_rating,
    set_status,
)

HEADER = AnnotationHeader("ana", "S-CRASH", "demo_interaction", "1.0", "abc", "vid")
CODES = ("gaze_mother", "gaze_away", "infant_vocal", "touch_affectionate", "affect_positive")
ITEMS = ("m_sensitivity", "m_intrusive", "i_involvement")
SEGMENTS = ("play1", "play2", "play3")
COMMENTS = ("", "ok", "ünïcødé", "看着妈妈", "🙂 smile", 'quote " and \\ backslash')


def next_command(rng: random.Random, doc: AnnotationDocument, step: int) -> Command:
    """The ``step``-th edit: a function of the random stream and the document only."""
    events = doc.events()
    segments = doc.segments()
    kind = rng.choice(
        [
            "add",
            "add",
            "change",
            "remove",
            "rating",
            "rating",
            "segment",
            "classify",
            "status",
            "two",
        ]
    )
    if kind in ("change", "remove") and not events:
        kind = "add"
    if kind == "add":
        start = rng.randrange(0, 600_000, 40)
        end = None if rng.random() < 0.3 else start + rng.randrange(40, 20_000, 40)
        return AddEvent(
            Event.make(rng.choice(CODES), start, end, comment=rng.choice(COMMENTS), id=f"e{step}")
        )
    if kind == "change":
        old = rng.choice(events)
        new = Event.make(
            old.code,
            old.start_ms + 40,
            None if old.end_ms is None else old.end_ms + 80,
            modifiers={"voc_tone": rng.choice(["positive", "negative"])},
            comment=rng.choice(COMMENTS),
            id=old.id,
        )
        return change_event(doc, new)
    if kind == "remove":
        return remove_event(doc, rng.choice(events).id)
    if kind == "rating":
        value = rng.choice([None, 1.0, 2.0, 3.5, 4.0, 5.0, 7.0])
        return set_rating(doc, rng.choice(ITEMS), rng.choice(SEGMENTS), value)
    if kind == "segment":
        if segments and rng.random() < 0.5:
            seg = rng.choice(segments)
            after = (
                None
                if rng.random() < 0.4
                else Segment(
                    seg.id, seg.segment, seg.start_ms, seg.end_ms + 40, comment=rng.choice(COMMENTS)
                )
            )
            return PutSegment(seg, after)
        start = rng.randrange(0, 60_000, 40)
        return PutSegment(None, Segment(f"s{step}", rng.choice(SEGMENTS), start, start + 20_000))
    if kind == "classify":
        major = rng.choice(["A", "B", "C", "D", "CC", None])
        return set_classification(
            doc,
            Classification(
                major=major,
                subgroup=f"{major}1" if major in ("A", "B", "C") else None,
                d_rating=rng.choice([None, 2, 5.5, 7]),
                forced="B3" if major == "D" else None,
                notes=rng.choice(COMMENTS),
            ),
        )
    if kind == "status":
        return set_status(doc, rng.choice(list(SessionStatus)))
    return Compound(
        (
            AddEvent(Event.make("gaze_away", step * 40, step * 40 + 400, id=f"c{step}")),
            set_rating(doc, rng.choice(ITEMS), "play1", float(rng.randint(1, 7))),
        ),
        text="two at once",
    )


def content(snapshot: AnnotationSet) -> tuple[Any, ...]:
    """What an edit changes (everything but the header's timestamps)."""
    return (
        snapshot.events,
        snapshot.segments,
        snapshot.ratings,
        snapshot.classification,
        snapshot.status,
    )


def expected_states(seed: int, edits: int) -> list[tuple[Any, ...]]:
    """The content after 0, 1, …, ``edits`` edits of the run with ``seed``."""
    rng = random.Random(seed)
    doc = AnnotationDocument(AnnotationSet(header=HEADER))
    states = [content(doc.snapshot())]
    for step in range(1, edits + 1):
        next_command(rng, doc, step).apply(doc)
        states.append(content(doc.snapshot()))
    return states


def _say(text: str) -> None:
    os.write(1, (text + "\n").encode())


def _child(seed: int, path: Path, rotate: bool, edits: int, fsync: bool) -> None:
    from coder.storage import annotation_store, backups
    from coder.storage.annotation_store import AnnotationStore

    if not fsync:
        # A killed process loses nothing the kernel already has: fsync guards against power
        # loss, not SIGKILL. Skipping it in most runs keeps the test fast; the rename protocol
        # under test is the same.
        os.fsync = lambda _fd: None

    counter = {"n": 0}
    real_save = annotation_store.write_annotation_file

    def announced_save(target: Path, data: bytes) -> os.stat_result:
        _say(f"save {counter['n'] + 1}")
        return real_save(target, data)

    annotation_store.write_annotation_file = announced_save
    if rotate:
        # Back up before every save, so kills land inside the rotation too.
        def eager_rotation(target: Path) -> bool:
            _say(f"rot {counter['n'] + 1}")
            return backups.rotate_backup(target, keep=3, min_age_s=0)

        annotation_store.rotate_backup = eager_rotation  # type: ignore[assignment]
    _say(f"pid {os.getpid()}")
    rng = random.Random(seed)
    store = AnnotationStore.open(path, HEADER)
    for step in range(1, edits + 1):
        counter["n"] = step - 1
        store.execute(next_command(rng, store.document, step))
        _say(f"ack {step}")
    _say("done")


def serve() -> None:
    for line in sys.stdin:
        parts = line.split()
        if not parts or parts[0] == "quit":
            break
        seed, path, rotate = int(parts[1]), Path(parts[2]), parts[3] == "1"
        edits, fsync = int(parts[4]), parts[5] == "1"
        pid = os.fork()
        if pid == 0:
            status = 0
            try:
                _child(seed, path, rotate, edits, fsync)
            except BaseException as error:  # report anything, then leave without cleanup
                _say(f"error {type(error).__name__}: {error}")
                status = 1
            os._exit(status)
        os.waitpid(pid, 0)
        _say("reaped")


if __name__ == "__main__":
    serve()
