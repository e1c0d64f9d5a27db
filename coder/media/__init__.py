"""Video and audio decoding for Coder (no Qt here).

``open_media(path)`` gives a ``Video``, or an ``AudioTrack`` for a sound recording
(fixed time steps and waveform images instead of frames). ``open_video(path)`` gives a ``Video`` with exact frames by index or time; its frame timestamp
index is the authority for frame ↔ time. ``DecoderWorker`` decodes ahead in its own thread,
``AudioWorker``/``pcm_chunks`` give PCM at 0.1×–4× with the pitch kept, and ``cameras`` maps
the primary's time onto secondary angles with offsets.
"""

from coder.media.audio import AudioWorker, PcmChunk, pcm_chunks
from coder.media.audio_track import STEP_MS, AudioTrack, Waveform, read_waveform
from coder.media.cameras import CameraAngle, offset_from_moment, secondary_frame
from coder.media.container import check_video
from coder.media.decoder_worker import DecodedImage, DecoderWorker
from coder.media.file_hash import sha256_file
from coder.media.frame_index import FrameIndex, build_frame_index
from coder.media.media_source import (
    MediaSource,
    media_duration_ms,
    open_media,
    probe,
    warm_media,
)
from coder.media.probe import AudioInfo, VideoInfo
from coder.media.video import Video, open_video

__all__ = [
    "STEP_MS",
    "AudioInfo",
    "AudioTrack",
    "AudioWorker",
    "CameraAngle",
    "DecodedImage",
    "DecoderWorker",
    "FrameIndex",
    "MediaSource",
    "PcmChunk",
    "Video",
    "VideoInfo",
    "Waveform",
    "build_frame_index",
    "check_video",
    "media_duration_ms",
    "offset_from_moment",
    "open_media",
    "open_video",
    "pcm_chunks",
    "probe",
    "read_waveform",
    "secondary_frame",
    "sha256_file",
    "warm_media",
]
