"""An audio-only recording as a session, end to end: added, coded, packaged, reliability, export."""

from __future__ import annotations

import csv
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from coder import __version__
from coder.annotations.model import AnnotationHeader, AnnotationSet, Classification, SessionStatus
from coder.cli.main import main
from coder.demo import demo_annotations as gen
from coder.media import STEP_MS, open_media, probe
from coder.project.package import build_package
from coder.project.project import Project
from coder.storage.annotation_file import save_annotations
from coder.storage.annotation_store import now_iso

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs the ffmpeg CLI")
SECONDS = 20


def _recording(folder: Path, name: str) -> Path:
    """A mono recording with tone bursts every 2 s (a stand-in for vocalisations)."""
    out = folder / name
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
         f"sine=frequency=300:sample_rate=16000:duration={SECONDS}", "-af",
         "volume='if(lt(mod(t,2),0.5),1,0.05)':eval=frame", "-metadata", "artist=P-4711-SECRET",
         str(out)],
        check=True,
    )
    return out


def _code(project: Project, coder: str, session: str, seed: int) -> None:
    entry = project.session(session)
    scheme = project.scheme(entry.scheme)
    rng = random.Random(seed)
    duration = entry.duration_ms or 0
    events = gen.first_coder_events(scheme, duration, rng)
    if coder == "ben":
        events = gen.second_coder_events(scheme, events, duration, rng)
    segments = gen.free_play_segments(scheme, duration)
    stamp = now_iso()
    header = AnnotationHeader(coder, session, scheme.id, scheme.version, scheme.sha256,
                              entry.videos[0].sha256, stamp, stamp, __version__)
    save_annotations(project.annotation_path(coder, session), AnnotationSet(
        header=header,
        events=tuple(sorted(events, key=lambda e: (e.start_ms, e.code, e.id))),
        segments=tuple(segments),
        ratings=tuple(gen.ratings_for(scheme, segments, rng)),
        classification=Classification(),
        status=SessionStatus.COMPLETE,
    ))


@pytest.mark.parametrize("suffix", [".wav", ".m4a", ".mp3"])
def test_a_recording_opens_as_media(tmp_path: Path, suffix: str) -> None:
    recording = _recording(tmp_path, "voice" + suffix)
    info = probe(recording)
    assert info.audio_only and abs(info.duration_ms - SECONDS * 1000) <= 60
    with open_media(recording) as media:
        assert media.frame_times_ms[:3] == (0, STEP_MS, 2 * STEP_MS)
        assert media.frame_index_at(1000) == 1000 // STEP_MS
        loud, quiet = media.frame(2200 // STEP_MS), media.frame(3200 // STEP_MS)
        assert loud.shape == (240, 640, 3)
        assert (loud[:, 320] == (230, 80, 60)).all()  # the playhead, in the middle

        def wave_height(image):  # type: ignore[no-untyped-def]
            return int((image[:, 316] == (120, 200, 160)).all(axis=1).sum())

        # Taller at the playhead during a burst (0–0.5 s of every 2 s) than between bursts.
        assert wave_height(loud) > 100 > 20 > wave_height(quiet)


def test_audio_only_session_end_to_end(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recording = _recording(tmp_path, "P900_A_T1_voice.wav")
    key = tmp_path / "key.csv"
    with key.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["video", "participant", "arm", "timepoint"])
        writer.writerow([recording.name, "P900", "A", "T1"])
    assert main(["add-sessions", str(demo_path), str(recording), "--scheme", "demo_interaction",
                 "--key", str(key)]) == 0
    project = Project.open(demo_path)
    session = project.data.sessions[-1]
    assert abs((session.duration_ms or 0) - SECONDS * 1000) <= 60
    project.assign("ana", [session.code], role="primary")
    project.assign("ben", [session.code], role="reliability")
    _code(project, "ana", session.code, 1)
    _code(project, "ben", session.code, 2)
    capsys.readouterr()

    report = tmp_path / "reliability.json"
    assert main(["reliability", str(demo_path), "--bootstrap", "0", "--json", str(report)]) == 0
    assert session.code in report.read_text()

    out = tmp_path / "export"
    assert main(["export", str(demo_path), "--spec", "demo_long", "--format", "csv",
                 "--out", str(out)]) == 0
    with (out / "demo_long.csv").open() as file:
        mine = [row for row in csv.DictReader(file) if row["participant"] == "P900"]
    assert {row["session"] for row in mine} == {session.code}
    timed = [float(row["value"]) for row in mine
             if row["variable"] == "duration_s" and row["value"] not in ("", "NA")]
    assert timed and max(timed) > 0  # the coded states of the recording are in the dataset

    package = build_package(Project.open(demo_path), "ana", tmp_path / "package")
    copied = next((package.folder / "videos").glob(f"{session.code}.*"))
    assert copied.suffix == ".mka" and b"P-4711-SECRET" not in copied.read_bytes()
    assert probe(copied).audio_only
    assert json.loads((package.folder / "project.json").read_text())["sessions"]
