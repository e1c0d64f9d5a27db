"""SHA-256 of media files, so annotations and projects can name the exact video they belong to."""

from __future__ import annotations

import hashlib
from pathlib import Path

from coder.errors import MediaError

_CHUNK_BYTES = 1 << 20


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 digest of the file's bytes, read in 1 MiB chunks (memory stays flat)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK_BYTES):
                digest.update(chunk)
    except FileNotFoundError as error:
        raise MediaError("file not found", path=path, hint="check the path") from error
    except OSError as error:
        raise MediaError(f"cannot read the file: {error.strerror}", path=path) from error
    return digest.hexdigest()
