"""The copies in ``tests/data`` are the files of the shared folder, byte for byte.

The suite reads only ``tests/data`` (so a clone runs everything on its own); this test keeps the
copies honest where the shared folder is present beside the checkout.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.data_files import SHARED, SHARED_ABSENT, SHARED_COPIES


def _digests(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


def test_every_copy_folder_has_files() -> None:
    for copy in SHARED_COPIES:
        assert _digests(copy), f"{copy} is empty"


@pytest.mark.parametrize("copy", sorted(SHARED_COPIES), ids=lambda path: path.name)
def test_copies_match_the_shared_folder(copy: Path) -> None:
    if not SHARED.is_dir():
        pytest.skip(SHARED_ABSENT)
    original = SHARED_COPIES[copy]
    assert _digests(copy) == _digests(original), (
        f"{copy} differs from {original}: copy the shared files again "
        f"(cp {original}/* {copy}/) and commit them"
    )
