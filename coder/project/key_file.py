"""The unblinding key ``key.csv``: session code → participant, arm, timepoint, … (lead only)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from coder.errors import ProjectError
from coder.storage.atomic import atomic_write_text

KEY_COLUMNS = ("session", "participant", "arm", "timepoint")


def read_key(path: str | Path) -> list[dict[str, str]]:
    """Rows of a key file; it must have a ``session`` column and one row per session."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ProjectError("no unblinding key file", path=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ProjectError(f"cannot read the key: {error}", path=path) from None
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or "session" not in reader.fieldnames:
        raise ProjectError(
            "the key has no 'session' column", path=path, hint="columns: " + ", ".join(KEY_COLUMNS)
        )
    rows = [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        code = row["session"]
        if not code:
            raise ProjectError(f"line {number}: empty session code", path=path)
        if code in seen:
            raise ProjectError(f"line {number}: session '{code}' appears twice", path=path)
        seen.add(code)
    return rows


def write_key(path: str | Path, rows: list[dict[str, str]]) -> None:
    """Write the key atomically, columns session, participant, arm, timepoint, then any others."""
    atomic_write_text(path, key_text(rows))


def key_text(rows: list[dict[str, str]]) -> str:
    """The key file's text: columns session, participant, arm, timepoint, then any others."""
    extra = sorted({k for row in rows for k in row} - set(KEY_COLUMNS))
    columns = list(KEY_COLUMNS) + extra
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in sorted(rows, key=lambda r: r["session"]):
        writer.writerow({c: row.get(c, "") for c in columns})
    return buffer.getvalue()
