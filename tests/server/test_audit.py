"""The audit table refuses UPDATE, DELETE and TRUNCATE for every role, and its chain verifies."""

from __future__ import annotations

import threading
from collections.abc import Callable

import psycopg
import pytest

from coder.server.audit import append_audit, read_audit, verify_audit
from tests.server.fixtures import ServerProject
from tests.server.sample_project import populate

Connect = Callable[[str], psycopg.Connection]


@pytest.fixture
def project(server_project: ServerProject) -> ServerProject:
    populate(server_project.owner)
    return server_project


def test_the_chain_verifies(project: ServerProject) -> None:
    rows = read_audit(project.owner)
    assert len(rows) >= 8  # coders, roles, assignments, unblinding
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert verify_audit(rows) == []


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit SET entry = '{}'", "DELETE FROM audit", "TRUNCATE audit"],
)
def test_no_role_may_change_or_remove_an_entry(
    project: ServerProject, connect_as: Connect, statement: str
) -> None:
    before = read_audit(project.owner)
    users = [project.lead_login(), project.roles.coder("alice")]
    for user in users:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connect_as(user).execute(statement)
    # Even the owner, whom grants do not bind, is refused by the trigger.
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
        project.owner.execute(statement)
    assert read_audit(project.owner) == before


def test_writers_cannot_choose_the_link_or_the_user(
    project: ServerProject, connect_as: Connect
) -> None:
    lead = connect_as(project.lead_login())
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        lead.execute(
            "INSERT INTO audit (entry, prev_hash, hash) VALUES ('{}', 'x', 'y')"
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        lead.execute("INSERT INTO audit (entry, db_user) VALUES ('{}', 'someone')")
    project.owner.execute(
        "INSERT INTO audit (seq, entry, prev_hash, hash) VALUES (1, '{\"a\": 1}', 'x', 'y')"
    )
    assert verify_audit(read_audit(project.owner)) == []  # the server set seq and links itself


def test_a_coder_appends_but_cannot_read(project: ServerProject, connect_as: Connect) -> None:
    alice = connect_as(project.roles.coder("alice"))
    append_audit(alice, "suggestion_accepted", actor="alice", session="SESSALICE")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        read_audit(alice)
    last = read_audit(project.owner)[-1]
    assert last.db_user == project.roles.coder("alice")
    assert last.entry["action"] == "suggestion_accepted"


def test_concurrent_writers_keep_one_chain(project: ServerProject) -> None:
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            with project.connect() as conn:
                for i in range(25):
                    append_audit(conn, "note", writer=n, i=i)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = read_audit(project.owner)
    assert sum(1 for r in rows if r.entry["action"] == "note") == 100
    assert verify_audit(rows) == []


def test_tampering_by_a_superuser_is_found(project: ServerProject) -> None:
    owner = project.owner
    owner.execute("ALTER TABLE audit DISABLE TRIGGER audit_no_update_delete")
    owner.execute("UPDATE audit SET entry = '{\"action\": \"nothing\"}' WHERE seq = 3")
    owner.execute("DELETE FROM audit WHERE seq = 5")
    problems = verify_audit(read_audit(owner))
    assert "audit row 3: its content does not match its hash" in problems
    assert any(p.startswith("audit row 6") for p in problems)
