"""Opening media files with PyAV, turning its failures into MediaErrors a user can act on."""

from __future__ import annotations

from pathlib import Path

import av
import av.container
import av.error
import av.video.stream

from coder.errors import MediaError

CONVERT_HINT = "convert it to MP4 (H.264/AAC), e.g. ffmpeg -i IN -c:v libx264 -c:a aac OUT.mp4"
INTERRUPTED = (
    "the recording was interrupted before the camera finished the file (e.g. its battery ran "
    "out or the card was removed): the video data is there, but the index (the 'moov' box) "
    "that makes it playable was never written"
)
RECOVERY_HINT = (
    "keep the original unchanged and recover a copy with the camera maker's repair tool, or "
    "with a recovery tool that rebuilds the index from a good recording made by the same "
    "camera with the same settings (a reference file, e.g. untrunc); converting cannot help"
)
_BOX_HEADER = 8


def interrupted_recording(path: Path) -> bool:
    """True when ``path`` is an MP4/MOV file with media data ('mdat') but no index ('moov'):
    what a camera leaves when recording stops before it can finish the file."""
    boxes: set[bytes] = set()
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            offset = 0
            while offset + _BOX_HEADER <= size:
                file.seek(offset)
                header = file.read(_BOX_HEADER)
                length, kind = int.from_bytes(header[:4], "big"), header[4:8]
                if not kind.isalnum() and kind not in (b"free", b"skip"):
                    break
                boxes.add(kind)
                if length == 1:  # a 64-bit size follows
                    length = int.from_bytes(file.read(8), "big")
                if length == 0:  # the box runs to the end of the file (never closed)
                    break
                if length < _BOX_HEADER:
                    break
                offset += length
    except OSError:
        return False
    return b"mdat" in boxes and b"moov" not in boxes and b"moof" not in boxes


def open_container(path: str | Path) -> av.container.InputContainer:
    """Open ``path`` for reading; raise MediaError naming the file and what to do."""
    file = Path(path)
    if not file.exists():
        raise MediaError("file not found", path=file, hint="check the path or relink the video")
    if file.is_dir():
        raise MediaError("is a folder, not a video file", path=file)
    try:
        return av.open(str(file), mode="r")
    except av.error.InvalidDataError as error:
        if interrupted_recording(file):
            raise MediaError(INTERRUPTED, path=file, hint=RECOVERY_HINT) from error
        raise MediaError(
            "not a video file this program can read", path=file, hint=CONVERT_HINT
        ) from error
    except av.error.PermissionError as error:
        raise MediaError("permission denied", path=file, hint="check the file's permissions") \
            from error
    except (av.error.FFmpegError, OSError) as error:
        raise MediaError(f"cannot open: {error}", path=file, hint=CONVERT_HINT) from error


def first_video_stream(
    container: av.container.InputContainer, path: str | Path
) -> av.video.stream.VideoStream:
    """The first video stream of ``container`` (cover-art pictures are not video)."""
    for stream in container.streams.video:
        if not stream.disposition & av.stream.Disposition.attached_pic:
            return stream
    raise MediaError(
        "has no video stream", path=path, hint="choose a video file, not an audio or image file"
    )


def require_decoder(stream: av.video.stream.VideoStream, path: str | Path) -> None:
    """Raise MediaError when this build of FFmpeg cannot decode the stream's codec."""
    try:
        codec = stream.codec_context.codec
    except (av.error.FFmpegError, ValueError) as error:  # pragma: no cover - PyAV build quirk
        raise MediaError("unsupported video codec", path=path, hint=CONVERT_HINT) from error
    if codec is None or not codec.is_decoder:
        raise MediaError(
            f"unsupported video codec '{stream.codec_context.name}'", path=path, hint=CONVERT_HINT
        )


def check_video(path: str | Path) -> None:
    """Raise MediaError unless ``path`` opens and has a decodable video stream (cheap: no
    decoding; lets a command fail cleanly before it opens any window)."""
    container = open_container(path)
    try:
        require_decoder(first_video_stream(container, path), path)
    finally:
        container.close()
