"""``coder export``: writes the files, prints them, exits 2 with a message on errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coder.cli import main
from coder.project.key_file import read_key, write_key
from coder.project.project import Project
from coder.shipped import shipped_specs_dir

EXPORTS = shipped_specs_dir()


def test_export_command_writes_and_lists_files(demo: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = main(["export", str(demo.root), "--spec", str(EXPORTS / "ssp.yaml"), "--format", "csv",
                 "--out", str(out), "--json", str(tmp_path / "r.json")])
    assert code == 0
    printed = capsys.readouterr().out
    assert "exported 2 session(s)" in printed and str(out / "ssp.csv") in printed
    result = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert result["sessions"] and (out / "ssp.csv").exists()


def test_export_command_reports_key_problems(demo: Project, capsys: pytest.CaptureFixture[str]) -> None:
    rows = read_key(demo.key_path)
    write_key(demo.key_path, [*rows, {"session": "S-GHOST", "participant": "P9", "arm": "PIP", "timepoint": "t0"}])
    code = main(["export", str(demo.root), "--spec", str(EXPORTS / "demo_long.yaml")])
    assert code == 2
    assert "S-GHOST" in capsys.readouterr().err


def test_default_output_folder_and_raw(demo: Project) -> None:
    assert main(["export", str(demo.root), "--spec", str(EXPORTS / "demo_wide_spss.yaml"), "--raw"]) == 0
    folder = demo.root / "exports" / "demo_wide_spss"
    assert (folder / "demo_wide_spss.sav").exists() and (folder / "events.csv").exists()
