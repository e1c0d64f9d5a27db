"""Coder packages: blind contents (every byte scanned), metadata stripped, opens as the coder."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from coder.cli import main
from coder.errors import WorkflowError
from coder.media.file_hash import sha256_file
from coder.project import Project, read_audit
from coder.project.package import build_package
from coder.project.package_manifest import package_coder, read_issue_record, read_package_file
from coder.shipped import shipped_schemes_dir as schemes_dir
from coder.storage.annotation_file import load_annotations, save_annotations

SECOND = "secondcoderbob"
SECRETS_BINARY = (
    "P101",
    "P102",
    "P101_PIP",
    "participant",
    SECOND,
    "recording-",
    "reliability",
    "demo recording",
    "Lavf",
    "creation_time",
)
SECRETS_TEXT = (*SECRETS_BINARY, "PIP", "TAU", "ben")

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")


def build_study(demo: Path, root: Path) -> Project:
    """A project whose video files are named and tagged with participant, arm and timepoint."""
    source = Project.open(demo)
    key = {r["session"]: r for r in source.key()}
    project = Project.create(
        root, schemes=[schemes_dir() / "demo_interaction.yaml", schemes_dir() / "ssp.yaml"]
    )
    project.add_coder("ana")
    project.add_coder(SECOND)
    (root / "incoming").mkdir()
    for session in source.sessions:
        row = key[session.code]
        label = f"{row['participant']}_{row['arm']}_{row['timepoint']}"
        video = root / "incoming" / f"{label}.mp4"
        subprocess.run(
            [
                "ffmpeg",
                "-v",
                "error",
                "-y",
                "-i",
                str(source.video_path(session.code)),
                "-c",
                "copy",
                "-metadata",
                f"title=participant {row['participant']} {row['arm']}",
                "-metadata",
                f"comment={label} recording-01",
                "-metadata",
                "creation_time=2024-05-06T07:08:09Z",
                "-metadata:s:v:0",
                f"handler_name={label}",
                str(video),
            ],
            check=True,
        )
        rows = {video.name: {k: v for k, v in row.items() if k != "session"}}
        (added,) = project.add_sessions(
            [video], scheme=session.scheme, key_rows=rows, codes=[session.code]
        )
        for coder, theirs in (("ana", "ana"), (SECOND, "ben")):
            annotations = source.load_annotations(theirs, session.code)
            assert annotations is not None
            header = replace(annotations.header, coder=coder, video_sha256=added.videos[0].sha256)
            save_annotations(
                project.annotation_path(coder, session.code), replace(annotations, header=header)
            )
    codes = [s.code for s in project.sessions]
    project.assign("ana", codes)
    project.assign(SECOND, codes[:2], role="reliability")
    project.assign(SECOND, codes[2:3])
    return project


def test_package_holds_nothing_that_unblinds(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    result = build_package(study, "ana", out)
    assert result.sessions == tuple(sorted(s.code for s in study.sessions))
    files = [p for p in out.rglob("*") if p.is_file()]
    assert {p.relative_to(out).parts[0] for p in files} <= {
        "package.json",
        "project.json",
        "schemes",
        "videos",
        "annotations",
    }
    for path in files:
        data = path.read_bytes()
        text_file = path.suffix in (".json", ".yaml")
        for secret in SECRETS_TEXT if text_file else SECRETS_BINARY:
            assert secret.encode() not in data, f"{secret!r} found in {path.relative_to(out)}"
        if text_file:
            assert not re.search(rb"\bt[0-2]\b", data), path
        assert not path.name.startswith("P10")
    assert not (out / "key.csv").exists()


def test_videos_are_stripped_stream_copies(study: Project, tmp_path: Path) -> None:
    build_package(study, "ana", tmp_path / "pkg")
    package = read_package_file(tmp_path / "pkg")
    for session in package.sessions:
        video = tmp_path / "pkg" / session.videos[0]
        assert video.name == f"{session.code}.mp4"
        assert sha256_file(video) == session.video_sha256[0]
        probe = json.loads(
            subprocess.run(
                [
                    "ffprobe",
                    "-v",
                    "error",
                    "-show_format",
                    "-show_streams",
                    "-of",
                    "json",
                    str(video),
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        tags = dict(probe["format"].get("tags", {}))
        for stream in probe["streams"]:
            for key, value in stream.get("tags", {}).items():
                tags[f"{stream['index']}:{key}"] = value
        allowed = {
            "major_brand",
            "minor_version",
            "compatible_brands",
            "language",
            "handler_name",
            "vendor_id",
        }
        assert {k.split(":")[-1] for k in tags} <= allowed, tags
        assert {v for k, v in tags.items() if k.endswith("handler_name")} <= {
            "VideoHandler",
            "SoundHandler",
        }
        original = json.loads(
            subprocess.run(
                [
                    "ffprobe",
                    "-v",
                    "error",
                    "-show_streams",
                    "-of",
                    "json",
                    str(study.video_path(session.code)),
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        assert [(s["codec_name"], s.get("nb_frames")) for s in probe["streams"]] == [
            (s["codec_name"], s.get("nb_frames")) for s in original["streams"]
        ]


def test_package_opens_as_that_coder(study: Project, tmp_path: Path) -> None:
    codes = [a.session for a in study.assignments_of(SECOND)]
    build_package(study, SECOND, tmp_path / "pkg")
    assert package_coder(tmp_path / "pkg") == SECOND
    assert package_coder(tmp_path / "pkg" / "project.json") == SECOND
    assert package_coder(study.root) is None
    opened = Project.open(tmp_path / "pkg")
    assert [c.id for c in opened.coders] == [SECOND]
    assert sorted(s.code for s in opened.sessions) == sorted(codes)
    assert {a.role for a in opened.data.assignments} == {"primary"}
    assert opened.key() == []
    assert sorted(opened.coders_of(c)[0] for c in codes) == [SECOND] * len(codes)
    for code in codes:
        assert opened.video_path(code).is_file()
        mine = opened.load_annotations(SECOND, code)
        assert mine is not None
        assert mine.header.video_sha256 == opened.session(code).videos[0].sha256
        opened.scheme_for(code)  # scheme copies verify against their sha256
    record = read_issue_record(study.root, read_package_file(tmp_path / "pkg").package_id)
    assert record is not None and record.coder == SECOND
    entry = [e for e in read_audit(study.audit_path) if e["action"] == "package_issued"][-1]
    assert entry["coder"] == SECOND and sorted(entry["sessions"]) == sorted(codes)


def test_refusals_leave_nothing(study: Project, tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(WorkflowError, match="not empty"):
        build_package(study, "ana", tmp_path / "full")
    with pytest.raises(WorkflowError, match="no coder"):
        build_package(study, "zed", tmp_path / "p1")
    with pytest.raises(WorkflowError, match="inside the project"):
        build_package(study, "ana", study.root / "exports" / "pkg")
    study.add_coder("idle")
    with pytest.raises(WorkflowError, match="no assigned sessions"):
        build_package(study, "idle", tmp_path / "p2")
    assert not (tmp_path / "p1").exists() and not (tmp_path / "p2").exists()
    assert not list(tmp_path.glob(".*partial"))


def test_cli(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "summary.json"
    assert (
        main(
            [
                "package",
                str(study.root),
                "--coder",
                "ana",
                "--out",
                str(tmp_path / "pkg"),
                "--json",
                str(out),
            ]
        )
        == 0
    )
    assert json.loads(out.read_text())["coder"] == "ana"
    assert main(["package", str(study.root), "--coder", "ana", "--out", str(tmp_path / "pkg")]) == 2
    assert (
        load_annotations(
            tmp_path / "pkg" / "annotations" / "ana" / f"{study.sessions[0].code}.json"
        ).header.coder
        == "ana"
    )
