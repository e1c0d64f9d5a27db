"""The unblinding join reports mismatches by session code."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.errors import ExportError
from coder.export.key_join import join_key
from coder.export.spec import KeySpec
from coder.project.project import Project

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


def test_a_key_without_a_column_the_spec_uses_is_refused_naming_it() -> None:
    no_arm = [{k: v for k, v in row.items() if k != "arm"} for row in KEY]
    with pytest.raises(ExportError) as error:
        join_key(no_arm, ["S-A", "S-B"], ["S-A", "S-B"], KeySpec(), Path("key.csv"))
    assert str(error.value).startswith(
        "key.csv: the key has no column 'arm', which the spec uses "
        "(key.columns: participant, arm, timepoint)"
    )
    # A spec that does not use the arm exports without it.
    spec = KeySpec(columns=["participant", "timepoint"])
    assert join_key(no_arm, ["S-A", "S-B"], ["S-A", "S-B"], spec, Path("key.csv")).unkeyed == ()


def test_an_exported_session_without_a_value_in_a_used_column_is_refused() -> None:
    blank = [dict(KEY[0]), {**KEY[1], "arm": ""}]
    with pytest.raises(ExportError, match=r"1 session\(s\) have no 'arm' in the key: S-B"):
        join_key(blank, ["S-A", "S-B"], ["S-A", "S-B"], KeySpec(), Path("key.csv"))


def test_export_refuses_a_key_without_an_arm_column(demo: Project) -> None:
    from coder.export import parse_spec, run_export

    rows = demo.key()
    text = "session,participant,timepoint\n" + "".join(
        f"{r['session']},{r['participant']},{r['timepoint']}\n" for r in rows
    )
    demo.key_path.write_text(text)
    with pytest.raises(ExportError, match="the key has no column 'arm', which the spec uses"):
        run_export(demo, parse_spec("name: x\n"))
    assert not (demo.root / "exports" / "x").exists()
