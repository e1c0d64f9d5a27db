"""Read versioned JSON files safely and migrate old format versions explicitly.

Every Coder file carries ``format`` (what kind of file it is) and ``format_version``. Reading a
corrupt, truncated or foreign file, or one newer than this Coder, is a StorageError naming the
file; the file itself is never touched by reading.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from coder.errors import StorageError


def validation_problem(error: ValidationError) -> str:
    """The first problem pydantic found, as ``field.path: message`` for an error message."""
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "(top level)"
    return f"{where}: {first['msg']}"


Migration = Callable[[dict[str, Any]], dict[str, Any]]

# (format, version it upgrades from) -> function returning the data at version + 1.
_MIGRATIONS: dict[tuple[str, int], Migration] = {}


def register_migration(format_name: str, from_version: int) -> Callable[[Migration], Migration]:
    """Register a function that upgrades ``format_name`` data from ``from_version`` by one."""

    def decorate(function: Migration) -> Migration:
        _MIGRATIONS[(format_name, from_version)] = function
        return function

    return decorate


def migrate(data: dict[str, Any], format_name: str, current: int, *, path: Path) -> dict[str, Any]:
    """Upgrade ``data`` step by step to ``current``; raise StorageError if a step is missing."""
    version = data.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise StorageError(
            "has no valid format_version", path=path, hint="it was not written by Coder"
        )
    if version > current:
        raise StorageError(
            f"was written by a newer Coder (format version {version}; this Coder reads up to {current})",
            path=path,
            hint="update Coder to open it; the file was left unchanged",
        )
    while version < current:
        step = _MIGRATIONS.get((format_name, version))
        if step is None:
            raise StorageError(f"format version {version} cannot be upgraded", path=path)
        data = step(dict(data))
        version += 1
        data["format_version"] = version
    return data


def read_json(path: str | Path) -> Any:
    """Parse a JSON file; a missing, unreadable, truncated or non-JSON file is a StorageError."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StorageError("file not found", path=path) from None
    except OSError as error:
        raise StorageError(f"cannot read the file: {error.strerror}", path=path) from None
    if not raw.strip():
        raise StorageError("the file is empty", path=path, hint="restore it from its backup")
    try:
        return json.loads(raw.decode("utf-8"))
    # ValueError also covers numbers too long to convert; RecursionError absurdly deep nesting.
    except (ValueError, RecursionError) as error:
        where = (
            f" (line {error.lineno}, column {error.colno})"
            if isinstance(error, json.JSONDecodeError)
            else ""
        )
        raise StorageError(
            f"is corrupt or not a Coder file{where}",
            path=path,
            hint="restore it from its backup; the file was left unchanged",
        ) from None


def read_versioned(path: str | Path, format_name: str, current: int) -> dict[str, Any]:
    """Read a Coder JSON file of kind ``format_name`` and migrate it to ``current``."""
    path = Path(path)
    data = read_json(path)
    if not isinstance(data, dict) or data.get("format") != format_name:
        found = data.get("format") if isinstance(data, dict) else None
        what = f"a '{found}' file" if isinstance(found, str) else "not a Coder file"
        raise StorageError(f"is {what}, expected a '{format_name}' file", path=path)
    return migrate(data, format_name, current, path=path)
