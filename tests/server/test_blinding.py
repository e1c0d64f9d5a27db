"""Connected as a coder's role, nothing the role can name gives away the key, the arm or
timepoint, the reliability sample or another coder's work; writes outside its own records fail."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest
from psycopg import sql

from coder.server import RecordConflict, ServerError, load_record, save_record
from tests.server.fixtures import ServerProject
from tests.server.sample_project import SAMPLE_WORDS, SECRETS, body, populate

Connect = Callable[[str], psycopg.Connection]
FORBIDDEN_TABLES = (
    "unblinding_key", "assignments", "sessions", "session_videos", "consensus", "coders",
    "audit", "project", "schemes", "schema_migrations", "server_config", "progress",
)


@pytest.fixture
def alice(server_project: ServerProject, connect_as: Connect) -> psycopg.Connection:
    populate(server_project.owner)
    return connect_as(server_project.roles.coder("alice"))


def _relations(conn: psycopg.Connection) -> list[tuple[str, str, bool]]:
    """Every table and view in the database: schema, name, whether the role may SELECT it."""
    rows = conn.execute(
        "SELECT n.nspname, c.relname, has_table_privilege(c.oid, 'SELECT') "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f') "
        "AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%' ORDER BY 1, 2"
    ).fetchall()
    return [(schema, name, bool(readable)) for schema, name, readable in rows]


def _read_all(conn: psycopg.Connection, schema: str, name: str) -> str:
    query = sql.SQL("SELECT t::text FROM {}.{} t").format(sql.Identifier(schema), sql.Identifier(name))
    return "\n".join(row[0] for row in conn.execute(query))


def test_no_relation_the_coder_can_read_holds_a_secret(alice: psycopg.Connection) -> None:
    relations = _relations(alice)
    read = 0
    for schema, name, readable in relations:
        if not readable:
            continue
        try:
            text = _read_all(alice, schema, name)
        except psycopg.errors.InsufficientPrivilege:
            continue  # e.g. pg_hba_file_rules: readable in the catalogue, refused on reading
        read += 1
        for what, marker in SECRETS.items():
            assert marker not in text, f"{schema}.{name} shows {what}"
        if schema == "public":
            for word in SAMPLE_WORDS:
                assert word not in text, f"{schema}.{name} shows the reliability sample"
    assert read > 100  # the scan covered the system catalogues too, not just the project


def test_the_coder_sees_only_its_own_sessions_records_and_videos(
    alice: psycopg.Connection,
) -> None:
    records = alice.execute("SELECT coder, session FROM annotations ORDER BY 2").fetchall()
    assert records == [("alice", "SESSALICE")]  # SESSSHARED assigned but not yet started
    events = alice.execute("SELECT coder, session, id FROM annotation_events").fetchall()
    assert events == [("alice", "SESSALICE", "alice-1")]
    sessions = [r[0] for r in alice.execute("SELECT code FROM my_sessions ORDER BY 1")]
    assert sessions == ["SESSALICE", "SESSSHARED"]
    videos = alice.execute("SELECT * FROM my_videos ORDER BY session").fetchall()
    assert [v[0] for v in videos] == ["SESSALICE", "SESSSHARED"]
    assert [r[0] for r in alice.execute("SELECT id FROM my_schemes")] == ["demo"]
    assert load_record(alice, "bob", "SESSSHARED") is None


@pytest.mark.parametrize("table", FORBIDDEN_TABLES)
def test_every_project_table_but_the_records_is_refused(
    alice: psycopg.Connection, table: str
) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        alice.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(table)))


def test_every_public_relation_is_either_refused_or_listed(alice: psycopg.Connection) -> None:
    public = {name: readable for schema, name, readable in _relations(alice) if schema == "public"}
    assert {n for n, readable in public.items() if readable} == {
        "annotations", "annotation_events", "my_assignments", "my_sessions", "my_videos",
        "my_schemes", "my_project",
    }
    assert {n for n, readable in public.items() if not readable} == set(FORBIDDEN_TABLES)


def test_statistics_of_the_records_are_hidden(alice: psycopg.Connection) -> None:
    rows = alice.execute(
        "SELECT tablename FROM pg_stats WHERE schemaname = 'public'"
    ).fetchall()
    assert rows == []


def test_the_coder_saves_its_own_record_by_compare_and_swap(alice: psycopg.Connection) -> None:
    record = load_record(alice, "alice", "SESSALICE")
    assert record is not None and record.version == 1
    assert save_record(alice, "alice", "SESSALICE", body("alice", "SESSALICE", "v2"), 1) == 2
    assert save_record(alice, "alice", "SESSSHARED", body("alice", "SESSSHARED", "new"), 0) == 1
    with pytest.raises(RecordConflict, match="coder 'alice' for session 'SESSALICE'"):
        save_record(alice, "alice", "SESSALICE", body("alice", "SESSALICE", "stale"), 1)
    assert load_record(alice, "alice", "SESSALICE").body["notes"] == "v2"  # type: ignore[union-attr]


def test_writes_to_others_records_fail(
    alice: psycopg.Connection, server_project: ServerProject
) -> None:
    with pytest.raises(ServerError, match="refused"):
        save_record(alice, "bob", "SESSBOBONLY", body("bob", "SESSBOBONLY", "x"), 0)
    with pytest.raises(ServerError, match="refused"):  # not assigned to alice
        save_record(alice, "alice", "SESSBOBONLY", body("alice", "SESSBOBONLY", "x"), 0)
    with pytest.raises(RecordConflict):  # invisible to alice: nothing to update
        save_record(alice, "bob", "SESSSHARED", body("bob", "SESSSHARED", "x"), 1)
    assert alice.execute("UPDATE annotations SET body = '{}' WHERE coder = 'bob'").rowcount == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # hand own record to bob
        alice.execute(
            "UPDATE annotations SET coder = 'bob', version = version + 1 WHERE coder = 'alice'"
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        alice.execute("DELETE FROM annotations")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # only through a save
        alice.execute("DELETE FROM annotation_events WHERE coder = 'bob'")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        alice.execute("INSERT INTO unblinding_key (session, arm) VALUES ('SESSALICE', 'x')")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        alice.execute("SELECT create_coder_role('alice')")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        alice.execute("CREATE TEMPORARY TABLE peek (x int)")
    bob_rows = server_project.owner.execute(
        "SELECT body->>'notes' FROM annotations WHERE coder = 'bob' ORDER BY session"
    ).fetchall()
    assert bob_rows == [(SECRETS["bob's record"],), (SECRETS["bob's record"],)]


def test_the_lead_reads_everything(
    server_project: ServerProject, connect_as: Connect
) -> None:
    populate(server_project.owner)
    lead = connect_as(server_project.lead_login())
    assert lead.execute("SELECT count(*) FROM annotations").fetchone() == (3,)
    assert lead.execute("SELECT count(*) FROM unblinding_key").fetchone() == (3,)
    roles = lead.execute("SELECT role FROM assignments WHERE coder = 'alice' ORDER BY session")
    assert [r[0] for r in roles] == ["primary", "reliability"]


def test_versions_and_stamps_are_kept_by_the_server(alice: psycopg.Connection) -> None:
    with pytest.raises(psycopg.errors.CheckViolation):  # set back: a stale save would match
        alice.execute("UPDATE annotations SET version = 0 WHERE coder = 'alice'")
    with pytest.raises(psycopg.errors.CheckViolation):
        alice.execute("UPDATE annotations SET version = version + 5 WHERE coder = 'alice'")
    alice.execute(
        "UPDATE annotations SET version = version + 1, updated_by = 'bob' WHERE coder = 'alice'"
    )
    row = alice.execute("SELECT version, updated_by FROM annotations").fetchone()
    assert row is not None and row[0] == 2 and row[1].endswith("_coder_alice")
