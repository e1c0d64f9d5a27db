"""Packages carry regions and the lead's suggestions for their coder: never on a reliability
session the lead has not allowed, and with nothing in them that unblinds."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from coder.annotations.model import new_id
from coder.assist import Provenance, Suggestion, SuggestionQueue, load_suggestions
from coder.assist.motion import Region
from coder.assist.regions import load_regions, save_regions
from coder.assist.store import allow_suggestions, save_run, suggestions_path
from coder.cli import main
from coder.errors import WorkflowError
from coder.project import Project
from coder.project.assist_files import suggestions_allowed
from coder.project.package import build_package
from coder.project.package_assist import WITHHELD, scrubber
from coder.project.package_manifest import read_package_file
from coder.storage.atomic import atomic_write_json

from .test_package import SECOND, SECRETS_BINARY, SECRETS_TEXT

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")

TOOL = Provenance(
    tool="test-tool",
    version="0.1",
    # A lab's plug-in may record a model file by its path, or a note naming a participant.
    parameters={"threshold": 0.5, "model": "/home/lead/P101_PIP/model.onnx",
                "note": f"checked with {SECOND}", "codes": {"mother": "infant_vocal"}},
)
MOTHER = Region(name="mother", x=0.0, y=0.0, w=0.5, h=1.0)


def suggestions(n: int, start_ms: int = 1000) -> list[Suggestion]:
    return [
        Suggestion(id=new_id(), code="infant_vocal", start_ms=start_ms + 700 * i, end_ms=None,
                   confidence=0.8, provenance=TOOL)
        for i in range(n)
    ]


def sessions(study: Project) -> tuple[str, str]:
    """A session of ``ana``'s coded with the free-play scheme outside the reliability sample,
    and one inside it."""
    sampled = {a.session for a in study.data.assignments if a.role == "reliability"}
    free = [s.code for s in study.sessions if s.scheme == "demo_interaction"]
    solo = next(c for c in free if c not in sampled)
    return solo, sorted(sampled)[0]


def prepare(study: Project) -> tuple[str, str]:
    """Regions drawn by the second coder on both sessions, suggestions for ana on the solo
    session, and a suggestions file on the sampled one (made before the sample was drawn)."""
    solo, sampled = sessions(study)
    for code in (solo, sampled):
        save_regions(study, code, [MOTHER], by=SECOND)
    save_run(study, "ana", solo, TOOL, suggestions(3))
    atomic_write_json(
        suggestions_path(study, "ana", sampled),
        json.loads(suggestions_path(study, "ana", solo).read_text("utf-8")) | {"session": sampled},
    )
    return solo, sampled


def test_package_carries_regions_and_allowed_suggestions_only(
    study: Project, tmp_path: Path
) -> None:
    solo, sampled = prepare(study)
    out = tmp_path / "pkg"
    build_package(study, "ana", out)
    assert (out / "regions" / f"{solo}.json").is_file()
    assert (out / "regions" / f"{sampled}.json").is_file()  # regions say nothing of the sample
    assert (out / "suggestions" / "ana" / f"{solo}.json").is_file()
    assert not (out / "suggestions" / "ana" / f"{sampled}.json").exists()
    listed = read_package_file(out).suggestions_on
    assert solo in listed and sampled not in listed
    package = Project.open(out)
    assert load_regions(package, solo) == (MOTHER,)
    assert len(load_suggestions(package, "ana", solo)) == 3
    assert load_suggestions(package, "ana", sampled) == []
    # The same rule in the package: the coder cannot make suggestions on the sampled session.
    assert suggestions_allowed(package, solo) and not suggestions_allowed(package, sampled)
    with pytest.raises(WorkflowError):
        save_run(package, "ana", sampled, TOOL, suggestions(1))


def test_allowed_sample_session_gets_its_suggestions(study: Project, tmp_path: Path) -> None:
    _solo, sampled = prepare(study)
    allow_suggestions(study, sampled, by="lead", reason="tool validation")
    build_package(study, "ana", tmp_path / "pkg")
    assert (tmp_path / "pkg" / "suggestions" / "ana" / f"{sampled}.json").is_file()
    assert sampled in read_package_file(tmp_path / "pkg").suggestions_on


def test_regions_and_suggestions_in_the_package_unblind_nothing(
    study: Project, tmp_path: Path
) -> None:
    solo, _sampled = prepare(study)
    out = tmp_path / "pkg"
    build_package(study, "ana", out)
    package = Project.open(out)
    queue = SuggestionQueue(package, package.open_annotations("ana", solo))
    first = queue.next_pending()
    assert first is not None
    queue.accept(first)
    queue.store.close()
    # A second package carries the decision log too.
    again = tmp_path / "pkg2"
    build_package(study, "ana", again)  # the first package's decisions are not collected yet
    assisted = [
        p for folder in (out, again) for sub in ("regions", "suggestions")
        for p in (folder / sub).rglob("*") if p.is_file()
    ]
    assert len(assisted) >= 4
    files = [p for folder in (out, again) for p in folder.rglob("*") if p.is_file()]
    for path in files:
        data = path.read_bytes()
        text_file = path.suffix in (".json", ".jsonl", ".yaml")
        for secret in SECRETS_TEXT if text_file else SECRETS_BINARY:
            assert secret.encode() not in data, f"{secret!r} found in {path}"
        if text_file:
            assert not re.search(rb"\bt[0-2]\b", data), path
            assert b"/home/" not in data, path
    made = json.loads((out / "suggestions" / "ana" / f"{solo}.json").read_text("utf-8"))
    parameters = made["runs"][0]["parameters"]
    assert parameters["model"] == WITHHELD and parameters["note"] == WITHHELD
    assert parameters["threshold"] == 0.5 and parameters["codes"] == {"mother": "infant_vocal"}
    region_file = json.loads((out / "regions" / f"{solo}.json").read_text("utf-8"))
    assert region_file["updated_by"] == ""


def test_decisions_of_the_coder_go_with_the_next_package(study: Project, tmp_path: Path) -> None:
    solo, _sampled = prepare(study)
    queue = SuggestionQueue(study, study.open_annotations("ana", solo))
    first = queue.next_pending()
    assert first is not None
    queue.reject(first)
    queue.store.close()
    out = tmp_path / "pkg"
    build_package(study, "ana", out)
    package = Project.open(out)
    states = SuggestionQueue(package, package.open_annotations("ana", solo)).states()
    assert [s.decision.value for s in states].count("rejected") == 1


def test_parameters_a_coder_may_not_read_are_withheld(study: Project) -> None:
    scrub = scrubber(study, "ana")
    assert scrub({"model": "C:\\data\\x.onnx", "other": "models/x.onnx"}) == {
        "model": WITHHELD, "other": WITHHELD
    }
    assert scrub(["P101 checked", f"by {SECOND}", "infant_vocal", 0.5]) == [
        WITHHELD, WITHHELD, "infant_vocal", 0.5
    ]
    assert scrub({SECOND: 1, "mother": "reliability"}) == {"mother": WITHHELD}


def test_a_package_of_the_first_format_takes_no_suggestions(study: Project, tmp_path: Path) -> None:
    solo, _sampled = prepare(study)
    out = tmp_path / "pkg"
    build_package(study, "ana", out)
    data = json.loads((out / "package.json").read_text("utf-8"))
    del data["suggestions_on"]
    atomic_write_json(out / "package.json", data | {"format_version": 1})
    assert read_package_file(out).suggestions_on == []
    assert load_suggestions(Project.open(out), "ana", solo) == []


def test_in_the_package_nothing_says_why_a_session_takes_no_suggestions(
    study: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    solo, sampled = prepare(study)
    out = tmp_path / "pkg"
    build_package(study, "ana", out)
    package = Project.open(out)
    with pytest.raises(WorkflowError) as caught:
        save_run(package, "ana", sampled, TOOL, suggestions(1))
    assert "sample" not in str(caught.value) and "reliab" not in str(caught.value)
    with pytest.raises(WorkflowError, match="not in a coder package"):
        allow_suggestions(package, sampled, by="ana", reason="I want them")
    capsys.readouterr()
    argv = ["suggest", str(out), solo, sampled, "--motion", "--motion-code", "mother=infant_vocal"]
    assert main([*argv, "--json", "-"]) == 0
    printed = capsys.readouterr().out
    assert json.loads(printed)["skipped"] == [sampled]
    assert main(argv) == 0
    printed += capsys.readouterr().out
    assert "sample" not in printed and "reliab" not in printed
    assert load_suggestions(Project.open(out), "ana", sampled) == []
