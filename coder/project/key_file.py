"""The unblinding key ``key.csv`` (session code → participant, arm, timepoint, …; lead only) and
the participants file it is filled from (``add-sessions --key``: video → participant, arm, …).

Both are read with limits and refused with a message naming the line and column when they are
ambiguous: two rows for one session or one video (both lines named), a column named twice, a
row with more values than the header has columns, a value longer than ``MAX_VALUE_CHARS``.

Values are kept exactly as written. A value beginning with ``=``, ``+``, ``-`` or ``@`` is text
to R, Stata and pandas but a formula to a spreadsheet program that opens a CSV file: Coder
writes XLSX cells as text (never formulas) and keeps CSV values exact, and ``formula_like``
lists such values so the lead is warned when the key is imported.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from coder.errors import ProjectError
from coder.storage.atomic import atomic_write_text

KEY_COLUMNS = ("session", "participant", "arm", "timepoint")
MAX_VALUE_CHARS = 10_000
"""Longest value of a key or participants file (an id, an arm, a note: far less in practice)."""
MAX_FILE_BYTES = 64 * 1024 * 1024
FORMULA_PREFIXES = ("=", "+", "-", "@")


@dataclass(frozen=True)
class TableRow:
    """One row of a key or participants file, with the line it starts on (header = line 1)."""

    line: int
    values: dict[str, str]


def _read_table(path: Path, what: str) -> tuple[list[str], list[TableRow]]:
    """The header and rows of a CSV file, every value stripped; ProjectError naming line and
    column for anything that is not one clear table (see the module docstring)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ProjectError(
                f"the {what} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB", path=path,
                hint="a key holds one short row per session",
            )
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ProjectError(f"no {what} file", path=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ProjectError(f"cannot read the {what}: {error}", path=path) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[TableRow] = []
    line = 1
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            for number, value in enumerate(record):
                if len(value) > MAX_VALUE_CHARS:
                    column = header[number] if header and number < len(header) else f"#{number + 1}"
                    raise ProjectError(
                        f"line {start}, column '{column}': a value of {len(value)} characters "
                        f"(at most {MAX_VALUE_CHARS})", path=path,
                        hint=f"check that the {what} is the right file and its quotes are closed",
                    )
            if header is None:
                header = [name.strip() for name in record]
                _check_header(header, path, what)
                continue
            if not any(v.strip() for v in record):
                continue
            if len(record) > len(header):
                raise ProjectError(
                    f"line {start} has {len(record)} values but the header names "
                    f"{len(header)} columns", path=path,
                    hint="quote values that hold a comma",
                )
            values = {name: (record[i].strip() if i < len(record) else "")
                      for i, name in enumerate(header) if name}
            rows.append(TableRow(start, values))
    except csv.Error as error:
        # The csv module's own limit (131072 characters) or a broken quote: one line, not a traceback.
        raise ProjectError(
            f"line {reader.line_num}: not a readable CSV {what}: {error}", path=path,
            hint=f"check that the {what} is the right file and its quotes are closed",
        ) from None
    return header or [], rows


def _check_header(header: list[str], path: Path, what: str) -> None:
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise ProjectError(f"line 1: the {what} names column '{name}' twice", path=path)
        seen.add(name)


def read_key(path: str | Path) -> list[dict[str, str]]:
    """Rows of a key file; it must have a ``session`` column and one row per session."""
    path = Path(path)
    header, rows = _read_table(path, "unblinding key")
    if "session" not in header:
        raise ProjectError(
            "the key has no 'session' column", path=path, hint="columns: " + ", ".join(KEY_COLUMNS)
        )
    first: dict[str, int] = {}
    for row in rows:
        code = row.values["session"]
        if not code:
            raise ProjectError(f"line {row.line}: empty session code", path=path)
        if code in first:
            raise ProjectError(
                f"line {row.line}: session '{code}' appears twice (also on line {first[code]})",
                path=path, hint="keep one row per session",
            )
        first[code] = row.line
    return [row.values for row in rows]


def read_participants(path: str | Path) -> dict[str, dict[str, str]]:
    """Rows of a participants file keyed by the file name in its ``video`` column.

    Two rows for one video (by file name, whatever folder they give) are refused naming both
    lines: which one holds the right arm cannot be told.
    """
    path = Path(path)
    header, rows = _read_table(path, "participants file")
    if "video" not in header:
        raise ProjectError("the participants file needs a 'video' column", path=path)
    result: dict[str, dict[str, str]] = {}
    lines: dict[str, int] = {}
    for row in rows:
        values = dict(row.values)
        name = Path(values.pop("video").replace("\\", "/")).name
        if not name:
            raise ProjectError(f"line {row.line}: no video named", path=path)
        if name in result:
            raise ProjectError(
                f"lines {lines[name]} and {row.line} both describe video '{name}'",
                path=path, hint="keep one row per video",
            )
        result[name] = values
        lines[name] = row.line
    return result


def formula_like(rows: list[dict[str, str]]) -> list[str]:
    """Values a spreadsheet program would take for a formula (see the module docstring), each
    as ``column 'arm': '=…'``. Numbers such as ``-1.5`` are not listed."""
    found: list[str] = []
    for row in rows:
        for column, value in row.items():
            if value.startswith(FORMULA_PREFIXES) and not _is_number(value):
                found.append(f"column '{column}': {value[:60]!r}")
    return found


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def write_key(path: str | Path, rows: list[dict[str, str]]) -> None:
    """Write the key atomically, columns session, participant, arm, timepoint, then any others."""
    extra = sorted({k for row in rows for k in row} - set(KEY_COLUMNS))
    columns = list(KEY_COLUMNS) + extra
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in sorted(rows, key=lambda r: r["session"]):
        writer.writerow({c: row.get(c, "") for c in columns})
    atomic_write_text(path, buffer.getvalue())
