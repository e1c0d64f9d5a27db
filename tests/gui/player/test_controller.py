"""PlayerController: exact seeks and steps, playing, muted fallback, cameras in sync."""

from __future__ import annotations

import random

import pytest
from media_samples import Sample, read_index

from coder.gui.player import ShownFrame
from coder.media.cameras import secondary_frame
from coder.timebase import frame_at_ms


class Shown:
    """Records every frame the controller shows, per camera."""

    def __init__(self, controller) -> None:  # type: ignore[no-untyped-def]
        self.frames: dict[int, ShownFrame] = {}
        controller.frame_shown.connect(self._on)

    def _on(self, frame: ShownFrame) -> None:
        self.frames[frame.camera] = frame

    def index_in_pixels(self, camera: int = 0) -> int:
        frame = self.frames[camera]
        assert frame.image is not None
        return read_index(frame.image)  # type: ignore[arg-type]


def _seek_and_wait(qtbot, controller, index: int) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(controller.position_changed, timeout=5000) as blocker:
        controller.seek_frame(index)
    while blocker.args[1] != index:  # an earlier request's frame may land first
        blocker = qtbot.waitSignal(controller.position_changed, timeout=5000)
        blocker.wait()


def test_seek_shows_exactly_that_frame(qtbot, samples: dict[str, Sample], make_controller):  # type: ignore[no-untyped-def]
    controller = make_controller([samples["cfr"].path])
    shown = Shown(controller)
    for index in random.Random(1).sample(range(300), 12):
        _seek_and_wait(qtbot, controller, index)
        assert controller.current_frame == index
        assert controller.current_ms == controller.frame_times_ms[index]
        assert shown.index_in_pixels() == index


def test_seek_ms_on_variable_rate_file(qtbot, samples: dict[str, Sample], make_controller):  # type: ignore[no-untyped-def]
    controller = make_controller([samples["vfr"].path])
    shown = Shown(controller)
    times = controller.frame_times_ms
    for ms in (0, 29, 30, 31, 1234, 5000, times[-1], times[-1] + 500):
        expected = frame_at_ms(times, ms)
        with qtbot.waitSignal(controller.position_changed, timeout=5000):
            controller.seek_ms(ms)
        qtbot.waitUntil(lambda e=expected: shown.frames[0].index == e, timeout=5000)
        assert shown.index_in_pixels() == expected


def test_steps_forward_and_back(qtbot, samples: dict[str, Sample], make_controller):  # type: ignore[no-untyped-def]
    controller = make_controller([samples["cfr"].path])
    shown = Shown(controller)
    _seek_and_wait(qtbot, controller, 120)
    for expected, step in ((121, 1), (122, 1), (121, -1), (120, -1), (119, -1), (69, -50)):
        with qtbot.waitSignal(controller.position_changed, timeout=5000):
            controller.step(step)
        assert controller.current_frame == expected
        assert shown.index_in_pixels() == expected


def test_play_then_pause_muted_without_dialog(qtbot, samples: dict[str, Sample], make_controller):  # type: ignore[no-untyped-def]
    controller = make_controller([samples["cfr"].path])
    shown = Shown(controller)
    with qtbot.waitSignal(controller.playing_changed, timeout=2000) as blocker:
        controller.play()
    assert blocker.args == [True]
    assert controller.muted  # offscreen: no audio device, so a wall clock runs instead
    qtbot.waitUntil(lambda: controller.current_frame >= 15, timeout=5000)
    with qtbot.waitSignal(controller.playing_changed, timeout=2000):
        controller.pause()
    qtbot.waitUntil(lambda: shown.frames[0].index == controller.current_frame, timeout=5000)
    assert shown.index_in_pixels() == controller.current_frame
    assert controller.stats.dropped <= 2


def test_plays_to_the_end_and_stops(qtbot, samples: dict[str, Sample], make_controller):  # type: ignore[no-untyped-def]
    controller = make_controller([samples["short"].path])
    _seek_and_wait(qtbot, controller, 80)
    controller.set_speed(4.0)
    with qtbot.waitSignal(controller.playing_changed, timeout=2000):
        controller.play()
    blocker = qtbot.waitSignal(controller.playing_changed, timeout=5000)
    blocker.wait()
    assert blocker.args == [False]
    assert controller.current_frame == 89


def test_speed_is_clamped(qtbot, samples: dict[str, Sample], make_controller):  # type: ignore[no-untyped-def]
    controller = make_controller([samples["short"].path])
    with qtbot.waitSignal(controller.speed_changed) as blocker:
        controller.set_speed(10)
    assert blocker.args == [4.0]
    controller.set_speed(0.01)
    assert controller.speed == 0.1


@pytest.mark.parametrize("offset", [700, -1300])
def test_two_cameras_in_sync(qtbot, samples: dict[str, Sample], make_controller, offset: int):  # type: ignore[no-untyped-def]
    controller = make_controller([samples["cfr"].path, samples["short"].path], [offset])
    shown = Shown(controller)
    second_times = controller._cameras[1].times
    for index in (0, 10, 17, 18, 40, 100, 299):
        expected = secondary_frame(controller.frame_times_ms[index], offset, second_times)
        controller.seek_frame(index)
        qtbot.waitUntil(
            lambda i=index, e=expected: 0 in shown.frames and 1 in shown.frames
            and shown.frames[0].index == i and shown.frames[1].index == e,
            timeout=5000,
        )
        if expected is not None:
            assert shown.index_in_pixels(1) == expected
    # While playing, the second angle never drifts by more than one frame.
    _seek_and_wait(qtbot, controller, 10)
    controller.play()
    qtbot.waitUntil(lambda: controller.current_frame >= 40, timeout=5000)
    controller.pause()
    assert controller.stats.max_drift_frames <= 1
    qtbot.waitUntil(lambda: shown.frames[0].index == controller.current_frame, timeout=5000)
    expected = secondary_frame(controller.current_ms, offset, second_times)
    qtbot.waitUntil(lambda: shown.frames[1].index == expected, timeout=5000)


def test_sound_that_cannot_be_decoded_is_reported(  # type: ignore[no-untyped-def]
    qtbot, samples: dict[str, Sample], make_controller, monkeypatch
):
    from coder.errors import MediaError
    from coder.media import audio

    def broken(reader, start_ms, speed=1.0):  # type: ignore[no-untyped-def]
        raise MediaError("cannot decode the audio: Invalid argument", path=reader.path)
        yield  # a generator, like PcmReader.chunks

    monkeypatch.setattr(audio.PcmReader, "chunks", broken)
    controller = make_controller([samples["cfr"].path])
    with qtbot.waitSignal(controller.error, timeout=5000) as blocker:
        controller.play()
    error = blocker.args[0]
    assert isinstance(error, MediaError) and error.path == samples["cfr"].path
    assert "no sound" in error.message and "cannot decode the audio" in error.message
    controller.pause()


def test_audio_only_recording_steps_by_time_and_plays(  # type: ignore[no-untyped-def]
    qtbot, samples: dict[str, Sample], make_controller
):
    from media_samples import CACHE_DIR

    from coder.media import STEP_MS

    controller = make_controller([CACHE_DIR / "audio_only.m4a"])  # 1 s of sound, no video
    shown = Shown(controller)
    assert controller.camera_info(0).audio_only
    _seek_and_wait(qtbot, controller, 10)
    assert controller.current_ms == 10 * STEP_MS
    with qtbot.waitSignal(controller.position_changed, timeout=5000):
        controller.step(1)
    assert controller.current_ms == 11 * STEP_MS
    image = shown.frames[0].image
    assert image is not None and image.shape[2] == 4  # a waveform picture, painted like video
    _seek_and_wait(qtbot, controller, 0)
    controller.set_speed(2.0)
    with qtbot.waitSignal(controller.playing_changed, timeout=2000):
        controller.play()
    qtbot.waitUntil(lambda: controller.current_ms >= 400, timeout=5000)
    controller.pause()


def test_play_from_a_time_asks_the_decoder_once(qtbot, samples: dict[str, Sample], make_controller):  # type: ignore[no-untyped-def]
    """Paused or playing, playing from a time is one request to the decoder (a seek and then
    a play would decode the first frame twice), and the frames shown start there."""
    controller = make_controller([samples["cfr"].path])
    shown = Shown(controller)
    worker = controller._cameras[0].worker
    start_ms = controller.frame_times_ms[120]
    for _ in range(2):  # paused, then playing
        before = worker.generation
        controller.play_from_ms(start_ms)
        assert worker.generation == before + 1
        assert controller.playing
        qtbot.waitUntil(lambda: 0 in shown.frames and shown.frames[0].index >= 120, timeout=5000)
    controller.pause()
