"""PlayerController: plays, seeks and steps one session's camera angles in sync.

Decoding runs in one DecoderWorker thread per camera; this object lives on the GUI thread and
never waits for them. While playing, a precise QTimer compares the master clock (the sound
card, or a wall clock when muted) with the queued frames and shows the newest frame that is
due, dropping any it has passed rather than falling behind. Secondary cameras follow the
primary frame actually shown, so they never drift by more than one frame.

The coding workstation embeds this: connect ``position_changed`` and ``playing_changed``,
call ``play``/``pause``/``seek_ms``/``seek_frame``/``step``/``set_speed``, and read
``current_ms``/``current_frame`` to place codes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from coder.errors import MediaError
from coder.gui.player.audio_output import PlaybackClock
from coder.media.audio import MAX_SPEED, MIN_SPEED
from coder.media.camera_follower import BLANK, FollowedCamera
from coder.media.cameras import secondary_frame
from coder.media.decoder_worker import DecodedImage, DecoderWorker
from coder.media.probe import VideoInfo
from coder.timebase import frame_at_ms


@dataclass(frozen=True)
class ShownFrame:
    """What one camera's view shows: an image of frame ``index`` (at the camera's own
    ``ms``), or nothing (``image`` None) when that camera has not started yet."""

    camera: int
    index: int | None
    ms: int | None
    image: object | None  # numpy uint8 (h, w, 4), BGRA byte order (QImage.Format_RGB32)


@dataclass
class PlaybackStats:
    """Counts since the last ``play()``: frames shown and dropped (primary), worst secondary
    drift in frames."""

    shown: int = 0
    dropped: int = 0
    max_drift_frames: int = 0


SYNC_WAIT_MS = 1000  # media ms a primary frame waits for the angles before it shows anyway


def _due_at(now_ms: int, grace_ms: float) -> Callable[[DecodedImage], bool]:
    """The first queued frame is due once its time has come; a later one replaces it (so it
    is dropped) only when it too is ``grace_ms`` late. A GUI thread that wakes up a little
    late thus still shows every frame, at most one frame period late, while one that fell
    far behind skips ahead instead of staying behind."""
    first = True

    def due(item: DecodedImage) -> bool:
        nonlocal first
        limit = now_ms if first else now_ms - grace_ms
        first = False
        return item.ms <= limit

    return due


class PlayerController(QObject):
    """Playback of a primary video and any secondary angles (each with an offset in ms).

    ``decode_threads``: how many threads FFmpeg decodes each camera with (0: one per core).
    """

    position_changed = Signal(int, int)  # media ms, primary frame index now on screen
    playing_changed = Signal(bool)
    speed_changed = Signal(float)
    frame_shown = Signal(object)  # ShownFrame
    error = Signal(object)  # a MediaError of a camera, or of the sound (which then plays muted)
    _frame_ready = Signal()

    def __init__(
        self,
        paths: Sequence[str | Path],
        offsets_ms: Sequence[int] = (),
        parent: QObject | None = None,
        *,
        decode_threads: int = 0,
    ) -> None:
        super().__init__(parent)
        if not paths:
            raise MediaError("no video to play", hint="give at least one video file")
        offsets = [0, *offsets_ms, *([0] * len(paths))][: len(paths)]
        self._cameras: list[FollowedCamera] = []
        try:
            for path, offset in zip(paths, offsets, strict=True):
                worker = DecoderWorker(
                    path, queue_frames=6, notify=self._notify, pixel_format="bgra",
                    decode_threads=decode_threads,
                )
                self._cameras.append(FollowedCamera(worker, offset, worker.frame_times_ms))
        except MediaError:
            self.close()
            raise
        primary = self._cameras[0].worker.info
        self._times = self._cameras[0].times
        self._origin_s = self._cameras[0].worker.origin_s
        self._clock = PlaybackClock(
            primary.path if primary.audio is not None else None, self._origin_s, self
        )
        self._clock.audio_error.connect(self.error)
        self._playing = False
        self._speed = 1.0
        self._target = 0
        self._ended = False
        self._held: DecodedImage | None = None  # due primary frame waiting for the angles
        self.stats = PlaybackStats()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        period_ms = 1000.0 / max(primary.fps, 1.0)
        self._timer.setInterval(int(max(4.0, min(10.0, period_ms / 4))))
        self._grace_ms = period_ms
        self._timer.timeout.connect(self._tick)
        self._frame_ready.connect(self._take_requested, Qt.ConnectionType.QueuedConnection)
        self.seek_frame(0)

    # -- facts -----------------------------------------------------------------------------

    @property
    def frame_times_ms(self) -> Sequence[int]:
        """Presentation time (ms) of every primary frame; the authority for frame ↔ time."""
        return self._times

    @property
    def current_frame(self) -> int:
        """The primary frame on screen (or, just after a seek or step, about to be)."""
        return self._target

    @property
    def current_ms(self) -> int:
        """Media time (ms) of ``current_frame``'s start: where a code placed now belongs."""
        return self._times[self._target]

    @property
    def playing(self) -> bool:
        """True while playing."""
        return self._playing

    @property
    def speed(self) -> float:
        """Playback speed (× real time)."""
        return self._speed

    @property
    def muted(self) -> bool:
        """True when there is no sound (no audio stream or no audio device)."""
        return self._clock.muted

    @property
    def camera_count(self) -> int:
        """Number of camera angles (the primary is camera 0)."""
        return len(self._cameras)

    def camera_info(self, camera: int) -> VideoInfo:
        """The ``VideoInfo`` of one camera."""
        return self._cameras[camera].worker.info

    def duration_ms(self) -> int:
        """Length of the primary video in ms."""
        return self._cameras[0].worker.info.duration_ms

    # -- commands --------------------------------------------------------------------------

    def play(self) -> None:
        """Play from the current frame (from the start when at the last frame)."""
        if self._playing:
            return
        if self._target >= len(self._times) - 1:
            self._target = 0
        self._playing = True
        self.stats = PlaybackStats()
        self._start_from(self._target)
        self._timer.start()
        self.playing_changed.emit(True)

    def play_from_ms(self, ms: int) -> None:
        """Play from the frame on screen at media time ``ms``: one seek, whether playing or
        paused (paused, a seek and then ``play`` would decode the frame twice)."""
        if self._playing:
            self.seek_ms(ms)
            return
        self._target = frame_at_ms(self._times, int(ms))
        self.play()

    def pause(self) -> None:
        """Stop on the frame on screen; secondary angles settle on their exact frames."""
        if not self._playing:
            return
        self._playing = False
        self._timer.stop()
        self._clock.stop()
        for camera in self._cameras:
            camera.worker.stop()
        self.playing_changed.emit(False)
        self.seek_frame(self._target)

    def toggle_play(self) -> None:
        """Play when paused, pause when playing."""
        self.pause() if self._playing else self.play()

    def seek_frame(self, index: int) -> None:
        """Show primary frame ``index`` (clamped), and the matching frame of every angle."""
        self._target = min(max(int(index), 0), len(self._times) - 1)
        if self._playing:
            self._clock.stop()
            self._start_from(self._target)
            return
        ms = self._times[self._target]
        self._cameras[0].worker.show(self._target)
        for number, camera in enumerate(self._cameras[1:], start=1):
            expected = secondary_frame(ms, camera.offset_ms, camera.times)
            if expected is None:
                camera.worker.stop()
                self._show(number, None)
            else:
                camera.worker.show(expected)

    def seek_ms(self, ms: int) -> None:
        """Show the frame on screen at media time ``ms`` (the last frame starting at or before)."""
        self.seek_frame(frame_at_ms(self._times, int(ms)))

    def step(self, frames: int) -> None:
        """Pause and move ``frames`` frames (negative: back) from the current frame."""
        self.pause()
        self.seek_frame(self._target + frames)

    def skip_ms(self, delta_ms: int) -> None:
        """Move by ``delta_ms`` of media time (keeps playing if playing)."""
        self.seek_ms(self.current_ms + delta_ms)

    def set_speed(self, speed: float) -> None:
        """Play at ``speed``× (clamped to 0.1–4); the pitch of the sound is kept."""
        speed = min(max(float(speed), MIN_SPEED), MAX_SPEED)
        if speed == self._speed:
            return
        self._speed = speed
        if self._playing:
            self._clock.stop()
            self._start_from(self._target)
        self.speed_changed.emit(speed)

    def set_display_size(self, camera: int, width: int, height: int) -> None:
        """Decode ``camera``'s frames at about this size (px, upright) rather than in full."""
        info = self._cameras[camera].worker.info
        scale = min(width / info.width, height / info.height, 1.0)
        size = (max(2, round(info.width * scale)), max(2, round(info.height * scale)))
        self._cameras[camera].worker.set_display_size(size)
        if not self._playing:
            self.seek_frame(self._target)

    def close(self) -> None:
        """Stop playing and end the decoding threads."""
        if hasattr(self, "_timer"):
            self._timer.stop()
            self._clock.close()
        for camera in self._cameras:
            camera.worker.close()
        self._cameras = []

    # -- internals -------------------------------------------------------------------------

    def _notify(self) -> None:
        """Called on a worker thread when an image is ready."""
        if not self._playing:
            self._frame_ready.emit()

    def _start_from(self, index: int) -> None:
        ms = self._times[index]
        self._ended = False
        self._held = None
        for camera in self._cameras[1:]:
            camera.reset()
        self._clock.start(ms, self._speed)
        self._cameras[0].worker.set_clock_hint(ms)
        self._cameras[0].worker.play(index)
        for camera in self._cameras[1:]:
            expected = secondary_frame(ms, camera.offset_ms, camera.times)
            camera.worker.set_clock_hint(ms - camera.offset_ms)
            camera.worker.play(expected if expected is not None else 0)

    def _take_requested(self) -> None:
        """Show frames decoded for a seek or step (paused)."""
        if self._playing:
            return
        for number, camera in enumerate(self._cameras):
            item: DecodedImage | None = None
            while (next_item := camera.worker.take()) is not None:
                item = next_item
            if item is not None:
                self._show_item(number, item)

    def _show_item(self, number: int, item: DecodedImage) -> None:
        if item.error is not None:
            self.error.emit(item.error)
            return
        if item.end or item.image is None:
            return
        self._show(number, item)

    def _show(self, number: int, item: DecodedImage | None) -> None:
        camera = self._cameras[number]
        camera.shown = None if item is None else item.index
        if item is None:
            self.frame_shown.emit(ShownFrame(number, None, None, None))
            return
        self.frame_shown.emit(ShownFrame(number, item.index, item.ms, item.image))
        if number == 0:
            if self._playing:
                self._target = item.index
            self.position_changed.emit(item.ms, item.index)

    def _tick(self) -> None:
        """While playing: feed the sound, then show the primary frame that is due together with
        every angle's matching frame (holding it briefly until they have one)."""
        self._clock.pump()
        now = self._clock.position_ms()
        self._cameras[0].worker.set_clock_hint(now)
        for camera in self._cameras[1:]:
            camera.aim(now)
        due, ended = self._due(self._cameras[0].worker, _due_at(now, self._grace_ms))
        if due is not None and due.error is not None:
            self.error.emit(due.error)
            self.pause()
            return
        self._held = due or self._held
        held = self._held
        if held is not None:
            ready = [camera.ready_for(held.ms) for camera in self._cameras[1:]]
            if all(ready) or now - held.ms > SYNC_WAIT_MS:
                self._held = None
                self._show_together(held)
        self._ended = self._ended or ended
        if self._ended and self._held is None and now >= self.duration_ms():
            self.pause()

    def _show_together(self, item: DecodedImage) -> None:
        shown = self._cameras[0].shown
        if shown is not None and item.index > shown + 1:
            self.stats.dropped += item.index - shown - 1
        self.stats.shown += 1
        for number, camera in enumerate(self._cameras[1:], start=1):
            frame = camera.frame_for(item.ms)
            if frame is not None:
                self._show(number, None if frame is BLANK else frame)
            drift = camera.drift(item.ms)
            self.stats.max_drift_frames = max(self.stats.max_drift_frames, drift)
        self._show(0, item)

    @staticmethod
    def _due(
        worker: DecoderWorker, is_due: Callable[[DecodedImage], bool]
    ) -> tuple[DecodedImage | None, bool]:
        """Take every queued image that is due; returns the newest and whether the end came."""
        newest: DecodedImage | None = None
        while (head := worker.peek()) is not None:
            if head.end:
                worker.take()
                return newest, True
            if head.error is None and not is_due(head):
                break
            newest = worker.take()
            if newest is not None and newest.error is not None:
                break
        return newest, False
