"""Packaged videos carry no identifying text inside the bitstream (leak scan of every byte)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import av
import pytest

from coder.project.video_remux import remux_stripped, without_units

UUID = "086f3693-b7b3-4f2c-9653-21492feee5b8"
PARTICIPANT, GPS = "P-4711-SECRET", "51.5072N 0.1276W"
LEAKS = [PARTICIPANT.encode(), GPS.encode(), b"x264", b"x265", b"core 1"]

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs the ffmpeg CLI")


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def _source(*codec: str) -> list[str]:
    return ["-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=1", "-f", "lavfi",
            "-i", "sine=duration=1", *codec, "-c:a", "aac", "-metadata", f"title={PARTICIPANT}"]


def _h264(out: Path) -> Path:
    planted = f"h264_metadata=sei_user_data={UUID}+{PARTICIPANT},h264_metadata=sei_user_data={UUID}+{GPS}"
    _ffmpeg(*_source("-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-bsf:v", planted),
            str(out))
    return out


def _hevc(out: Path) -> Path:
    _ffmpeg(*_source("-c:v", "libx265", "-x265-params", "log-level=error"), str(out))
    return out


def _mpeg2(out: Path) -> Path:
    raw = out.with_suffix(".m2v")
    _ffmpeg("-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=1", "-c:v",
            "mpeg2video", str(raw))
    # User data (start code 0xB2) before every GOP header, as some camcorders write it.
    data = raw.read_bytes().replace(
        b"\x00\x00\x01\xb8", b"\x00\x00\x01\xb2" + f"{PARTICIPANT} {GPS}".encode()
        + b"\x00\x00\x01\xb8"
    )
    raw.write_bytes(data)
    _ffmpeg("-fflags", "+genpts", "-r", "25", "-i", str(raw), "-c", "copy", str(out))
    return out


def _mpeg4(out: Path) -> Path:
    # MPEG-4 Part 2 (DivX/Xvid era): user data with the encoder's name, no filter for it.
    _ffmpeg(*_source("-c:v", "mpeg4"), "-an", str(out))
    return out


def _frame_hashes(path: Path) -> list[str]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return [hashlib.md5(f.to_ndarray(format="yuv420p").tobytes()).hexdigest()
                for f in container.decode(stream)]


@pytest.mark.parametrize(
    ("make", "target", "planted"),
    [
        (_h264, "out.mp4", [PARTICIPANT, GPS, "x264", "core 1"]),
        (_hevc, "out.mp4", ["x265"]),
        (_hevc, "out.mkv", ["x265"]),
        (_mpeg2, "out.mkv", [PARTICIPANT, GPS]),
    ],
    ids=["h264-sei", "hevc-mp4", "hevc-mkv", "mpeg2-user-data"],
)
def test_user_data_removed_pictures_unchanged(tmp_path: Path, make, target, planted) -> None:  # type: ignore[no-untyped-def]
    source = make(tmp_path / ("src" + (".mpg" if make is _mpeg2 else ".mp4")))
    raw = source.read_bytes()
    assert all(text.encode() in raw for text in planted)  # the leak is really there
    result = remux_stripped(source, tmp_path / target)
    assert not result.reencoded
    packaged = (tmp_path / target).read_bytes()
    assert [leak for leak in LEAKS if leak in packaged] == []
    assert _frame_hashes(tmp_path / target) == _frame_hashes(source)  # bit-exact pictures


def test_codec_without_a_filter_is_reencoded_clean(tmp_path: Path) -> None:
    source = _mpeg4(tmp_path / "src.avi")
    assert b"Lavc" in source.read_bytes()
    result = remux_stripped(source, tmp_path / "out.mkv")
    assert result.reencoded and result.codec == "mpeg4"
    packaged = (tmp_path / "out.mkv").read_bytes()
    assert [leak for leak in [*LEAKS, b"Lavc"] if leak in packaged] == []
    with av.open(str(tmp_path / "out.mkv")) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert len(list(container.decode(video=0))) == 25


def test_stream_headers_lose_their_sei() -> None:
    annex_b = b"\x00\x00\x00\x01\x67SPS\x00\x00\x01\x06x264 core 1\x00\x00\x01\x68PPS"
    assert without_units("h264", annex_b) == b"\x00\x00\x01\x67SPS\x00\x00\x01\x68PPS"
    assert without_units("vp9", b"anything") == b"anything"
