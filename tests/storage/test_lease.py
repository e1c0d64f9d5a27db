"""The lease beside a file: taken once, refused to a second opener, taken over only when stale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

import pytest

from coder.storage import lease as lease_module
from coder.storage.lease import (
    STALE_AFTER_S,
    Lease,
    LeaseHeldError,
    LeaseHolder,
    LeaseLostError,
    current_holder,
    lease_path,
)


def _ended_pid() -> int:
    """The id of a process that has just ended (not reused this quickly in practice)."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    return int(done.stdout)


def _write_holder(path: Path, holder: LeaseHolder) -> None:
    lease_path(path).write_bytes(holder.to_json())


def test_second_opener_is_refused_with_where_it_is_open(tmp_path: Path) -> None:
    path = tmp_path / "S-AAAAA.json"
    first = Lease.acquire(path, "ana")
    saved = json.loads(lease_path(path).read_text())
    assert saved["coder"] == "ana" and saved["pid"] == os.getpid() and saved["host"]
    assert saved["taken"] and saved["heartbeat"] and saved["token"]
    with pytest.raises(LeaseHeldError) as refused:
        Lease.acquire(path, "ana")
    assert refused.value.stale is None
    assert "another window of this Coder" in str(refused.value)
    assert "coder 'ana'" in str(refused.value)
    with pytest.raises(LeaseHeldError):
        Lease.acquire(path, "ana", take_over=True)  # the holder is still there
    assert current_holder(path) == first.holder
    first.release()
    assert not lease_path(path).exists()
    assert current_holder(path) is None
    Lease.acquire(path, "ana").release()


def test_lease_of_an_ended_process_here_is_taken_over_and_recorded(tmp_path: Path) -> None:
    path = tmp_path / "S-AAAAA.json"
    gone = replace(LeaseHolder.here("ana"), pid=_ended_pid(), process_start="1")
    _write_holder(path, gone)
    assert current_holder(path) is None
    taken = Lease.acquire(path, "ana")
    assert taken.taken_over_from is not None
    assert taken.taken_over_from["pid"] == gone.pid
    assert "has ended" in taken.taken_over_from["reason"]
    assert json.loads(lease_path(path).read_text())["taken_over_from"]["token"] == gone.token


def test_lease_of_another_computer_needs_an_explicit_takeover_once_stale(tmp_path: Path) -> None:
    path = tmp_path / "S-AAAAA.json"
    fresh = replace(LeaseHolder.here("ana"), host="lab-pc-2", pid=4242)
    _write_holder(path, fresh)
    with pytest.raises(LeaseHeldError, match="on computer 'lab-pc-2' \\(process 4242") as refused:
        Lease.acquire(path, "ana", take_over=True)
    assert refused.value.stale is None
    old = time.time() - STALE_AFTER_S - 60
    stale = replace(fresh, heartbeat=lease_module._iso(old))
    _write_holder(path, stale)
    with pytest.raises(LeaseHeldError, match="may be taken over") as refused:
        Lease.acquire(path, "ana")
    assert refused.value.stale is not None and "lab-pc-2" in refused.value.stale
    taken = Lease.acquire(path, "ana", take_over=True)
    assert taken.taken_over_from is not None and taken.taken_over_from["host"] == "lab-pc-2"


def test_an_unreadable_lease_is_stale_once_it_is_not_being_written(tmp_path: Path) -> None:
    path = tmp_path / "S-AAAAA.json"
    lease_path(path).write_bytes(b"")
    with pytest.raises(LeaseHeldError, match="unreadable"):
        Lease.acquire(path, "ana")
    old = time.time() - 60
    os.utime(lease_path(path), (old, old))
    assert Lease.acquire(path, "ana").taken_over_from == {"unreadable": True, "reason": "its lease file is unreadable"}


def test_check_finds_a_lost_lease_and_retakes_a_deleted_one(tmp_path: Path) -> None:
    path = tmp_path / "S-AAAAA.json"
    held = Lease.acquire(path, "ana")
    lease_path(path).unlink()
    held.check()
    assert LeaseHolder.from_json(lease_path(path).read_bytes()) == held.holder
    other = replace(LeaseHolder.here("ana"), host="lab-pc-2", token="other")
    _write_holder(path, other)
    with pytest.raises(LeaseLostError, match="lab-pc-2"):
        held.check()
    held.release()  # another's lease is left alone
    assert LeaseHolder.from_json(lease_path(path).read_bytes()) == other


def test_heartbeat_refreshes_the_lease(tmp_path: Path) -> None:
    path = tmp_path / "S-AAAAA.json"
    held = Lease.acquire(path, "ana")
    backdated = replace(held.holder, heartbeat="2000-01-01T00:00:00Z")
    held.holder = backdated
    _write_holder(path, backdated)
    held.heartbeat()
    saved = LeaseHolder.from_json(lease_path(path).read_bytes())
    assert saved is not None and saved.heartbeat > "2000"
    assert saved.heartbeat != "2000-01-01T00:00:00Z" and saved.token == held.holder.token
    assert asdict(saved) == asdict(held.holder)


def test_without_hard_links_the_lease_is_created_exclusively(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(_src: object, _dst: object) -> None:
        raise PermissionError(1, "Operation not permitted")  # FAT, some sync folders

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "S-AAAAA.json"
    held = Lease.acquire(path, "ana")
    assert LeaseHolder.from_json(lease_path(path).read_bytes()) == held.holder
    with pytest.raises(LeaseHeldError):
        Lease.acquire(path, "ana")
    held.release()
    assert not lease_path(path).exists()
    assert [p.name for p in tmp_path.iterdir()] == []  # no temp files left behind
