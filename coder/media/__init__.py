"""Video and audio decoding for Coder (no Qt here).

``open_video(path)`` gives a ``Video`` with exact frames by index or time; its frame timestamp
index is the authority for frame ↔ time. See ``decoder_worker`` (read-ahead thread), ``audio``
(PCM at 0.1×–4× with pitch kept) and ``cameras`` (secondary angles against the primary).
"""

from coder.media.file_hash import sha256_file
from coder.media.frame_index import FrameIndex, build_frame_index
from coder.media.probe import AudioInfo, VideoInfo, probe
from coder.media.video import Video, open_video

__all__ = [
    "AudioInfo",
    "FrameIndex",
    "Video",
    "VideoInfo",
    "build_frame_index",
    "open_video",
    "probe",
    "sha256_file",
]
