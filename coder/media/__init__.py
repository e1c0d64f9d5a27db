"""Video and audio decoding for Coder (no Qt here).

``open_video(path)`` gives a ``Video`` with exact frames by index or time; its frame timestamp
index is the authority for frame ↔ time. ``DecoderWorker`` decodes ahead in its own thread,
``AudioWorker``/``pcm_chunks`` give PCM at 0.1×–4× with the pitch kept, and ``cameras`` maps
the primary's time onto secondary angles with offsets.
"""

from coder.media.audio import AudioWorker, PcmChunk, pcm_chunks
from coder.media.cameras import CameraAngle, offset_from_moment, secondary_frame
from coder.media.container import check_video
from coder.media.decoder_worker import DecodedImage, DecoderWorker
from coder.media.file_hash import sha256_file
from coder.media.frame_index import FrameIndex, build_frame_index
from coder.media.probe import AudioInfo, VideoInfo
from coder.media.video import Video, open_video, probe

__all__ = [
    "AudioInfo",
    "AudioWorker",
    "CameraAngle",
    "DecodedImage",
    "DecoderWorker",
    "FrameIndex",
    "PcmChunk",
    "Video",
    "VideoInfo",
    "build_frame_index",
    "check_video",
    "offset_from_moment",
    "open_video",
    "pcm_chunks",
    "probe",
    "secondary_frame",
    "sha256_file",
]
