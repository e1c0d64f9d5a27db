"""One throwaway PostgreSQL cluster per test session, and a fresh project database per test.

The cluster is started once (``pg_cluster``) and stopped at session end, also after failures.
Each database gets its own role prefix, since roles are shared by the whole cluster.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import psycopg
import pytest

from coder.server import migrate
from coder.server.roles import RoleNames
from tests.server.postgres_cluster import Cluster, ClusterUnavailable, start_cluster

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    try:
        cluster = start_cluster()
    except ClusterUnavailable as reason:
        pytest.skip(str(reason))
    try:
        yield cluster
    finally:
        cluster.stop()


@dataclass
class ServerProject:
    """A migrated project database on the test cluster, and ways to connect to it."""

    cluster: Cluster
    dbname: str
    roles: RoleNames
    owner: psycopg.Connection

    def connect(self, user: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(self.cluster.conninfo(self.dbname, user), autocommit=True)

    def lead_login(self) -> str:
        """A login role holding the lead group (created on first use)."""
        name = f"{self.roles.prefix}_alice_lead"
        exists = self.owner.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,))
        if exists.fetchone() is None:
            self.owner.execute(f'CREATE ROLE "{name}" LOGIN IN ROLE "{self.roles.lead}"')
        return name


@pytest.fixture
def server_project(pg_cluster: Cluster) -> Iterator[ServerProject]:
    number = next(_numbers)
    dbname = f"coder_test_{number}"
    with psycopg.connect(pg_cluster.conninfo(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{dbname}"')
    owner = psycopg.connect(pg_cluster.conninfo(dbname), autocommit=True)
    roles = RoleNames(f"t{number}")
    migrate(owner, roles.prefix)
    try:
        yield ServerProject(pg_cluster, dbname, roles, owner)
    finally:
        owner.close()
        with psycopg.connect(pg_cluster.conninfo(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{dbname}" WITH (FORCE)')


@pytest.fixture
def connect_as(server_project: ServerProject) -> Iterator[Callable[[str], psycopg.Connection]]:
    opened: list[psycopg.Connection] = []

    def connect(user: str) -> psycopg.Connection:
        conn = server_project.connect(user)
        opened.append(conn)
        return conn

    yield connect
    for conn in opened:
        conn.close()
