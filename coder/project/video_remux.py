"""Copy a video into a new container without its metadata, inside the stream as well.

A coder package must not carry what a file says about the recording: titles, comments, original
names, creation times, encoder tags, handler names set by a camera or editor. Only the video and
audio streams are copied, packet by packet (PyAV stream copy); subtitle, data (e.g. timecode)
and attachment streams, chapters and all container and stream tags are left out, and the muxer
runs bit-exact so it writes no encoder version or creation time of its own.

Text also hides inside the video bitstream: H.264/HEVC SEI messages (a camera's participant id
or GPS as user data, x264's full settings string) and MPEG-2 user data. These are removed with
FFmpeg's ``filter_units`` bitstream filter, which drops whole units of the given types and leaves
every picture bit for bit as it was (SEI carries supplemental information only: the decoded
frames are identical). A codec with no such filter whose syntax can hold user data is re-encoded
(H.264, visually lossless), and the result says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import av.bitstream
import av.stream
import av.video.stream

from coder.errors import MediaError

# Containers the remux writes as themselves; anything else becomes Matroska, which takes any codec.
_SAME_CONTAINER = {
    ".mp4": "mp4", ".m4v": "mp4", ".mov": "mov", ".mkv": "matroska", ".mka": "matroska"
}
# Sound recordings (audio-only sessions) are copied into Matroska audio, which takes any codec
# and, written bit-exact, carries none of the tags (ID3, RIFF INFO, iTunes) these formats hold.
AUDIO_SUFFIXES = frozenset({".wav", ".m4a", ".mp3", ".aac", ".flac", ".ogg", ".opus", ".wma"})

# Units to drop, per codec: H.264 SEI (NAL type 6); HEVC prefix and suffix SEI (39, 40);
# MPEG-2 user data (start code 0xB2); AV1 metadata OBUs (type 5). HEVC goes through start-code
# form first (filter_units writes it so, whatever came in; the muxer turns it back into
# length-prefixed units with an hvcC header).
STRIP_FILTERS = {
    "h264": "filter_units=remove_types=6",
    "hevc": "hevc_mp4toannexb,filter_units=remove_types=39|40",
    "mpeg2video": "filter_units=remove_types=178",
    "av1": "filter_units=remove_types=5",
}
# Codecs whose bitstream has no place for user data or text: copied as they are.
NO_USER_DATA = frozenset({"vp8", "vp9"})
REENCODE_CODEC = "libx264"
REENCODE_OPTIONS = {"crf": "18", "preset": "veryfast"}


@dataclass(frozen=True)
class RemuxResult:
    """How a video was copied: its codec, and whether it had to be re-encoded (a codec whose
    user data cannot be removed in place) rather than copied with its user data removed."""

    codec: str
    reencoded: bool


def remuxed_suffix(source: Path) -> str:
    """The file suffix the remuxed copy of ``source`` gets (``.mp4``, ``.mov`` or ``.mkv``)."""
    suffix = source.suffix.lower()
    if suffix in AUDIO_SUFFIXES:
        return ".mka"
    if suffix == ".m4v":
        return ".mp4"
    return suffix if suffix in _SAME_CONTAINER else ".mkv"


def remux_stripped(source: Path, target: Path) -> RemuxResult:
    """Write ``source``'s video and audio to ``target`` with no metadata in the container and
    none inside the video stream (see the module docstring); a sound recording (an
    audio-only session) is copied the same way. Raises MediaError."""
    container_format = _SAME_CONTAINER.get(target.suffix.lower(), "matroska")
    try:
        with av.open(str(source)) as inp:
            streams = [s for s in inp.streams if s.type in ("video", "audio")]
            video = next((s for s in streams if isinstance(s, av.video.stream.VideoStream)), None)
            if not streams:
                raise MediaError("has no video or sound", path=source)
            codec = (video or streams[0]).codec_context.name
            reencode = video is not None and codec not in STRIP_FILTERS and (
                codec not in NO_USER_DATA
            )
            with av.open(
                str(target), "w", format=container_format, options={"fflags": "+bitexact"}
            ) as out:
                if reencode:
                    assert video is not None
                    _reencode(inp, out, streams, video)
                else:
                    _copy(inp, out, streams, STRIP_FILTERS.get(codec))
    except av.FFmpegError as error:
        raise MediaError(f"cannot copy the video: {error}", path=source) from None
    return RemuxResult(codec=codec, reencoded=reencode)


def _copy(
    inp: av.container.InputContainer,
    out: av.container.OutputContainer,
    streams: list[av.stream.Stream],
    strip: str | None,
) -> None:
    mapping: dict[int, av.stream.Stream] = {}
    filters: dict[int, av.bitstream.BitStreamFilterContext] = {}
    for stream in streams:
        copied = out.add_stream_from_template(stream)
        copied.metadata.clear()
        mapping[stream.index] = copied
        if stream.type == "video" and strip is not None:
            filters[stream.index] = av.bitstream.BitStreamFilterContext(strip, stream, copied)
            # filter_units leaves the stream's header (extradata) alone; x265 puts its
            # settings SEI there.
            context = copied.codec_context
            if context is not None and context.extradata:
                context.extradata = without_units(stream.codec_context.name,
                                                  bytes(context.extradata))
    muxed = 0
    for packet in inp.demux(*streams):
        index = packet.stream.index
        if packet.dts is None:  # demuxer flush packets carry no data
            continue
        cleaned = filters[index].filter(packet) if index in filters else [packet]
        for piece in cleaned:
            piece.stream = mapping[index]
            out.mux(piece)
            muxed += 1
    if not muxed:
        raise MediaError("has no packets with timestamps to copy", path=Path(inp.name),
                         hint="convert it to MP4 (H.264/AAC) first")
    for index, bsf in filters.items():
        for piece in bsf.filter(None):
            piece.stream = mapping[index]
            out.mux(piece)


def _reencode(
    inp: av.container.InputContainer,
    out: av.container.OutputContainer,
    streams: list[av.stream.Stream],
    video: av.video.stream.VideoStream,
) -> None:
    """Decode ``video`` and encode it as H.264 (with its SEI removed too: x264 writes its
    settings there); audio is copied."""
    rate = video.average_rate or video.guessed_rate or Fraction(25)
    encoded = out.add_stream(REENCODE_CODEC, rate=rate, options=dict(REENCODE_OPTIONS))
    assert isinstance(encoded, av.video.stream.VideoStream)
    encoded.width = video.codec_context.width
    encoded.height = video.codec_context.height
    encoded.pix_fmt = "yuv420p"
    if video.time_base is not None:
        encoded.time_base = video.time_base
    mapping: dict[int, av.stream.Stream] = {video.index: encoded}
    for stream in streams:
        if stream.index != video.index:
            copied = out.add_stream_from_template(stream)
            copied.metadata.clear()
            mapping[stream.index] = copied
    strip = av.bitstream.BitStreamFilterContext(STRIP_FILTERS["h264"], "h264")

    def put(packets: list[av.Packet[av.stream.Stream]]) -> None:
        for packet in packets:
            for piece in strip.filter(packet):
                piece.stream = encoded
                out.mux(piece)

    for packet in inp.demux(*streams):
        if packet.stream.index != video.index:
            if packet.dts is not None:
                packet.stream = mapping[packet.stream.index]
                out.mux(packet)
            continue
        for frame in packet.decode():
            assert isinstance(frame, av.VideoFrame)
            frame.pict_type = av.video.frame.PictureType.NONE
            put(encoded.encode(frame.reformat(format="yuv420p")))
    put(encoded.encode(None))
    for piece in strip.filter(None):
        piece.stream = encoded
        out.mux(piece)


# NAL unit / start code types dropped from stream headers, per codec (as STRIP_FILTERS).
_HEADER_UNITS = {"h264": {6}, "hevc": {39, 40}, "mpeg2video": {0xB2}}
_HVCC_ARRAYS_AT = 22


def _unit_type(codec: str, unit: bytes) -> int:
    if not unit:
        return -1
    if codec == "h264":
        return unit[0] & 0x1F
    if codec == "hevc":
        return (unit[0] >> 1) & 0x3F
    return unit[0]  # MPEG-2: the start code value


def without_units(codec: str, extradata: bytes) -> bytes:
    """``extradata`` (an hvcC record or Annex B start-code units) without the SEI / user data
    units ``filter_units`` removes from packets; any other layout is returned as it is."""
    drop = _HEADER_UNITS.get(codec)
    if not drop:
        return extradata
    if codec == "hevc" and extradata[:1] == b"\x01" and len(extradata) > _HVCC_ARRAYS_AT:
        return _hvcc_without(extradata, drop)
    if extradata.startswith((b"\x00\x00\x01", b"\x00\x00\x00\x01")):
        pieces = extradata.split(b"\x00\x00\x01")
        kept = [p for p in pieces[1:] if _unit_type(codec, p) not in drop]
        return b"".join(b"\x00\x00\x01" + p for p in kept)
    return extradata


def _hvcc_without(record: bytes, drop: set[int]) -> bytes:
    """An hvcC record (ISO/IEC 14496-15 8.3.3) without the arrays of NAL types in ``drop``."""
    arrays: list[bytes] = []
    try:
        position = _HVCC_ARRAYS_AT + 1
        for _ in range(record[_HVCC_ARRAYS_AT]):
            start = position
            nal_type = record[position] & 0x3F
            count = int.from_bytes(record[position + 1 : position + 3], "big")
            position += 3
            for _ in range(count):
                length = int.from_bytes(record[position : position + 2], "big")
                position += 2 + length
            if position > len(record):
                return record  # not a record this reads: leave it (packets are still cleaned)
            if nal_type not in drop:
                arrays.append(record[start:position])
    except IndexError:
        return record
    return record[:_HVCC_ARRAYS_AT] + bytes([len(arrays)]) + b"".join(arrays)
