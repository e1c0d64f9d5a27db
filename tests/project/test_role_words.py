"""Messages worded for the role at the keys: the lead reads them as they are; a coder never reads a
video's path, folder or name, a key value, another coder or the key, and is told to ask the lead."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coder.errors import CoderError, MediaError, ProjectError, StorageError
from coder.project import Project
from coder.project.role_words import LEAD_WORDS, RoleWords, role_words
from coder.storage.annotation_store import StoreState
from coder.storage.lease import LeaseHolder

ROOT = Path("/projects/study")
SESSION = "S-K7QFA"
# Words a test draws: each holds an underscore, so none is a word of the fixed wording itself.
drawn = st.from_regex(r"[A-Za-z0-9]{1,8}_[A-Za-z0-9_]{0,8}", fullmatch=True)


def coder_words(video: Path, *, secrets: frozenset[str] = frozenset()) -> RoleWords:
    return RoleWords(
        coder="ana", root=ROOT, videos={video: SESSION}, secrets=secrets, key_file=ROOT / "key.csv"
    )


def shown(error: CoderError) -> str:
    return str(error).lower()


@given(folder=drawn, stem=drawn, inside=st.booleans(), suffix=st.sampled_from([".mp4", ".MOV", ""]))
def test_a_coder_never_reads_the_video_path_folder_name_or_stem(
    folder: str, stem: str, inside: bool, suffix: str
) -> None:
    video = (ROOT / "videos" if inside else Path("/data") / folder) / f"{stem}{suffix}"
    words = coder_words(video)
    errors = [
        MediaError("file not found", path=video, hint="check the path or relink the video"),
        MediaError(f"cannot open: [Errno 2] No such file: '{video}'", path=video,
                   hint=f"convert {video.name} with ffmpeg"),
        MediaError(f"{stem} is damaged near its end"),
        CoderError(f"the video {video.relative_to(ROOT) if inside else video} is gone",
                   path=ROOT / "project.json"),
    ]
    for error in errors:
        text = shown(words.error(error, session=SESSION))
        for secret in (str(video), video.name, stem, *(() if inside else (folder,))):
            assert secret.lower() not in text, (secret, text)
        assert SESSION.lower() in text or "project.json" in text
        assert "ask your lead" in text
    assert words.path(video) == f"the video of session {SESSION}"


@given(values=st.lists(drawn, min_size=1, max_size=4))
def test_a_coder_never_reads_a_key_value(values: list[str]) -> None:
    words = coder_words(ROOT / "videos" / "v.mp4", secrets=frozenset(values))
    error = ProjectError(f"row {values[0]} of arm {values[-1]} is invalid", path=ROOT / "key.csv",
                         hint=f"fix {values[0]}")
    text = shown(words.error(error, session=SESSION))
    assert not [v for v in values if v.lower() in text], text
    assert "only your lead" in text and "key.csv" not in text
    short = str(words.error(ProjectError("arm 'B' is not in the plan", path=ROOT / "key.csv")))
    assert "'B'" not in short and "only your lead" in short
    notice = words.text(f"participant {values[0]} is open elsewhere", session=SESSION).lower()
    assert values[0].lower() not in notice and "ask your lead" in notice


@given(other=drawn, name=drawn)
def test_a_coder_never_reads_another_coder(other: str, name: str) -> None:
    project_words = RoleWords(coder="ana", root=ROOT, secrets=frozenset({other, name}))
    error = StorageError(f"belongs to coder '{other}' ({name})", path=ROOT / "annotations/ana/S-K7QFA.json")
    text = shown(project_words.error(error, session=SESSION))
    assert other.lower() not in text and name.lower() not in text
    assert "annotations/ana/s-k7qfa.json" in text  # their own record is named: it is theirs


def test_what_a_coder_may_read_passes_as_it_is() -> None:
    words = coder_words(ROOT / "videos" / "secret_name.mp4")
    error = StorageError("invalid value", path=ROOT / "annotations/ana/S-K7QFA.json", hint="restore it")
    assert str(words.error(error)) == "annotations/ana/S-K7QFA.json: invalid value (restore it)"
    assert words.text("All changes saved") == "All changes saved"
    assert words.path(Path("/elsewhere/notes.txt")) == "/elsewhere/notes.txt"  # their own file


@given(folder=drawn, stem=drawn)
def test_the_lead_reads_everything_as_it_is(folder: str, stem: str) -> None:
    video = Path("/data") / folder / f"{stem}.mp4"
    error = MediaError("file not found", path=video, hint="relink it")
    assert LEAD_WORDS.error(error) is error
    assert LEAD_WORDS.text(str(video)) == str(video)
    assert LEAD_WORDS.path(video) == str(video)


class _Store:
    def __init__(self, holder: LeaseHolder, notice: str) -> None:
        self.state = StoreState.OPEN_ELSEWHERE
        self.holder = holder
        self.notice = notice
        self.can_take_over = False


def test_open_elsewhere_names_the_coders_own_computer_but_no_one_else() -> None:
    own = LeaseHolder.here("ana")
    words = RoleWords(coder="ana", root=ROOT, secrets=frozenset({"ben"}))
    held_by_self = words.store_notice(_Store(own, "…"), SESSION)  # type: ignore[arg-type]
    assert SESSION in held_by_self and "another window" in held_by_self
    away = LeaseHolder("ana", "lab-pc-3", os.getpid() + 1, "", "", "t", own.taken, own.heartbeat)
    assert "lab-pc-3" in words.store_notice(_Store(away, "…"), SESSION)  # type: ignore[arg-type]
    other = LeaseHolder("ben", "bens-laptop", 7, "", "", "t", own.taken, own.heartbeat)
    notice = words.store_notice(_Store(other, f"open by coder 'ben' on {other.host}"), SESSION)  # type: ignore[arg-type]
    assert "ben" not in notice and "someone else" in notice
    assert LEAD_WORDS.store_notice(_Store(other, "as the store says"), SESSION) == "as the store says"  # type: ignore[arg-type]


def test_a_projects_words_hide_its_videos_key_and_other_coders(demo_path: Path) -> None:
    project = Project.open(demo_path)
    words = role_words(project, "ana")
    assert role_words(project, None) is LEAD_WORDS
    entry = project.sessions[0]
    video = project.video_path(entry.code)
    assert words.path(video) == f"the video of session {entry.code}"
    hidden = {w.lower() for w in words.hidden_words}
    key_values = {v for row in project.key() for k, v in row.items() if k != "session" and len(v) > 1}
    assert key_values and {v.lower() for v in key_values} <= hidden
    assert "ben" in hidden and "ana" not in hidden
    assert video.name.lower() in hidden


def test_coder_validate_words_a_packages_problems_for_its_coder(
    study: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from coder.cli.main import for_reader, main
    from coder.project.package import build_package

    build_package(study, "ana", tmp_path / "pkg")
    package = Project.open(tmp_path / "pkg")
    session = package.sessions[0].code
    video = package.video_path(session)
    video.write_bytes(video.read_bytes()[:-100] + b"x" * 100)  # damaged on its way to the coder
    assert main(["validate", str(tmp_path / "pkg"), "--hashes"]) == 1
    err = capsys.readouterr().err
    assert f"the video of session {session}" in err and video.name not in err, err

    error = MediaError(f"cannot open '{video}'", path=video, hint="relink it")
    worded = str(for_reader(error, argparse.Namespace(project=str(tmp_path / "pkg"))))
    assert session in worded and video.name not in worded and "ask your lead" in worded
    assert for_reader(error, argparse.Namespace(project=str(study.root))) is error  # the lead's
