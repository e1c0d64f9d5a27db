"""A second Coder process for the ownership tests: opens an annotation store and edits on request.

Reads lines from stdin — ``add CODE START_MS`` (answers ``ack N`` once the edit is saved, or
``refused MESSAGE``), ``close`` — and starts by printing ``pid``, ``state`` and ``notice``.
Run with this Python: ``python store_worker.py PATH``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[2]))

from coder.annotations import AddEvent, AnnotationHeader, Event  # noqa: E402
from coder.errors import StorageError  # noqa: E402
from coder.storage.annotation_store import AnnotationStore  # noqa: E402

HEADER = AnnotationHeader("ana", "S-ACDEF", "demo_interaction", "1.0", "abc", "vid")


def _say(text: str) -> None:
    sys.stdout.write(text.replace("\n", " ") + "\n")
    sys.stdout.flush()


def main() -> None:
    store = AnnotationStore.open(Path(sys.argv[1]), HEADER)
    _say(f"pid {os.getpid()}")
    _say(f"state {store.state.value}")
    _say(f"notice {store.notice}")
    acks = 0
    for line in sys.stdin:
        word, *rest = line.split()
        if word == "add":
            try:
                store.execute(AddEvent(Event.make(rest[0], int(rest[1]), id=f"{rest[0]}-{rest[1]}")))
            except StorageError as error:
                _say(f"refused {error}")
            else:
                acks += 1
                _say(f"ack {acks}")
        elif word == "close":
            store.close()
            _say("closed")
            return


if __name__ == "__main__":
    main()
