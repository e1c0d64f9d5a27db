"""SIGKILL campaign: every project-changing command killed at its kill points, 100+ times each.

After each kill the project opens (finishing or rolling back the interrupted change), `coder
validate` finds no error (the audit chain included), a rerun completes, and a seeded draw gives
the set the same seed gives without a kill.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from coder.annotations.commands import AddEvent
from coder.annotations.model import Event, new_id
from coder.annotations.validation import Severity
from coder.assist import Provenance, Suggestion, SuggestionQueue
from coder.assist.motion import Region
from coder.assist.regions import RegionEditor, load_regions, save_regions
from coder.assist.store import read_decisions, save_run
from coder.demo import create_demo
from coder.project import Project, read_audit
from coder.project import project as project_module
from coder.project.change import PENDING_DIR
from coder.project.package import build_package
from coder.project.validation import project_problems
from coder.scheme.model import Scheme
from coder.shipped import shipped_schemes_dir

from .kill_harness import cpu_seconds, kill_schedule, run_cli

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg"),
]

KILLS = 100
TOOL = Provenance(tool="test-tool", version="0.1", parameters={"threshold": 0.5})


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project: four sessions (two arms), three coders, primaries for three sessions,
    two coders' files on one session, regions and suggestions on ana's and ben's sessions, a
    package issued to ana and coded in (a region drawn, a suggestion accepted and one rejected),
    ELAN and BORIS files."""
    base = tmp_path_factory.mktemp("kill")
    demo = create_demo(base / "demo", seconds=2, seed=3)
    root = base / "project"
    project = Project.create(root, schemes=[shipped_schemes_dir() / "demo_interaction.yaml"])
    videos = sorted((demo.root / "videos").glob("*.mp4"))[:4]
    rows = {v.name: {"participant": f"P{i}", "arm": "AB"[i % 2], "timepoint": "t0"}
            for i, v in enumerate(videos)}
    codes = [s.code for s in project.add_sessions(videos, key_rows=rows)]
    for coder in ("ana", "ben", "cal"):
        project.add_coder(coder)
    project.assign("ana", codes[:2])
    project.assign("ben", codes[2:3])
    for coder, at_ms in (("ana", 500), ("ben", 900)):
        _code(project, coder, codes[0], Event.make("infant_vocal", at_ms))
    for code, coder in ((codes[1], "ana"), (codes[2], "ben")):
        save_regions(project, code, [Region(name="mother", x=0, y=0, w=0.5, h=1)], by="lead")
        save_run(project, coder, code, TOOL, [
            Suggestion(id=new_id(), code="infant_vocal", start_ms=at_ms, end_ms=None,
                       confidence=0.7, provenance=TOOL)
            for at_ms in (300, 600, 900)
        ])
    build_package(project, "ana", base / "package")
    packaged = Project.open(base / "package")
    RegionEditor.open(packaged, codes[1], by="ana").add(
        Region(name="infant", x=0.5, y=0, w=0.5, h=1)
    )
    queue = SuggestionQueue(packaged, packaged.open_annotations("ana", codes[1]))
    for decide in (queue.accept, queue.reject):
        suggestion = queue.next_pending()
        assert suggestion is not None
        decide(suggestion)
    queue.store.close()
    _code(packaged, "ana", codes[1], Event.make("infant_vocal", 700))
    _code(packaged, "ana", codes[0], Event.make("mother_vocal", 1200))
    from coder.cli import main

    assert main(["export-elan", str(root), codes[0], "--coder", "ana", "--out", str(base / "s.eaf")]) == 0
    assert main(["export-boris", str(root), codes[0], "--coder", "ana", "--out", str(base / "s.boris")]) == 0
    return root


def _code(project: Project, coder: str, session: str, event: Event) -> None:
    store = project.open_annotations(coder, session)
    store.execute(AddEvent(event))
    store.close()


@dataclass(frozen=True)
class Operation:
    argv: Callable[[Path, Path], list[str]]  # (project, folder of the inputs) -> arguments
    rerun: Callable[[Path, Path], list[str]] | None = None


def _codes(root: Path) -> list[str]:
    return [s.code for s in Project.open(root).sessions]


OPERATIONS = {
    "sample": Operation(lambda r, i: ["sample", str(r), "--fraction", "0.67", "--seed", "5"]),
    "assign": Operation(lambda r, i: ["assign", str(r), "--balanced", "--seed", "3"]),
    "package": Operation(
        lambda r, i: ["package", str(r), "--coder", "ben", "--out", str(r.parent / "out")],
        lambda r, i: ["package", str(r), "--coder", "ben", "--out", str(r.parent / "again")],
    ),
    "collect": Operation(lambda r, i: ["collect", str(r), str(i / "package")]),
    "consensus": Operation(
        lambda r, i: ["consensus", str(r), _codes(r)[0], "--accept", "ana",
                         "--coders", "ana,ben", "--reason", "clearer"],
    ),
    "import-elan": Operation(
        lambda r, i: ["import-elan", str(r), str(i / "s.eaf"), "--coder", "dee",
                         "--session", _codes(r)[3]],
        lambda r, i: ["import-elan", str(r), str(i / "s.eaf"), "--coder", "dee",
                         "--session", _codes(r)[3], "--replace"],
    ),
    "import-boris": Operation(
        lambda r, i: ["import-boris", str(r), str(i / "s.boris"), "--coder", "eve",
                         "--session", _codes(r)[3]],
        lambda r, i: ["import-boris", str(r), str(i / "s.boris"), "--coder", "eve",
                         "--session", _codes(r)[3], "--replace"],
    ),
}


def _state(root: Path) -> set[tuple[str, str, str]]:
    return {(a.session, a.coder, a.role) for a in Project.open(root).data.assignments}


def _errors(root: Path) -> list[str]:
    project = Project.open(root)
    return [str(p) for p in project_problems(project) if p.severity is Severity.ERROR]


def _fresh(template: Path, folder: Path) -> Path:
    """A copy of the project; the package, ELAN and BORIS files beside the template are only
    read, so every copy names those (its project.json holds absolute video paths, too)."""
    shutil.copytree(template, folder / "project")
    return folder / "project"


def _cache_scheme_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parse each scheme file once: every copy of the project holds the same bytes, and pure
    Python YAML would otherwise be most of the cost of each kill."""
    real = project_module.load_scheme
    parsed: dict[bytes, Scheme] = {}

    def load(path: str | Path) -> Scheme:
        data = Path(path).read_bytes()
        if data not in parsed:
            parsed[data] = real(path)
        return parsed[data]

    monkeypatch.setattr(project_module, "load_scheme", load)


def test_collect_brings_the_assisted_work(template: Path, tmp_path: Path) -> None:
    """The collect of the campaign carries a region drawn and two decisions in the package."""
    root = _fresh(template, tmp_path)
    assert run_cli(OPERATIONS["collect"].argv(root, template.parent)).status == 0
    project = Project.open(root)
    code = _codes(root)[1]
    assert [r.name for r in load_regions(project, code)] == ["mother", "infant"]
    assert [d.action for d in read_decisions(project, "ana", code)] == ["accept", "reject"]


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_kills_leave_a_valid_project_and_a_rerun_completes(
    name: str, template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("os.fsync", lambda _fd: None)  # see kill_harness.run_cli
    _cache_scheme_parsing(monkeypatch)
    inputs = template.parent  # the package, ELAN and BORIS files made with the template
    operation = OPERATIONS[name]
    reference = _fresh(template, tmp_path / "reference")
    clean = run_cli(operation.argv(reference, inputs))
    assert not clean.killed and clean.status == 0 and clean.points > 3
    expected = _state(reference)
    started, cpu = time.perf_counter(), cpu_seconds()
    outcomes = {"killed": 0, "finished": 0}
    for attempt, point in enumerate(kill_schedule(clean.points, KILLS, seed=len(name)), start=1):
        work = tmp_path / f"k{attempt}"
        root = _fresh(template, work)
        run = run_cli(operation.argv(root, inputs), kill_at=point)
        outcomes["killed" if run.killed else "finished"] += 1
        assert _errors(root) == [], f"{name} killed at point {point}"
        assert not (root / PENDING_DIR).exists()
        rerun = operation.rerun or operation.argv
        again = run_cli(rerun(root, inputs))
        assert not again.killed and again.status == 0, f"{name}: rerun after a kill at {point}"
        if name in ("sample", "assign"):
            assert _state(root) == expected, f"{name}: the seed drew another set after a kill at {point}"
        entries = read_audit(root / "audit.jsonl")
        announced = {e["op"] for e in entries if "op" in e and e["action"] not in ("completed", "rolled_back")}
        closed = {e["op"] for e in entries if e["action"] in ("completed", "rolled_back")}
        assert announced <= closed, f"{name}: an intent left open after a kill at {point}"
    elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    print(f"\n{name}: {outcomes['killed']} kills over {clean.points} kill points, "
          f"{outcomes['finished']} runs past their point, {elapsed:.1f} s ({cpu:.1f} s of CPU)")
    assert outcomes["killed"] >= KILLS
