"""Copy a video into a new container without re-encoding and without its metadata.

A coder package must not carry what a file's container says about the recording: titles,
comments, original names, creation times, encoder tags, handler names set by a camera or editor.
Only the video and audio streams are copied, packet by packet (PyAV stream copy); subtitle, data
(e.g. timecode) and attachment streams, chapters and all container and stream tags are left out,
and the muxer runs bit-exact so it writes no encoder version or creation time of its own.
"""

from __future__ import annotations

from pathlib import Path

import av

from coder.errors import MediaError

# Containers the remux writes as themselves; anything else becomes Matroska, which takes any codec.
_SAME_CONTAINER = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov", ".mkv": "matroska"}


def remuxed_suffix(source: Path) -> str:
    """The file suffix the remuxed copy of ``source`` gets (``.mp4``, ``.mov`` or ``.mkv``)."""
    suffix = source.suffix.lower()
    if suffix == ".m4v":
        return ".mp4"
    return suffix if suffix in _SAME_CONTAINER else ".mkv"


def remux_stripped(source: Path, target: Path) -> None:
    """Write ``source``'s video and audio packets to ``target`` with no metadata (no re-encoding)."""
    container_format = _SAME_CONTAINER.get(target.suffix.lower(), "matroska")
    try:
        with av.open(str(source)) as inp:
            streams = [s for s in inp.streams if s.type in ("video", "audio")]
            if not any(s.type == "video" for s in streams):
                raise MediaError("has no video stream", path=source)
            with av.open(
                str(target), "w", format=container_format, options={"fflags": "+bitexact"}
            ) as out:
                mapping = {}
                for stream in streams:
                    copied = out.add_stream_from_template(stream)
                    copied.metadata.clear()
                    mapping[stream.index] = copied
                for packet in inp.demux(*streams):
                    if packet.dts is None:  # demuxer flush packets carry no data
                        continue
                    packet.stream = mapping[packet.stream.index]
                    out.mux(packet)
    except av.FFmpegError as error:
        raise MediaError(f"cannot copy the video: {error}", path=source) from None
