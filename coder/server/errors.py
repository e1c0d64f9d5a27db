"""Errors of the team server: a connection, schema or permission problem, or an edit conflict."""

from __future__ import annotations

from coder.errors import CoderError


class ServerError(CoderError):
    """The PostgreSQL server refused or could not do what was asked (with what to do about it)."""


class RecordConflict(ServerError):
    """A record changed on the server since the writer last read it; nothing was overwritten."""

    def __init__(self, record: str, expected: int, found: int | None) -> None:
        self.record = record
        self.expected = expected
        self.found = found
        now = "it no longer exists" if found is None else f"it is now at version {found}"
        super().__init__(
            f"{record} changed on the server: expected version {expected}, {now}",
            hint="reload the record and apply the edit again",
        )
