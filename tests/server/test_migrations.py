from __future__ import annotations

import psycopg
import pytest

from coder.server import LATEST_VERSION, ServerError, migrate
from coder.server.migrations import schema_version
from tests.server.fixtures import ServerProject


def test_migrations_are_applied_once_in_order(server_project: ServerProject) -> None:
    owner = server_project.owner
    versions = [r[0] for r in owner.execute("SELECT version FROM schema_migrations ORDER BY 1")]
    assert versions == list(range(1, LATEST_VERSION + 1))
    assert migrate(owner, server_project.roles.prefix) == []
    assert schema_version(owner) == LATEST_VERSION


def test_an_empty_database_is_at_version_zero(pg_cluster) -> None:
    with psycopg.connect(pg_cluster.conninfo(), autocommit=True) as admin:
        admin.execute('CREATE DATABASE "coder_empty"')
    try:
        with psycopg.connect(pg_cluster.conninfo("coder_empty"), autocommit=True) as conn:
            assert schema_version(conn) == 0
    finally:
        with psycopg.connect(pg_cluster.conninfo(), autocommit=True) as admin:
            admin.execute('DROP DATABASE "coder_empty"')


def test_another_role_prefix_is_refused(server_project: ServerProject) -> None:
    with pytest.raises(ServerError, match="prefix"):
        migrate(server_project.owner, "other")


def test_a_newer_schema_is_refused(server_project: ServerProject) -> None:
    owner = server_project.owner
    owner.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, 'future')",
                  (LATEST_VERSION + 1,))
    with pytest.raises(ServerError, match="newer"):
        migrate(owner, server_project.roles.prefix)
