"""A loaded session's values stay out of later garbage collections until the session closes."""

from __future__ import annotations

import gc

from coder.gui import collector_pauses


def test_loaded_values_are_left_out_until_released() -> None:
    kept = [[n] for n in range(1000)]  # long-lived values, as a session's records
    try:
        collector_pauses.keep_loaded()
        assert gc.get_freeze_count() >= len(kept)
        assert not any(gc.is_tracked(v) and v in gc.get_objects(generation=2) for v in kept[:3])
    finally:
        collector_pauses.release()
    assert gc.get_freeze_count() == 0
