"""Opening a server project from a ``postgresql://`` address.

Credentials come only from libpq's environment (PGUSER, PGPASSWORD, PGSERVICE …) and the
password file (~/.pgpass): an address holding a password is refused, so none ever lands in a
project, a shell history or a log.
"""

from __future__ import annotations

import psycopg
from psycopg.conninfo import conninfo_to_dict

from coder.server.errors import ServerError

SCHEMES = ("postgresql://", "postgres://")


def is_server_address(text: str) -> bool:
    """Whether ``text`` names a server project rather than a folder."""
    return text.startswith(SCHEMES)


def connect(address: str) -> psycopg.Connection:
    """An autocommit connection to the project database at ``address``."""
    if not is_server_address(address):
        raise ServerError(f"'{address}' is not a postgresql:// address")
    try:
        params = conninfo_to_dict(address)
    except psycopg.ProgrammingError as error:
        raise ServerError(f"cannot read the server address: {error}") from None
    if params.get("password"):
        raise ServerError(
            "the server address contains a password",
            hint="remove it and use ~/.pgpass or the PGPASSWORD environment variable",
        )
    try:
        return psycopg.connect(address, autocommit=True)
    except psycopg.OperationalError as error:
        detail = str(error).strip().splitlines()[-1] if str(error).strip() else "no answer"
        shown = address.split("?")[0]
        raise ServerError(
            f"cannot connect to {shown}: {detail}",
            hint="check the address, that the server runs, and your ~/.pgpass entry",
        ) from None
