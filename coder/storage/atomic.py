"""Atomic, durable file writes: a temp file in the same folder, fsync, ``os.replace``, fsync the folder.

Killing the program at any moment leaves either the old file or the new one, never a torn file.
``atomic_output`` gives the same guarantee to a library that writes a file itself (SPSS, Stata,
Parquet, Excel writers): it writes to a temp path in the same folder, which then replaces the
target exactly as ``atomic_write_bytes`` does.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic_core import PydanticSerializationError, to_json

from coder.errors import StorageError
from coder.faults import kill_point


def _read_umask() -> int:
    # Read once at import (still single-threaded): os.umask can only be read by setting it.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# mkstemp creates 0600 files; a project folder is shared, so new files get the usual mode.
_NEW_FILE_MODE = 0o666 & ~_read_umask()


def _fsync_dir(folder: Path) -> None:
    # A rename is durable only once the folder entry is on disk; some file systems refuse this.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _mode_for(path: Path) -> int:
    """The permission bits the new file gets: the replaced file's, else the usual ones."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return _NEW_FILE_MODE


def _temp_beside(path: Path, suffix: str = "") -> tuple[int, Path]:
    """A new temp file in the folder of ``path`` (created if needed): its fd and path."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=f".tmp{suffix}", dir=path.parent
        )
    except OSError as error:
        raise StorageError(f"cannot write here: {error.strerror}", path=path) from None
    return fd, Path(name)


def _save_failed(path: Path, temp: Path, error: OSError) -> StorageError:
    with contextlib.suppress(OSError):
        temp.unlink()
    return StorageError(
        f"could not save: {error.strerror}", path=path, hint="the previous version is unchanged"
    )


def atomic_write_bytes(path: str | Path, data: bytes) -> os.stat_result:
    """Replace ``path`` with ``data`` atomically and durably (creating its folder if needed).

    Returns the written file's status as taken before the rename (inode, size, mtime), so a
    caller can later tell whether the file on disk is still the one it wrote.
    """
    path = Path(path)
    fd, temp = _temp_beside(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), _mode_for(path))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            written = os.fstat(handle.fileno())
        kill_point("atomic.temp_written")
        os.replace(temp, path)
    except OSError as error:
        raise _save_failed(path, temp, error) from None
    _fsync_dir(path.parent)
    kill_point("atomic.replaced")
    return written


@contextlib.contextmanager
def atomic_output(path: str | Path, *, suffix: str = "") -> Iterator[Path]:
    """A temp path beside ``path`` for a library to write; on success it replaces ``path``.

    The temp file ends in ``suffix`` (writers that go by the extension want ``.xlsx`` and the
    like). When the block leaves normally, the file gets the mode ``path`` had (else the usual
    mode for a new file), is fsynced and atomically replaces ``path``; when the block raises, the
    temp file is removed and ``path`` is untouched.
    """
    path = Path(path)
    fd, temp = _temp_beside(path, suffix)
    os.close(fd)
    try:
        yield temp
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    try:
        os.chmod(temp, _mode_for(path))
        with open(temp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as error:
        raise _save_failed(path, temp, error) from None
    _fsync_dir(path.parent)


def write_new_file(path: str | Path, data: bytes, *, read_only: bool = False) -> None:
    """Create ``path`` holding ``data``, complete and durable, only if no such file exists;
    ``read_only`` makes it read-only from its first moment (a record never to be changed).

    Raises FileExistsError when ``path`` exists (whoever made it). The content is written to a
    temp file first and hard-linked into place, so the file is never seen half written; where
    the file system has no hard links (FAT, some network and sync folders) it is created with
    O_EXCL instead. Other failures are a StorageError.
    """
    path = Path(path)
    mode = _NEW_FILE_MODE & ~0o222 if read_only else _NEW_FILE_MODE
    fd, temp = _temp_beside(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, path)
        except FileExistsError:
            raise
        except OSError:
            _create_exclusive(path, data, mode)
    except FileExistsError:
        raise
    except OSError as error:
        raise StorageError(f"could not write: {error.strerror}", path=path) from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    _fsync_dir(path.parent)


def _create_exclusive(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_text(path: str | Path, text: str) -> None:
    """Replace ``path`` with UTF-8 ``text`` atomically and durably."""
    atomic_write_bytes(path, text.encode("utf-8"))


def dumps_json(data: Any) -> str:
    """Canonical JSON text: sorted keys, two-space indent, UTF-8, trailing newline.

    Encoded by pydantic-core (the standard library's indenting encoder is pure Python: a
    consensus record of a long session took it some 50 ms, holding the interpreter lock
    against the GUI thread all along); values it would encode differently from the standard
    library (anything but dicts with text keys, lists, text, finite numbers, booleans and
    None), or text with lone surrogates, go to the standard encoder."""
    try:
        return to_json(_sorted_plain(data), indent=2).decode("utf-8") + "\n"
    except (_NotPlain, PydanticSerializationError, RecursionError):
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class _NotPlain(Exception):
    """A value the standard encoder would write otherwise (or refuse)."""


def _sorted_plain(value: Any) -> Any:
    """``value`` with every dict's keys sorted, checking it holds only plain JSON values."""
    kind = type(value)
    if kind is dict:
        if not all(type(key) is str for key in value):
            raise _NotPlain
        return {key: _sorted_plain(value[key]) for key in sorted(value)}
    if kind is list or kind is tuple:
        return [_sorted_plain(item) for item in value]
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float and value - value == 0.0:  # finite: NaN and infinities are not JSON
        return value
    raise _NotPlain


def dumps_json_records(data: Mapping[str, Any]) -> str:
    """Compact JSON of ``data`` with one record per line (see ``json_records_bytes``)."""
    return json_records_bytes(data).decode("utf-8")


def json_records_bytes(data: Mapping[str, Any], *, encoded: Mapping[str, Sequence[bytes]] | None = None) -> bytes:
    """Compact UTF-8 JSON of ``data`` with one record per line: every list of objects among its
    values has each object on a line of its own. Keys keep the order of ``data`` (and of each
    record); a trailing newline ends the text. ``encoded`` gives some keys' records already
    encoded, each by ``json_record_bytes`` (the value in ``data`` is then not read).

    For files rewritten after every edit: each record is serialised whole by a JSON encoder and
    the lines are joined; no JSON text is ever edited, so any string value round-trips. Text a
    UTF-8 file cannot hold (a lone surrogate such as ``\\ud800``) is stored as its JSON escape.
    """
    parts = []
    for key, value in data.items():
        lines = encoded.get(key) if encoded is not None else None
        if lines is not None:
            body = b"[\n" + b",\n".join(lines) + b"]" if lines else b"[]"
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            body = b"[\n" + _compact_lines(value) + b"]"
        else:
            body = _compact(value)
        parts.append(_compact(key) + b":" + body)
    return b"{" + b",".join(parts) + b"}\n"


def _compact_lines(records: list[Any]) -> bytes:
    try:
        return b",\n".join(map(to_json, records))
    except PydanticSerializationError:
        return b",\n".join(map(_compact, records))


def json_record_bytes(record: Mapping[str, Any]) -> bytes:
    """One record as ``json_records_bytes`` writes it on its line."""
    return _compact(record)


def _compact(value: Any) -> bytes:
    """One value as compact JSON: pydantic-core's encoder (about five times faster than the
    standard library's per record), or the standard one for what pydantic-core refuses
    (lone surrogates, which it cannot encode, are escaped there)."""
    try:
        return to_json(value)
    except PydanticSerializationError:
        return json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def atomic_write_json(path: str | Path, data: Any) -> None:
    """Write ``data`` as canonical JSON atomically and durably."""
    atomic_write_text(path, dumps_json(data))


def append_line(path: str | Path, line: str) -> None:
    """Append one line to an append-only log and fsync it.

    A crash can leave at most a torn last line, which readers of the log skip.
    """
    path = Path(path)
    if "\n" in line:
        raise ValueError("a log line may not contain a newline")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            append_to_open_log(path, fd, line.encode("utf-8"))
        finally:
            os.close(fd)
    except OSError as error:
        raise StorageError(f"cannot append to the log: {error.strerror}", path=path) from None


def append_to_open_log(path: Path, fd: int, line: bytes) -> None:
    """Append ``line`` and a newline to the log ``path`` open (for appending) as ``fd``, and
    fsync it; for a writer that holds the log open, e.g. under a lock. Raises OSError."""
    size = os.fstat(fd).st_size
    prefix = b""
    if size:
        # A torn last line from an earlier crash must not swallow this one.
        with open(path, "rb") as reader:
            reader.seek(size - 1)
            if reader.read(1) != b"\n":
                prefix = b"\n"
    os.write(fd, prefix + line + b"\n")
    os.fsync(fd)
