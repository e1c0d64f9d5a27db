"""The unblinding join reports mismatches by session code."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.errors import ExportError
from coder.export.key_join import join_key
from coder.export.spec import KeySpec

KEY = [{"session": "S-A", "participant": "P1", "arm": "PIP", "timepoint": "t0"},
       {"session": "S-B", "participant": "P1", "arm": "PIP", "timepoint": "t1"}]


def test_session_missing_from_the_key_is_named() -> None:
    with pytest.raises(ExportError) as error:
        join_key(KEY, ["S-A", "S-B", "S-C"], ["S-A", "S-B", "S-C"], KeySpec(), Path("key.csv"))
    assert "S-C" in str(error.value) and "key.csv" in str(error.value)


def test_key_row_without_session_is_named() -> None:
    with pytest.raises(ExportError, match="S-B"):
        join_key(KEY, ["S-A"], ["S-A"], KeySpec(), Path("key.csv"))


def test_allowed_mismatches_are_returned() -> None:
    joined = join_key(KEY, ["S-A", "S-C"], ["S-A", "S-C"],
                      KeySpec(allow_unkeyed_sessions=True, allow_unused_key_rows=True), Path("key.csv"))
    assert joined.unkeyed == ("S-C",) and joined.unused == ("S-B",)
    assert joined.columns == ("session", "participant", "arm", "timepoint")
