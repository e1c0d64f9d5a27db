"""The same check of a record at every door: bad values are refused where they enter (collect,
open) and left out with a warning where they are used (export, reliability, consensus), always
with a message naming file, field and value, never as data and never with a traceback."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from coder.annotations.model import Rating, SessionStatus
from coder.cli import main
from coder.errors import AnnotationError
from coder.project import Project
from coder.project.package import build_package
from coder.project.record_check import check_record, read_checked, record_status

Planter = Callable[[dict[str, Any]], None]


def _first_state(data: dict[str, Any]) -> dict[str, Any]:
    return next(e for e in data["events"] if e.get("end_ms") is not None)


def _rating(value: float) -> Planter:
    def plant(data: dict[str, Any]) -> None:
        data["ratings"][0]["value"] = value

    return plant


def _end(value: int | Callable[[int], int]) -> Planter:
    def plant(data: dict[str, Any]) -> None:
        event = _first_state(data)
        event["end_ms"] = value(event["start_ms"]) if callable(value) else value

    return plant


def _other_session(data: dict[str, Any]) -> None:
    data["session"] = "S-ZZZZZ"


# (planter, field the message must name, value it must show)
BAD = {
    "rating-99": (_rating(99), "ratings[0].value", "99"),
    "rating-nan": (_rating(float("nan")), "ratings[0].value", "nan"),
    "end-before-start": (_end(lambda start: start - 1), "end_ms", "-1"),
    "end-1e30": (_end(10**30), "end_ms", "1000000000000000000000000000000"),
    "header-other-session": (_other_session, "session", "S-ZZZZZ"),
}


def _plant(path: Path, planter: Planter) -> bytes:
    original = path.read_bytes()
    data = json.loads(original)
    planter(data)
    path.write_text(json.dumps(data))  # NaN is written as the bare token a tampered file holds
    return original


def _session_with_ratings(project: Project, coder: str) -> str:
    for entry in project.sessions:
        loaded = project.load_annotations(coder, entry.code)
        if loaded is not None and loaded.ratings and any(e.end_ms for e in loaded.events):
            return entry.code
    raise AssertionError("no session with ratings and states")


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, err


@pytest.fixture(scope="module")
def demo_project(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the demo for the export and reliability doors (each test restores its file)."""
    root = tmp_path_factory.mktemp("doors") / "demo"
    shutil.copytree(demo_template, root)
    return root


@pytest.fixture(scope="module")
def packaged(study_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """A copy of the study and ana's package of it (collect refuses, so both stay reusable)."""
    base = tmp_path_factory.mktemp("collect")
    shutil.copytree(study_master, base / "study")
    build_package(Project.open(base / "study"), "ana", base / "pkg")
    yield base / "study", base / "pkg"


@pytest.mark.parametrize("door", ["export", "reliability"])
@pytest.mark.parametrize("bad", list(BAD))
def test_bad_values_are_left_out_of_export_and_reliability_with_a_message(
    demo_project: Path, capsys: pytest.CaptureFixture[str], bad: str, door: str
) -> None:
    planter, field, value = BAD[bad]
    project = Project.open(demo_project)
    session = _session_with_ratings(project, "ana")
    path = project.annotation_path("ana", session)
    original = _plant(path, planter)
    try:
        if door == "export":
            status, err = _run(capsys, "export", demo_project, "--spec", "demo_long",
                               "--format", "csv", "--raw")
        else:
            status, err = _run(capsys, "reliability", demo_project, "--bootstrap", "0")
    finally:
        path.write_bytes(original)
    assert status == 2, err
    line = next(line for line in err.splitlines() if f"annotations/ana/{session}.json" in line)
    assert field in line and value in line, line
    assert "invalid value(s) were left out" in err


def test_an_exported_dataset_never_holds_the_invalid_value(
    demo_project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    project = Project.open(demo_project)
    session = _session_with_ratings(project, "ana")
    path = project.annotation_path("ana", session)
    original = _plant(path, _rating(99))
    try:
        status, _err = _run(capsys, "export", demo_project, "--spec", "demo_long", "--format",
                            "csv", "--raw", "--out", tmp_path / "out")
    finally:
        path.write_bytes(original)
    assert status == 2
    for table in (tmp_path / "out").glob("*.csv"):
        for row in table.read_text().splitlines()[1:]:
            assert ",99," not in row and not row.endswith(",99"), (table.name, row)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert any("ratings[0].value = 99" in v
               for v in manifest["parameters"]["invalid_values_left_out"])


@pytest.mark.parametrize("bad", list(BAD))
def test_bad_values_are_refused_at_collect(
    packaged: tuple[Path, Path], capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    planter, field, value = BAD[bad]
    study, package = packaged
    project = Project.open(study)
    session = _session_with_ratings(project, "ana")
    path = package / "annotations" / "ana" / f"{session}.json"
    before = project.annotation_path("ana", session).read_bytes()
    original = _plant(path, planter)
    try:
        status, err = _run(capsys, "collect", study, package)
    finally:
        path.write_bytes(original)
    assert status == 2, err
    assert str(path) in err and field in err and value in err, err
    assert "refused" in err
    assert project.annotation_path("ana", session).read_bytes() == before


def test_a_huge_key_field_is_a_message_not_a_traceback(
    demo_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = demo_project / "key.csv"
    original = key.read_bytes()
    lines = original.decode().splitlines()
    lines[1] = lines[1] + "," + "x" * 10_000_000
    key.write_text(lines[0] + ",note\n" + "\n".join(lines[1:]) + "\n")
    try:
        for argv in (["export", demo_project, "--spec", "demo_long"], ["validate", demo_project]):
            status, err = _run(capsys, *argv)
            assert status != 0
            assert str(key) in err and "line 2" in err and "field limit" in err, err
    finally:
        key.write_bytes(original)


def test_open_refuses_a_file_with_an_invalid_value(demo_path: Path) -> None:
    project = Project.open(demo_path)
    session = _session_with_ratings(project, "ana")
    path = project.annotation_path("ana", session)
    before = _plant(path, _rating(99))
    planted = path.read_bytes()
    with pytest.raises(AnnotationError) as caught:
        project.open_annotations("ana", session)
    text = str(caught.value)
    assert str(path) in text and "ratings[0].value = 99" in text and "outside 1–7" in text
    assert path.read_bytes() == planted != before


def test_consensus_leaves_invalid_values_out_and_says_so(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = Project.open(demo_path)
    session = _session_with_ratings(project, "ana")
    _plant(project.annotation_path("ana", session), _rating(99))
    status, err = _run(capsys, "consensus", demo_path, session, "--coders", "ana,ben", "--list")
    assert status == 2
    assert f"annotations/ana/{session}.json: ratings[0].value = 99" in err


def test_check_record_keeps_the_valid_part(demo_path: Path) -> None:
    project = Project.open(demo_path)
    session = _session_with_ratings(project, "ana")
    loaded = project.load_annotations("ana", session)
    assert loaded is not None
    bad = replace(loaded, ratings=(Rating(loaded.ratings[0].item, loaded.ratings[0].segment, 99.0),
                                   *loaded.ratings[1:]))
    checked = project.check_annotations(bad, "ana", session, path=Path("x.json"))
    assert checked.annotations is not None
    assert checked.annotations.ratings == loaded.ratings[1:]
    assert checked.annotations.events == loaded.events
    (value,) = checked.invalid
    assert (str(value.path), value.field, value.value) == ("x.json", "ratings[0].value", "99.0")
    assert project.check_annotations(loaded, "ana", session, path=Path("x.json")).invalid == ()


def test_check_record_refuses_a_record_of_another_coder(demo_path: Path) -> None:
    project = Project.open(demo_path)
    session = _session_with_ratings(project, "ana")
    loaded = project.load_annotations("ana", session)
    assert loaded is not None
    scheme = project.scheme_for(session)
    checked = check_record(loaded, path=Path("f.json"), coder="ben", session=session,
                           scheme=scheme, duration_ms=None)
    assert checked.annotations is None
    assert [v.field for v in checked.invalid] == ["coder"]
    with pytest.raises(AnnotationError, match=r"coder = 'ana': not the coder of this file"):
        checked.refuse()


def test_a_listing_reads_a_damaged_record_as_one_that_cannot_be_read(demo_path: Path) -> None:
    project = Project.open(demo_path)
    session = _session_with_ratings(project, "ana")
    assert read_checked(project, "ana", session).problem() is None  # type: ignore[union-attr]
    assert read_checked(project, "cleo", session) is None  # no record: nothing to say
    path = project.annotation_path("ana", session)
    path.write_text('{"format": "coder-annotations", "events": [')  # cut off mid-write
    checked = read_checked(project, "ana", session)
    assert checked is not None and checked.annotations is None
    problem = checked.problem()
    assert problem is not None and problem.path == Path(f"annotations/ana/{session}.json")
    assert problem.message.startswith("cannot be read: ")
    assert problem.hint is not None and problem.hint.startswith("restore the file from its backup")
    assert record_status(checked) is SessionStatus.IN_PROGRESS  # a damaged file is work begun
    assert record_status(None) is SessionStatus.NOT_STARTED
