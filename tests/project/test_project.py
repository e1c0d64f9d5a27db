"""The project folder: create, open, schemes, sessions, coders, assignments, annotations."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from coder.annotations import AddEvent, Event
from coder.errors import CoderError, ProjectError, SchemeError, StorageError
from coder.project import Project, read_audit
from coder.project import project as project_module
from coder.project.model import SESSION_CODE_PATTERN
from coder.shipped import shipped_schemes_dir
from coder.storage import load_annotations

SCHEMES = shipped_schemes_dir()


@pytest.fixture(autouse=True)
def _no_probe(monkeypatch: pytest.MonkeyPatch) -> None:
    # The fake videos here are not real media; skip probing their duration.
    monkeypatch.setenv("CODER_SKIP_PROBE", "1")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.create(tmp_path / "study", name="Study", schemes=[SCHEMES / "ssp.yaml"])


def _videos(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, name in enumerate(names):
        path = folder / name
        path.write_bytes(f"video {i} {name} ".encode() * (i + 3))
        paths.append(path)
    return paths


def test_create_makes_the_folder_layout(project: Project) -> None:
    root = project.root
    assert sorted(p.name for p in root.iterdir()) == [
        ".gitignore",
        "annotations",
        "audit.jsonl",
        "consensus",
        "exports",
        "project.json",
        "schemes",
    ]
    data = json.loads((root / "project.json").read_text())
    assert (data["format"], data["format_version"], data["name"]) == ("coder-project", 1, "Study")
    (entry,) = project.data.schemes
    copy = root / entry.file
    assert copy.read_bytes() == (SCHEMES / "ssp.yaml").read_bytes()
    assert entry.sha256 == hashlib.sha256(copy.read_bytes()).hexdigest()
    assert [e["action"] for e in read_audit(project.audit_path)] == ["project_created"]


def test_create_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "thesis.docx").write_text("precious")
    with pytest.raises(ProjectError, match="not empty"):
        Project.create(tmp_path / "full")
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["thesis.docx"]


def test_create_refuses_a_file_or_an_unwritable_place(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    with pytest.raises(ProjectError, match="is a file"):
        Project.create(tmp_path / "afile")
    with pytest.raises(ProjectError, match="cannot create the folder"):
        Project.create(tmp_path / "afile" / "inside")


def test_create_with_a_bad_scheme_creates_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n")
    with pytest.raises(SchemeError):
        Project.create(tmp_path / "new", schemes=[bad])
    assert not (tmp_path / "new").exists()


def test_open_by_folder_or_project_file(project: Project) -> None:
    for path in (project.root, project.root / "project.json", str(project.root)):
        opened = Project.open(path)
        assert opened.root == project.root
        assert opened.data == project.data


@pytest.mark.parametrize(
    ("setup", "error", "needle"),
    [
        (lambda root: None, ProjectError, "no such project folder"),
        (lambda root: root.write_text("notes"), ProjectError, "is a file, not a project folder"),
        (lambda root: root.mkdir(), ProjectError, "no project.json"),
        (lambda root: _file(root, b'{"format": "coder-project", "for'), StorageError, "corrupt"),
        (lambda root: _file(root, b""), StorageError, "empty"),
        (lambda root: _file(root, b'{"format": "coder-annotations", "format_version": 1}'), StorageError, "'coder-annotations' file"),
        (lambda root: _file(root, b'{"format": "coder-project", "format_version": 7, "name": "x"}'), StorageError, "newer Coder"),
        (lambda root: _file(root, b'{"format": "coder-project", "format_version": 1}'), ProjectError, "name"),
        (lambda root: _file(root, b'{"format": "coder-project", "format_version": 1, "name": "x", "sessions": [{"code": "lower", "scheme": "s"}]}'), ProjectError, "sessions.0.code"),
    ],
)  # fmt: skip
def test_open_errors_are_clear(
    tmp_path: Path, setup: object, error: type[CoderError], needle: str
) -> None:
    root = tmp_path / "p"
    setup(root)  # type: ignore[operator]
    before = (root / "project.json").read_bytes() if (root / "project.json").exists() else None
    with pytest.raises(error, match=re.escape(needle)) as caught:
        Project.open(root)
    assert str(root) in str(caught.value)
    if before is not None:
        assert (root / "project.json").read_bytes() == before


def _file(root: Path, content: bytes) -> None:
    root.mkdir()
    (root / "project.json").write_bytes(content)


def test_tampered_scheme_copy_is_refused(project: Project) -> None:
    copy = project.root / project.data.schemes[0].file
    copy.write_text(copy.read_text() + "\n# edited by hand\n")
    with pytest.raises(ProjectError, match="changed after it was added") as caught:
        Project.open(project.root).scheme("ssp")
    assert str(copy) in str(caught.value)


def test_scheme_copy_is_the_validated_bytes(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "eas.yaml"
    source.write_bytes((SCHEMES / "eas.yaml").read_bytes())
    real_load = project_module.load_scheme

    def load_then_change(path: Path) -> object:
        scheme = real_load(path)
        source.write_text(source.read_text() + "\n# changed meanwhile\n")
        return scheme

    monkeypatch.setattr(project_module, "load_scheme", load_then_change)
    with pytest.raises(ProjectError, match="changed while it was being added"):
        project.add_scheme(source)
    assert not (project.root / "schemes" / "eas-1.0.yaml").exists()


def test_same_scheme_version_with_other_content_is_refused(
    project: Project, tmp_path: Path
) -> None:
    changed = tmp_path / "ssp.yaml"
    changed.write_text((SCHEMES / "ssp.yaml").read_text() + "\n# changed\n")
    with pytest.raises(ProjectError, match="new version"):
        project.add_scheme(changed)
    project.add_scheme(SCHEMES / "ssp.yaml")  # the same file again is fine
    assert len(project.data.schemes) == 1
    project.add_scheme(SCHEMES / "eas.yaml")
    assert Project.open(project.root).scheme("eas").id == "eas"
    with pytest.raises(ProjectError, match="not in the project"):
        project.scheme("cib")


def test_add_sessions_records_codes_sizes_hashes_and_key(project: Project, tmp_path: Path) -> None:
    names = ["P101_PIP_t0.mp4", "P102_TAU_t0.mp4", "P103_PIP_t1.mp4"]
    videos = _videos(tmp_path / "incoming", names)
    key_rows = {
        name: {"participant": name[:4], "arm": name[5:8], "timepoint": name[9:11]} for name in names
    }
    added = project.add_sessions(videos, scheme="ssp", key_rows=key_rows)
    codes = [s.code for s in added]
    assert len(set(codes)) == 3
    for entry, video in zip(added, videos, strict=True):
        assert re.match(SESSION_CODE_PATTERN, entry.code)
        assert video.stem[:4] not in entry.code and video.stem.upper() not in entry.code
        (stored,) = entry.videos
        assert stored.size == video.stat().st_size
        assert stored.sha256 == hashlib.sha256(video.read_bytes()).hexdigest()
        assert project.video_path(entry.code) == video.resolve()
    key = {row["session"]: row for row in project.key()}
    assert set(key) == set(codes)
    assert key[codes[1]] == {
        "session": codes[1],
        "participant": "P102",
        "arm": "TAU",
        "timepoint": "t0",
    }
    more = project.add_sessions(_videos(tmp_path / "later", ["x.mp4"]), key_rows={"x.mp4": {}})
    assert len(project.key()) == 4 and more[0].code not in codes
    reopened = Project.open(project.root)
    assert [s.code for s in reopened.sessions] == [*codes, more[0].code]
    audit = read_audit(project.audit_path)
    assert audit[-1]["action"] == "sessions_added"


def test_videos_inside_the_project_are_stored_relative(project: Project) -> None:
    (video,) = _videos(project.root / "videos", ["a.mp4"])
    (entry,) = project.add_sessions([video])
    assert entry.videos[0].path == "videos/a.mp4"
    assert entry.scheme == "ssp"


def test_add_sessions_errors(project: Project, tmp_path: Path) -> None:
    (video,) = _videos(tmp_path / "in", ["a.mp4"])
    with pytest.raises(ProjectError, match="no such video"):
        project.add_sessions([tmp_path / "missing.mp4"])
    with pytest.raises(ProjectError, match=r"no row for video 'a\.mp4'"):
        project.add_sessions([video], key_rows={"b.mp4": {}})
    with pytest.raises(ProjectError, match="not in the project"):
        project.add_sessions([video], scheme="cib")
    empty = Project.create(tmp_path / "empty")
    with pytest.raises(ProjectError, match="no scheme"):
        empty.add_sessions([video])
    assert Project.open(project.root).sessions == []
    assert not project.key_path.exists()


def test_a_file_that_is_not_a_video_is_refused_and_nothing_is_added(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CODER_SKIP_PROBE")
    (text,) = _videos(tmp_path / "in", ["notes.mp4"])
    with pytest.raises(ProjectError, match=r"notes\.mp4: cannot add it as a session"):
        project.add_sessions([text])
    assert Project.open(project.root).sessions == []


def test_add_coder_and_assign(project: Project, tmp_path: Path) -> None:
    sessions = project.add_sessions(_videos(tmp_path / "in", ["a.mp4", "b.mp4"]))
    codes = [s.code for s in sessions]
    project.add_coder("ana", "Ana")
    for bad in ("Ana", "", "a b", "../x", "x" * 40):
        with pytest.raises(ProjectError, match="not a valid coder id"):
            project.add_coder(bad)
    with pytest.raises(ProjectError, match="already exists"):
        project.add_coder("ana")
    made = project.assign("ana", codes, role="reliability")
    assert [(a.session, a.role) for a in made] == [
        (codes[0], "reliability"),
        (codes[1], "reliability"),
    ]
    assert project.assign("ana", codes) == []  # already assigned
    with pytest.raises(ProjectError, match="not an assignment role"):
        project.assign("ana", codes, role="lead")
    with pytest.raises(ProjectError, match="no coder"):
        project.assign("ben", codes)
    with pytest.raises(ProjectError, match="no session"):
        project.assign("ana", ["S-NOPE9"])
    reopened = Project.open(project.root)
    assert [c.id for c in reopened.coders] == ["ana"]
    assert len(reopened.assignments_of("ana")) == 2
    actions = [e["action"] for e in read_audit(project.audit_path)]
    assert actions.count("assigned") == 1 and "coder_added" in actions


def test_open_annotations_round_trip_and_coders_of(project: Project, tmp_path: Path) -> None:
    (entry,) = project.add_sessions(_videos(tmp_path / "in", ["a.mp4"]))
    project.add_coder("ana")
    assert project.coders_of(entry.code) == []
    assert project.load_annotations("ana", entry.code) is None
    store = project.open_annotations("ana", entry.code)
    store.execute(AddEvent(Event.make("mother_enters", 1200, id="e1")))
    path = project.annotation_path("ana", entry.code)
    assert path == project.root / "annotations" / "ana" / f"{entry.code}.json"
    loaded = project.load_annotations("ana", entry.code)
    assert loaded == load_annotations(path) == store.document.snapshot()
    header = loaded.header  # type: ignore[union-attr]
    scheme = project.scheme("ssp")
    assert (header.scheme_id, header.scheme_version, header.scheme_sha256) == (
        "ssp",
        scheme.version,
        scheme.sha256,
    )
    assert header.video_sha256 == entry.videos[0].sha256
    assert project.coders_of(entry.code) == ["ana"]
    for bad in ("../ana", "../../outside", "Ana"):
        with pytest.raises(ProjectError, match="not a valid coder id"):
            project.open_annotations(bad, entry.code)
    assert not (project.root / "outside").exists()
    read_only = project.open_annotations("ana", entry.code, read_only=True)
    assert read_only.document.snapshot() == loaded


def test_demo_project_basics(demo_root: Path) -> None:
    project = Project.open(demo_root)
    assert len(project.sessions) == 6
    for session in project.sessions:
        assert project.coders_of(session.code) == ["ana", "ben"]
        assert project.scheme_for(session.code).id in {"demo_interaction", "ssp"}


def test_project_file_keeps_a_backup_and_caches_are_ignored(project: Project) -> None:
    before = project.file.read_bytes()
    project.add_coder("ana")
    backup = project.root / ".backup" / "project.json.1"
    assert backup.read_bytes() == before
    assert (project.root / ".gitignore").read_text() == "cache/\n"
