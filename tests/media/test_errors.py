"""Bad input gives a MediaError that names the file and says what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from media_samples import Sample, read_index

from coder.errors import MediaError
from coder.media import open_video, sha256_file
from coder.media.container import check_video


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.mp4"
    with pytest.raises(MediaError, match="not found") as caught:
        open_video(missing)
    assert caught.value.path == missing and caught.value.hint


def test_not_a_video(media_dir: Path) -> None:
    with pytest.raises(MediaError, match="not a video") as caught:
        open_video(media_dir / "not_video.mp4")
    assert "not_video.mp4" in str(caught.value)
    assert "ffmpeg" in (caught.value.hint or "")


def test_no_video_stream(media_dir: Path) -> None:
    with pytest.raises(MediaError, match="no video stream"):
        open_video(media_dir / "audio_only.m4a")


def test_folder(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="folder"):
        open_video(tmp_path)


def test_truncated_plays_up_to_where_readable(media_dir: Path) -> None:
    with open_video(media_dir / "truncated.mp4") as video:
        assert video.truncated
        assert 100 < video.frame_count < 300
        # B-frames cut off after their reference keep their true times: the pattern agrees.
        for index in range(0, video.frame_count, 7):
            assert read_index(video.frame(index)) == video.frame_times_ms[index] // 40
        last = video.frame_count - 1
        assert read_index(video.frame(last)) == video.frame_times_ms[last] // 40


def test_sha256(tmp_path: Path) -> None:
    file = tmp_path / "a.bin"
    file.write_bytes(b"abc")
    assert sha256_file(file) == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    with pytest.raises(MediaError, match="not found"):
        sha256_file(tmp_path / "missing")


def test_check_video(media_dir: Path, samples: dict[str, Sample]) -> None:
    check_video(samples["short"].path)
    with pytest.raises(MediaError, match="no video stream"):
        check_video(media_dir / "audio_only.m4a")


def test_an_unfinished_recording_is_recognised(tmp_path: Path) -> None:
    from coder.media.container import interrupted_recording

    ftyp = (24).to_bytes(4, "big") + b"ftypisom" + bytes(12)
    unfinished = tmp_path / "MVI_0001.MP4"
    unfinished.write_bytes(ftyp + (0).to_bytes(4, "big") + b"mdat" + b"\x00" * 500)
    assert interrupted_recording(unfinished)  # mdat never closed, no moov
    finished = tmp_path / "ok.mp4"
    finished.write_bytes(ftyp + (16).to_bytes(4, "big") + b"mdat" + bytes(8)
                         + (8).to_bytes(4, "big") + b"moov")
    assert not interrupted_recording(finished)
    text = tmp_path / "text.mp4"
    text.write_text("not a box at all")
    assert not interrupted_recording(text)


def test_whether_a_file_has_video_is_asked_again_when_the_file_changes(
    media_dir: Path, samples: dict[str, Sample], tmp_path: Path
) -> None:
    import shutil

    from coder.media.audio_track import has_video

    path = tmp_path / "recording.mp4"
    shutil.copyfile(samples["cfr"].path, path)
    assert has_video(path) and has_video(path)  # the second answer is remembered
    path.unlink()
    shutil.copyfile(media_dir / "audio_only.m4a", path)  # another file under the same name
    assert not has_video(path)
