"""Project validation: a clean demo has no problems; each kind of damage is reported with its file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from coder.annotations import Severity
from coder.project import Project, write_key
from coder.project.validation import ProjectProblem, project_problems


def _problems(root: Path, **kw: bool) -> list[ProjectProblem]:
    return project_problems(Project.open(root), **kw)


def _one(problems: list[ProjectProblem], needle: str) -> ProjectProblem:
    found = [p for p in problems if needle in p.message]
    assert len(found) == 1, [str(p) for p in problems]
    return found[0]


def test_demo_project_is_clean(demo_root: Path) -> None:
    assert _problems(demo_root, verify_hashes=True) == []


def test_missing_video(demo_copy: Path) -> None:
    project = Project.open(demo_copy)
    session = project.sessions[0]
    project.video_path(session.code).unlink()
    problem = _one(_problems(demo_copy), "is missing")
    assert problem.severity is Severity.ERROR
    assert problem.path == session.videos[0].path
    assert session.code in problem.message


def test_changed_video_size_and_content(demo_copy: Path) -> None:
    project = Project.open(demo_copy)
    first, second = project.sessions[:2]
    with open(project.video_path(first.code), "ab") as handle:
        handle.write(b"\0")
    problem = _one(_problems(demo_copy), "changed size")
    assert problem.path == first.videos[0].path
    # Same size, other content: found only when hashing.
    video = project.video_path(second.code)
    raw = bytearray(video.read_bytes())
    raw[-1] ^= 0xFF
    video.write_bytes(bytes(raw))
    assert not [p for p in _problems(demo_copy) if "changed content" in p.message]
    problem = _one(_problems(demo_copy, verify_hashes=True), "changed content")
    assert problem.path == second.videos[0].path


def test_annotation_in_the_wrong_folder(demo_copy: Path) -> None:
    project = Project.open(demo_copy)
    a, b = project.sessions[:2]
    # ana's file of session a, put where ben's file of session b belongs.
    shutil.copyfile(project.annotation_path("ana", a.code), project.annotation_path("ben", b.code))
    problem = _one(_problems(demo_copy), "belongs to coder 'ana'")
    assert problem.path == f"annotations/ben/{b.code}.json"


def test_annotation_of_unknown_session(demo_copy: Path) -> None:
    project = Project.open(demo_copy)
    code = project.sessions[0].code
    data = json.loads(project.annotation_path("ana", code).read_text())
    data["session"] = "S-GHOST"
    (demo_copy / "annotations" / "ana" / "S-GHOST.json").write_text(json.dumps(data))
    problem = _one(_problems(demo_copy), "not in the project")
    assert problem.path == "annotations/ana/S-GHOST.json"


def test_annotations_of_an_unknown_coder_and_damaged_files(demo_copy: Path) -> None:
    project = Project.open(demo_copy)
    code = project.sessions[0].code
    (demo_copy / "annotations" / "zoe").mkdir()
    problem = _one(_problems(demo_copy), "who is not in the project")
    assert problem.severity is Severity.WARNING
    project.annotation_path("ben", code).write_bytes(b'{"format": "coder-annotations", "form')
    problem = _one(_problems(demo_copy), "corrupt")
    assert problem.path == f"annotations/ben/{code}.json"
    assert "backup" in problem.message


def test_tampered_scheme_copy(demo_copy: Path) -> None:
    project = Project.open(demo_copy)
    entry = next(e for e in project.data.schemes if e.id == "ssp")
    copy = demo_copy / entry.file
    copy.write_text(copy.read_text().replace("Avoidant", "Avoident"))
    problems = _problems(demo_copy)
    scheme_problem = _one(
        [p for p in problems if p.path == entry.file], "changed after it was added"
    )
    assert scheme_problem.severity is Severity.ERROR
    # The SSP sessions' annotations cannot be checked against it either, and say so.
    ssp_sessions = [s.code for s in project.sessions if s.scheme == "ssp"]
    flagged = {p.path for p in problems if p.path.startswith("annotations/")}
    assert flagged == {f"annotations/{c}/{s}.json" for c in ("ana", "ben") for s in ssp_sessions}


def test_annotation_problems_are_reported_per_file(demo_copy: Path) -> None:
    project = Project.open(demo_copy)
    session = next(s for s in project.sessions if s.scheme == "demo_interaction")
    path = project.annotation_path("ana", session.code)
    data = json.loads(path.read_text())
    data["events"].append({"id": "zz", "code": "no_such_code", "start_ms": 0})
    path.write_text(json.dumps(data))
    problem = _one(_problems(demo_copy), "not in scheme")
    assert problem.path == f"annotations/ana/{session.code}.json"
    assert "no_such_code" in str(problem)


def test_key_row_for_unknown_session_and_broken_key(demo_copy: Path) -> None:
    key = demo_copy / "key.csv"
    key.write_text(key.read_text() + "S-GHOST,P999,PIP,t0\n")
    problem = _one(_problems(demo_copy), "unknown session 'S-GHOST'")
    assert (problem.path, problem.severity) == ("key.csv", Severity.WARNING)
    key.write_text("participant,arm\nP1,PIP\n")
    assert _one(_problems(demo_copy), "no 'session' column").path == "key.csv"


@pytest.mark.parametrize("field", ["coder", "session"])
def test_assignment_to_unknown_coder_or_session(demo_copy: Path, field: str) -> None:
    value = {"coder": "zoe", "session": "S-GHOST"}[field]
    content = json.loads((demo_copy / "project.json").read_text())  # edited by hand
    content["assignments"][0][field] = value
    (demo_copy / "project.json").write_text(json.dumps(content))
    problem = _one(_problems(demo_copy), f"unknown {field}")
    assert problem.path == "project.json"


def test_formula_like_key_values_and_shared_videos_are_warnings(demo_copy: Path) -> None:
    project = Project.open(demo_copy)
    rows = project.key()
    rows[0]["participant"] = "=HYPERLINK(1)"
    write_key(project.key_path, rows)
    first, second = project.data.sessions[:2]
    content = json.loads((demo_copy / "project.json").read_text())  # edited by hand
    content["sessions"][1]["videos"][0] = content["sessions"][0]["videos"][0]
    (demo_copy / "project.json").write_text(json.dumps(content))
    found = project_problems(Project.open(demo_copy))
    warnings = {p.message for p in found if p.severity is Severity.WARNING}
    assert (
        "column 'participant': '=HYPERLINK(1)' begins with =, +, - or @: kept exactly in CSV "
        "exports (a spreadsheet program opening them may take it for a formula; open the XLSX "
        "export instead)"
    ) in warnings
    assert f"sessions {first.code} and {second.code} have the same video" in warnings
