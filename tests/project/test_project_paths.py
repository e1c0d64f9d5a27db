"""Coder ids that are safe folder names everywhere, and paths kept inside the project."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coder.cli import main
from coder.errors import ProjectError
from coder.project import Project
from coder.project.project_paths import check_coder_id, coder_id_problem, inside_project


@pytest.mark.parametrize(
    "coder", ["con", "nul", "prn", "aux", "com1", "com9", "lpt1", "lpt9", "con.txt", "nul.json",
              "aux.tar.gz"],
)
def test_windows_device_names_are_refused(coder: str) -> None:
    problem = coder_id_problem(coder)
    device = coder.split(".")[0].upper()
    assert problem == (
        f"'{coder}' is not a valid coder id: '{coder}' is a device name Windows reserves "
        f"({device}), not a file name there"
    )


@pytest.mark.parametrize("coder", ["CON", "Nul", "COM1.txt", "..", ".", "a/b", "../../outside", "",
                                   "ana.", "-ana"])
def test_unsafe_ids_are_refused(coder: str) -> None:
    with pytest.raises(ProjectError, match="is not a valid coder id") as caught:
        check_coder_id(coder)
    assert "con, nul, prn, aux, com1–com9, lpt1–lpt9" in str(caught.value)


@pytest.mark.parametrize("coder", ["ana", "coder.2", "com10", "lpt", "console", "nully", "b_01"])
def test_ordinary_ids_are_fine(coder: str) -> None:
    assert check_coder_id(coder) == coder


def test_add_coder_refuses_a_reserved_id(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["add-coder", str(demo_copy), "con"]) == 2
    err = capsys.readouterr().err
    assert "coder: 'con' is not a valid coder id: 'con' is a device name Windows reserves (CON)" in err
    assert not Project.open(demo_copy).has_coder("con")


def test_a_project_file_with_a_reserved_coder_id_is_refused(demo_copy: Path) -> None:
    text = (demo_copy / "project.json").read_text().replace('"id": "ben"', '"id": "nul"')
    (demo_copy / "project.json").write_text(text)
    with pytest.raises(ProjectError, match="'nul' is a device name Windows reserves"):
        Project.open(demo_copy)


def test_inside_project_refuses_paths_that_leave(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "annotations").mkdir(parents=True)
    assert inside_project(root, "annotations", "ana", "S-A.json") == root / "annotations/ana/S-A.json"
    for parts in (("..", "outside"), ("annotations", "..", "..", "x.json"), ("/etc/passwd",)):
        with pytest.raises(ProjectError, match="leads outside the project folder"):
            inside_project(root, *parts)
    os.symlink(tmp_path, root / "annotations" / "linked")
    with pytest.raises(ProjectError, match=r"'annotations/linked/x\.json' leads outside"):
        inside_project(root, "annotations", "linked", "x.json")


@pytest.mark.parametrize(
    "argv",
    [
        ["export-elan", "{p}", "{s}", "--coder", "../../outside", "--out", "{t}/x.eaf"],
        ["export-boris", "{p}", "{s}", "--coder", "../../outside", "--out", "{t}/x.boris"],
        ["package", "{p}", "--coder", "../../outside", "--out", "{t}/pkg"],
        ["gui", "{p}", "--coder", "../../outside"],
        ["consensus", "{p}", "{s}", "--coders", "ana,../../outside", "--list"],
    ],
    ids=["export-elan", "export-boris", "package", "gui", "consensus"],
)
def test_coder_arguments_that_leave_the_project_are_refused(
    demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    project = Project.open(demo_copy)
    session = project.sessions[0].code
    values = {"{p}": str(demo_copy), "{s}": session, "{t}": str(tmp_path)}
    args = [values.get(a, a.replace("{t}", str(tmp_path))) for a in argv]
    status = main(args)
    out, err = capsys.readouterr()
    assert status == 2, out + err
    assert "Traceback" not in out + err
    assert "'../../outside'" in err
    assert list(outside.iterdir()) == []
