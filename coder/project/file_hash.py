"""Content hashes of files (videos, schemes, packages)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from coder.errors import ProjectError

_CHUNK = 1 << 20


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of a file's bytes, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError as error:
        raise ProjectError(f"cannot read the file: {error.strerror}", path=path) from None
    return digest.hexdigest()
