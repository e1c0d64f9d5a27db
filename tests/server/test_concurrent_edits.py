"""Many coder processes editing at once against one server lose no edit.

20 processes (10 coders, each on two machines editing the same record) × EDITS edits each, every
edit adding an event and sent as a difference. A lost update would leave a record's total below
the sum of its machines' edits, or an event missing.

20 × 500 takes about a minute on a two-core machine running other jobs (each record grows to
1,000 events, read whole before each edit);
CODER_SERVER_EDITS sets another number of edits per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coder.server import load_record
from coder.server.admin import add_coder, assign
from tests.server.fixtures import ServerProject

CODERS = 10
MACHINES_PER_CODER = 2
EDITS = int(os.environ.get("CODER_SERVER_EDITS", "500"))
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_concurrent_coders_lose_no_edit(server_project: ServerProject) -> None:
    owner = server_project.owner
    owner.execute(
        "INSERT INTO schemes (id, version, sha256, file, content, ordinal) "
        "VALUES ('demo', '1', encode(sha256('x'), 'hex'), 'schemes/demo-1.yaml', 'x', 0)"
    )
    for n in range(CODERS):
        owner.execute(
            "INSERT INTO sessions (code, scheme, ordinal) VALUES (%s, 'demo', %s)",
            (f"SESS{n:02d}", n),
        )
        add_coder(owner, f"c{n:02d}")
        assign(owner, f"c{n:02d}", [f"SESS{n:02d}"])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = []
    for n in range(CODERS):
        conninfo = server_project.cluster.conninfo(
            server_project.dbname, server_project.roles.coder(f"c{n:02d}")
        )
        for m in range(MACHINES_PER_CODER):
            command = [sys.executable, "-m", "tests.server.edit_worker", conninfo,
                       f"c{n:02d}", f"SESS{n:02d}", f"m{m}", str(EDITS)]
            workers.append(subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env))
    summaries = []
    for worker in workers:
        out, _ = worker.communicate(timeout=240)
        assert worker.returncode == 0
        summaries.append(json.loads(out))
    rows = owner.execute("SELECT coder, version, body FROM annotations ORDER BY coder").fetchall()
    assert len(rows) == CODERS
    for coder, version, body in rows:
        expected = {f"m{m}": EDITS for m in range(MACHINES_PER_CODER)}
        assert body["counts"] == expected, coder
        assert body["total"] == EDITS * MACHINES_PER_CODER, coder
        assert version == EDITS * MACHINES_PER_CODER, coder
        record = load_record(owner, coder, f"SESS{coder[1:]}")
        assert record is not None
        assert sorted(e["id"] for e in record.body["events"]) == sorted(
            f"m{m}-{n}" for m in range(MACHINES_PER_CODER) for n in range(EDITS)
        ), coder
    # The two machines of a coder did collide, so the compare-and-swap was exercised.
    assert sum(s["conflicts"] for s in summaries) > 0
