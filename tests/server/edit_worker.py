"""One coder's machine editing its record: ``python -m tests.server.edit_worker CONNINFO CODER
SESSION MACHINE EDITS``. Each edit reads the record, bumps this machine's counter and the total,
adds an event named after the machine and the edit, and saves by compare-and-swap sending only
the difference, reloading and retrying on a conflict. Prints a JSON summary."""

from __future__ import annotations

import json
import sys
import time

import psycopg

from coder.server import RecordConflict, load_record, save_record


def run(conninfo: str, coder: str, session: str, machine: str, edits: int) -> dict[str, float]:
    conflicts = 0
    started = time.perf_counter()
    with psycopg.connect(conninfo, autocommit=True) as conn:
        done = 0
        while done < edits:
            record = load_record(conn, coder, session)
            body = dict(record.body) if record else {"counts": {}, "total": 0, "events": []}
            counts = dict(body["counts"])
            counts[machine] = counts.get(machine, 0) + 1
            event = {"id": f"{machine}-{done}", "code": "tap", "start_ms": done}
            body = {"counts": counts, "total": body["total"] + 1,
                    "events": [*body["events"], event]}
            try:
                save_record(conn, coder, session, body, record.version if record else 0,
                            previous=record.body if record else None)
            except RecordConflict:
                conflicts += 1
                continue
            done += 1
    return {"conflicts": conflicts, "seconds": time.perf_counter() - started}


if __name__ == "__main__":
    conninfo, coder, session, machine, edits = sys.argv[1:6]
    print(json.dumps(run(conninfo, coder, session, machine, int(edits))))
