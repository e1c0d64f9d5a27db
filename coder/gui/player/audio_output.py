"""Sound and the master clock: QAudioSink fed from a PCM decoding thread, or a muted wall clock.

While playing, the audio device's progress is the master clock (the video follows the sound,
never the reverse). Without an audio device (or with a file without sound) a wall clock takes
over silently: no dialog, playback just runs muted. Sound the file has but that cannot be
decoded is reported once (``audio_error``), so no one codes vocal behaviour in a silent player.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QIODevice, QObject, Signal

from coder.errors import MediaError
from coder.media.audio import AudioWorker
from coder.media.playback_clock import WallClock

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioSink

log = logging.getLogger(__name__)
SAMPLE_RATE = 48000
CHANNELS = 2


class PlaybackClock(QObject):
    """Media time (ms) while playing: from the sound card when there is one, else the wall.

    ``path`` None means the video has no sound (the clock is then always the wall clock).
    ``pump`` must be called often (the controller's display timer does) to feed the device.
    """

    audio_error = Signal(object)  # the file's sound cannot be decoded (said once per clock)

    def __init__(self, path: Path | None, origin_s: float, parent: QObject | None = None):
        super().__init__(parent)
        self._path = path
        self._origin_s = origin_s
        self._wall = WallClock()
        self._worker: AudioWorker | None = None
        self._sink: QAudioSink | None = None
        self._device: QIODevice | None = None
        self._pending = b""
        self._start_ms = 0
        self._speed = 1.0
        self.muted = path is None
        self._error_said = False

    # -- clock -----------------------------------------------------------------------------

    def start(self, at_ms: int, speed: float) -> None:
        """Start playing sound and time from media time ``at_ms`` at ``speed``×."""
        self.stop()
        self._start_ms, self._speed = at_ms, speed
        self._wall.start(at_ms, speed)
        if self._path is None:
            return
        if self._worker is None:  # one decoding thread for the clock's life: a restart seeks
            self._worker = AudioWorker(
                self._path,
                start_ms=at_ms,
                origin_s=self._origin_s,
                speed=speed,
                sample_rate=SAMPLE_RATE,
                channels=CHANNELS,
            )
        else:
            self._worker.restart(at_ms, speed)
        self.muted = not self._open_sink()

    def _open_sink(self) -> bool:
        # Imported on first play: loading QtMultimedia probes audio back-ends (slow, noisy).
        from PySide6.QtMultimedia import QAudio, QAudioFormat, QAudioSink, QMediaDevices

        device = QMediaDevices.defaultAudioOutput()
        if device.isNull():
            return False
        audio_format = QAudioFormat()
        audio_format.setSampleRate(SAMPLE_RATE)
        audio_format.setChannelCount(CHANNELS)
        audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if not device.isFormatSupported(audio_format):
            return False
        sink = QAudioSink(device, audio_format, self)
        sink.setBufferSize(SAMPLE_RATE * CHANNELS * 2 // 5)  # 200 ms
        io = sink.start()
        if io is None or sink.error() != QAudio.Error.NoError:
            log.info("no usable audio output (%s); playing muted", sink.error())
            sink.deleteLater()
            return False
        self._sink, self._device = sink, io
        self._no_error, self._underrun = QAudio.Error.NoError, QAudio.Error.UnderrunError
        return True

    def stop(self) -> int:
        """Stop sound and time; returns the media time (ms) reached."""
        position = self.position_ms()
        self._wall.stop()
        self._wall.set_position(position)
        if self._worker is not None:
            self._worker.idle()
        if self._sink is not None:
            self._sink.stop()
            self._sink.deleteLater()
            self._sink = self._device = None
        self._pending = b""
        return position

    def close(self) -> None:
        """Stop, and end the sound's decoding thread (the clock is not started again)."""
        self.stop()
        if self._worker is not None:
            self._worker.close()
            self._worker = None

    @property
    def running(self) -> bool:
        """True between ``start`` and ``stop``."""
        return self._wall.running

    def position_ms(self) -> int:
        """Media time in ms: what the listener hears now (or the wall clock when muted)."""
        if self._sink is None or not self._wall.running:
            return self._wall.position_ms()
        played_ms = self._sink.processedUSecs() / 1000.0
        return self._start_ms + round(played_ms * self._speed)

    def _end_of_sound(self) -> None:
        """Once the device has played the last sample, the wall clock carries on (the video
        may be longer than its sound)."""
        assert self._sink is not None
        if self._sink.bytesFree() < self._sink.bufferSize():
            return  # still playing the tail
        self._to_wall_clock()

    def _to_wall_clock(self) -> None:
        assert self._sink is not None
        position = self.position_ms()
        self._sink.stop()
        self._sink.deleteLater()
        self._sink = self._device = None
        self._wall.start(position, self._speed)

    # -- feeding ---------------------------------------------------------------------------

    def pump(self) -> None:
        """Move decoded PCM to the device as far as it has room (never blocks)."""
        worker = self._worker
        if worker is None:
            return
        if worker.error is not None and not self._error_said:
            self._error_said = True
            error = worker.error
            self.audio_error.emit(
                MediaError(f"no sound: {error.message}; playing without sound", path=error.path,
                           hint=error.hint)
            )
        if self._sink is None:  # muted: decode anyway and drop what the clock has passed
            now = self._wall.position_ms()
            while (chunk := worker.take()) is not None and chunk.ms <= now:
                pass
            return
        if worker.finished and not self._pending:
            self._end_of_sound()
            return
        if self._sink.error() not in (self._no_error, self._underrun):
            log.info("audio output failed (%s); playing on muted", self._sink.error())
            self._to_wall_clock()  # e.g. the device was unplugged
            return
        assert self._device is not None
        free = self._sink.bytesFree()
        while free > 0:
            if not self._pending:
                chunk = worker.take()
                if chunk is None:
                    return  # not decoded yet, or the end (handled on the next pump)
                self._pending = chunk.data
            written = self._device.write(self._pending[:free])
            if written <= 0:
                return
            self._pending = self._pending[written:]
            free -= written
