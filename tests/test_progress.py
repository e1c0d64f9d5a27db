"""One progress signature: ``progress(fraction, message)``; ``within`` maps a stage into a range."""

from __future__ import annotations

from coder.progress import no_progress, within


def test_within_maps_a_stage_into_its_share_of_the_whole() -> None:
    seen: list[tuple[float, str]] = []
    stage = within(lambda f, m: seen.append((f, m)), 0.5, 0.9)
    stage(0.0, "start")
    stage(0.5, "half")
    stage(2.0, "over")  # clamped: a stage never reports past its share
    assert seen == [(0.5, "start"), (0.7, "half"), (0.9, "over")]
    assert no_progress(0.3, "nothing") is None
