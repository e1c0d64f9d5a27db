"""The packet timestamp index and its pieces."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from coder.media.frame_cache import FrameCache
from coder.media.frame_index import index_from_packets, pts_to_ms
from coder.media.playback_clock import WallClock


def test_decode_order_becomes_display_order() -> None:
    # I P B B in decode order, a 1/90000 time base at 30 fps.
    packets = [(0, True), (9000, False), (3000, False), (6000, False), (12000, True)]
    index = index_from_packets(packets, Fraction(1, 90000))
    assert index.pts == (0, 3000, 6000, 9000, 12000)
    assert index.times_ms == (0, 33, 67, 100, 133)
    assert index.keyframes == (0, 4)
    assert index.keyframe_at_or_before(3) == 0
    assert index.keyframe_at_or_before(4) == 4
    assert index.keyframe_before(4) == 0
    assert index.index_of_pts(6000) == 2 and index.index_of_pts(1) is None


@given(st.integers(0, 10**9), st.integers(1, 10**6))
def test_pts_to_ms_rounds_half_up(pts: int, denominator: int) -> None:
    exact = Fraction(pts, denominator) * 1000
    assert pts_to_ms(pts, 0, Fraction(1, denominator)) == int(exact + Fraction(1, 2))


def test_cache_evicts_least_recently_used() -> None:
    cache: FrameCache[str] = FrameCache(max_bytes=3, size_of=len)
    cache.put(1, "a")
    cache.put(2, "b")
    cache.put(3, "c")
    assert cache.get(1) == "a"  # 1 is now the most recent
    cache.put(4, "d")
    assert 2 not in cache and 1 in cache and cache.bytes_used == 3


def test_wall_clock() -> None:
    now = [10.0]
    clock = WallClock(lambda: now[0])
    clock.start(1000, speed=0.5)
    now[0] += 2.0
    assert clock.position_ms() == 2000
    assert clock.stop() == 2000
    now[0] += 5.0
    assert clock.position_ms() == 2000 and not clock.running


def test_keyframe_byte_offsets_follow_display_order() -> None:
    packets = [(0, True, 100), (9000, False, 300), (3000, False, 200), (12000, True, 900)]
    index = index_from_packets(packets, Fraction(1, 90000), truncated=True)
    assert index.keyframes == (0, 3) and index.keyframe_pos == (100, 900)
    assert index.keyframe_position(3) == 900 and index.keyframe_position(1) is None
    assert index.truncated and not index.counted and index.exact_packets
