"""Timeline geometry and hit-testing, free of Qt: time ↔ x, rows, and which event is under a point.

Times are integer media ms; x and y are widget pixels. Each scheme row keeps its events sorted by
start so the visible ones are found by bisection, never by scanning 10,000 events per repaint.
Events of one row that overlap in time are stacked in sub-lanes (assigned by time, so the same at
every zoom): every event stays visible; a row is as tall as its lanes need.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from itertools import accumulate

import numpy as np

from coder.annotations.model import Event
from coder.scheme.model import Scheme

LABEL_WIDTH = 150  # px: the row names on the left
RULER_HEIGHT = 22  # px: the time ruler on top
SEGMENT_HEIGHT = 20  # px: the band of segments/episodes
WAVE_HEIGHT = 36  # px: the audio waveform row
ROW_HEIGHT = 24  # px: one scheme row with one lane
LANE_HEIGHT = 14  # px: one sub-lane of a row whose events overlap
EDGE_GRAB = 5  # px: how near an edge counts as grabbing it
POINT_HALF = 4  # px: half width of a point event's marker
NEVER = int(np.iinfo(np.int64).max)  # a running state holds its sub-lane to the end


class Part(Enum):
    """Which part of an event a pointer is on."""

    BODY = "body"
    START = "start"
    END = "end"


@dataclass(frozen=True)
class Hit:
    event: Event
    part: Part


class RowIndex:
    """One row's events sorted by (start, id), with the longest duration for look-back bisection
    and each event's sub-lane.

    Kept up to date by ``update`` (events removed, added or replaced by id): each goes in or out
    of the sorted lists by bisection, and sub-lanes are reassigned only in the run of overlapping
    events around the change — an edit in a row of thousands costs what its neighbourhood costs.
    It always equals the index built from scratch over the same events (a property test pins it).
    """

    def __init__(self, events: Iterable[Event], is_state: Callable[[Event], bool]) -> None:
        self._is_state = is_state
        self.events = sorted(events, key=_key)
        self.keys = [_key(e) for e in self.events]
        self.starts = [e.start_ms for e in self.events]
        self.by_id = {e.id: e for e in self.events}
        self.codes: list[str] = []  # in order of first appearance: codes_a indexes it
        self._code_index: dict[str, int] = {}
        columns = [self._columns(e) for e in self.events]
        self.starts_a = np.array(self.starts, dtype=np.int64)
        self.ends_a = np.array([c[0] for c in columns], dtype=np.int64)
        self.until_a = np.array([c[1] for c in columns], dtype=np.int64)
        self.codes_a = np.array([c[2] for c in columns], dtype=np.int32)
        self.point_a = np.array([c[3] for c in columns], dtype=bool)
        self.open_a = np.array([c[4] for c in columns], dtype=bool)
        self.open = [e for e, c in zip(self.events, columns, strict=True) if c[4]]
        self.longest = int((self.ends_a - self.starts_a).max()) if self.events else 0
        self.lane_a = assign_lanes(self.starts_a, self.ends_a, self.point_a, self.open_a)
        self.lane_of = {e.id: int(lane) for e, lane in zip(self.events, self.lane_a.tolist(), strict=True)}
        self.lanes = int(self.lane_a.max()) + 1 if self.events else 1

    def _columns(self, event: Event) -> tuple[int, int, int, bool, bool]:
        """What the arrays hold of ``event``: end, busy-until, code number, point, open state."""
        unended, state = event.end_ms is None, self._is_state(event)
        point, running = unended and not state, unended and state
        code = self._code_index.get(event.code)
        if code is None:
            code = self._code_index[event.code] = len(self.codes)
            self.codes.append(event.code)
        return end_of(event), _busy_until(event.start_ms, end_of(event), point, running), code, point, running

    def update(self, removed: Iterable[str], added: Iterable[Event]) -> None:
        """Take the events with ids ``removed`` out and put ``added`` in (a changed event is in
        both), then reassign sub-lanes around them."""
        gone: list[Event] = [self.by_id.pop(i) for i in removed if i in self.by_id]
        for event in gone:
            at = bisect_left(self.keys, _key(event))
            del self.events[at], self.keys[at], self.starts[at]
            self._delete(at)
            self.lane_of.pop(event.id, None)
            self.open = [e for e in self.open if e.id != event.id]
        new = list(added)
        for event in new:
            key = _key(event)
            at = bisect_left(self.keys, key)
            self.events.insert(at, event)
            self.keys.insert(at, key)
            self.starts.insert(at, event.start_ms)
            self.by_id[event.id] = event
            self._insert(at, event)
            if self.open_a[at]:
                insort(self.open, event, key=_key)
        if not gone and not new:
            return
        durations = [end_of(e) - e.start_ms for e in new]
        if any(end_of(e) - e.start_ms >= self.longest for e in gone):
            self.longest = int((self.ends_a - self.starts_a).max()) if self.events else 0
        else:
            self.longest = max([self.longest, *durations])
        # the run of events whose lanes may differ: from the first to the last place touched
        places = [bisect_left(self.keys, _key(e)) for e in (*gone, *new)]
        lo, hi = min(places), max(places) + 1
        busy_before = max((_busy_until(e.start_ms, end_of(e), *self._kind(e)) for e in gone), default=-1)
        self._relane(lo, hi, busy_before)

    def _kind(self, event: Event) -> tuple[bool, bool]:
        unended, state = event.end_ms is None, self._is_state(event)
        return unended and not state, unended and state

    def _delete(self, at: int) -> None:
        for name in ("starts_a", "ends_a", "until_a", "codes_a", "point_a", "open_a", "lane_a"):
            setattr(self, name, np.delete(getattr(self, name), at))

    def _insert(self, at: int, event: Event) -> None:
        end, until, code, point, running = self._columns(event)
        for name, value in (("starts_a", event.start_ms), ("ends_a", end), ("until_a", until),
                            ("codes_a", code), ("point_a", point), ("open_a", running), ("lane_a", 0)):
            setattr(self, name, np.insert(getattr(self, name), at, value))

    def _relane(self, lo: int, hi: int, busy_before: int) -> None:
        """Reassign lanes from the last free point at or before ``lo`` to the first free point at
        or after ``hi`` that removed events (busy until ``busy_before``) did not cover either.

        A free point is an event that starts when every earlier one has ended: the greedy
        assignment starts afresh there, so lanes before and after the reassigned run are those
        a rebuild would give.
        """
        count = len(self.events)
        if not count:
            self.lanes = 1
            self.lane_of = {}
            return
        until = np.maximum.accumulate(self.until_a)
        free = np.ones(count, dtype=bool)
        free[1:] = until[:-1] <= self.starts_a[1:]
        lo = min(lo, count - 1)
        first = int(np.flatnonzero(free[: lo + 1])[-1])
        after = np.flatnonzero(free[hi:] & (self.starts_a[hi:] >= busy_before))
        last = hi + int(after[0]) if len(after) else count
        lanes = assign_lanes(self.starts_a[first:last], self.ends_a[first:last],
                             self.point_a[first:last], self.open_a[first:last])
        self.lane_a[first:last] = lanes
        for event, lane in zip(self.events[first:last], lanes.tolist(), strict=True):
            self.lane_of[event.id] = lane
        self.lanes = int(self.lane_a.max()) + 1

    def count_between(self, t0: int, t1: int) -> int:
        """How many events may overlap [t0, t1] ms (an upper bound, by bisection)."""
        return bisect_right(self.starts, t1) - bisect_left(self.starts, t0 - self.longest - 1)

    def coverage(self, start_ms: float, ms_per_px: float, width: int) -> tuple[list[tuple[str, int]], np.ndarray]:
        """Which of ``width`` pixel columns from ``start_ms`` each (code, lane) covers with ended
        events and points: the keys, and a boolean row of columns per key (in code order) —
        what a dense row looks like, in O(events) numpy. Open states are left out (they are
        drawn with the playhead)."""
        t1 = start_ms + ms_per_px * width
        lo = bisect_left(self.starts, int(start_ms) - self.longest - 1)
        hi = bisect_right(self.starts, int(t1) + 1)
        keep = ~self.open_a[lo:hi]
        starts, ends = self.starts_a[lo:hi][keep], self.ends_a[lo:hi][keep]
        codes, points = self.codes_a[lo:hi][keep], self.point_a[lo:hi][keep]
        codes = codes.astype(np.int64) * self.lanes + self.lane_a[lo:hi][keep]  # one key per (code, lane)
        left = np.floor((starts - start_ms) / ms_per_px).astype(np.int64)
        right = np.ceil((ends - start_ms) / ms_per_px).astype(np.int64)
        left = np.where(points, left - POINT_HALF + 1, left)
        right = np.where(points, left + 2 * POINT_HALF - 1, np.maximum(right, left + 1))
        left, right = np.clip(left, 0, width), np.clip(right, 0, width)
        shown = right > left
        if not shown.any():
            return [], np.zeros((0, width), dtype=bool)
        # one bincount for all (code, lane) keys: row k of the (keys × pixels) table is k's coverage
        stride = width + 1
        size = len(self.codes) * self.lanes * stride
        key_left = codes[shown].astype(np.int64) * stride + left[shown]
        key_right = codes[shown].astype(np.int64) * stride + right[shown]
        diff = (np.bincount(key_left, minlength=size) - np.bincount(key_right, minlength=size)).reshape(-1, stride)
        covered = np.cumsum(diff, axis=1)[:, :width] > 0
        used = np.flatnonzero(covered.any(axis=1))
        keys = [(self.codes[k // self.lanes], k % self.lanes) for k in used.tolist()]
        return keys, covered[used]

    def visible(self, t0: int, t1: int) -> list[Event]:
        """Events overlapping [t0, t1] ms, plus events without an end that start before t1."""
        lo = bisect_left(self.starts, t0 - self.longest - 1)
        hi = bisect_right(self.starts, t1)
        found = [e for e in self.events[lo:hi] if end_of(e) >= t0]
        seen = {e.id for e in found}
        return [e for e in self.open if e.start_ms < t0 and e.id not in seen] + found


def assign_lanes(starts: np.ndarray, ends: np.ndarray, points: np.ndarray, running: np.ndarray) -> np.ndarray:
    """The sub-lane of each event (sorted by start): the lowest lane free at its start. Events that
    only meet (one ends where the next starts) share a lane; a running state holds its lane to the
    end; two points at the same time take two lanes."""
    lane_ends: list[int] = []
    lanes = np.zeros(len(starts), dtype=np.int64)
    for i, (start, end, point, open_) in enumerate(zip(starts.tolist(), ends.tolist(), points.tolist(), running.tolist(), strict=True)):
        until = _busy_until(start, end, point, open_)
        for lane, busy in enumerate(lane_ends):
            if busy <= start:
                lane_ends[lane] = until
                lanes[i] = lane
                break
        else:
            lanes[i] = len(lane_ends)
            lane_ends.append(until)
    return lanes


def _key(event: Event) -> tuple[int, str]:
    return (event.start_ms, event.id)


def _busy_until(start: int, end: int, point: bool, running: bool) -> int:
    """Until when (ms) an event holds its sub-lane (what ``assign_lanes`` reckons with)."""
    return NEVER if running else (start + 1 if point else max(end, start + 1))


def end_of(event: Event) -> int:
    """An event's end in ms (its start for points and open states)."""
    return event.end_ms if event.end_ms is not None else event.start_ms


class TimelineModel:
    """What is drawn where: rows of the scheme, the visible time window and the events per row."""

    def __init__(self, scheme: Scheme, duration_ms: int, width: int = 800) -> None:
        self.scheme = scheme
        self.rows: list[str] = list(scheme.rows())
        self.duration_ms = max(1, duration_ms)
        self.width = width
        self.start_ms = 0
        self.ms_per_px = self.duration_ms / max(1, self.track_width)
        self.index: dict[str, RowIndex] = {}
        self._row_of: dict[str, str] = {}  # event id -> its row
        self._states = {c.id for c in scheme.codes if c.kind.value == "state"}
        self.row_heights = [ROW_HEIGHT] * len(self.rows)
        self._row_tops = self._tops()
        self.open_until_ms = 0
        self.fit = True  # showing the whole session: stays so when the widget resizes

    # -- geometry --------------------------------------------------------------------------
    @property
    def track_width(self) -> int:
        return max(10, self.width - LABEL_WIDTH)

    @property
    def rows_top(self) -> int:
        return RULER_HEIGHT + SEGMENT_HEIGHT + WAVE_HEIGHT

    @property
    def height(self) -> int:
        return self.rows_top + sum(self.row_heights)

    def _tops(self) -> list[int]:
        return [self.rows_top + before for before in accumulate([0, *self.row_heights[:-1]])] if self.rows else []

    def lanes(self, row: str) -> int:
        index = self.index.get(row)
        return index.lanes if index is not None else 1

    def lane_box(self, row: int, lane: int) -> tuple[float, float]:
        """Top y and height of sub-lane ``lane`` of row number ``row``."""
        top = self.row_top(row)
        if self.lanes(self.rows[row]) == 1:
            return top + 3, ROW_HEIGHT - 6
        return top + 3 + lane * LANE_HEIGHT, LANE_HEIGHT - 2

    def lane_at(self, row: int, y: float) -> int:
        lanes = self.lanes(self.rows[row])
        if lanes == 1:
            return 0
        return max(0, min(lanes - 1, int((y - self.row_top(row) - 3) // LANE_HEIGHT)))

    @property
    def end_ms(self) -> float:
        return self.start_ms + self.ms_per_px * self.track_width

    def x_of(self, ms: float) -> float:
        return LABEL_WIDTH + (ms - self.start_ms) / self.ms_per_px

    def ms_at(self, x: float) -> int:
        return round(self.start_ms + (x - LABEL_WIDTH) * self.ms_per_px)

    def row_top(self, row: int) -> int:
        return self._row_tops[row]

    def row_at(self, y: float) -> int | None:
        if y < self.rows_top or y >= self.height:
            return None
        return bisect_right(self._row_tops, y) - 1

    def resize(self, width: int) -> None:
        self.width = width
        if self.fit:
            self.show_all()
        self.clamp()

    # -- zoom and scroll -------------------------------------------------------------------
    def zoom(self, factor: float, around_ms: float | None = None) -> None:
        """Zoom by ``factor`` (>1 zooms in) keeping ``around_ms`` under the same x."""
        around = self.start_ms + self.ms_per_px * self.track_width / 2 if around_ms is None else around_ms
        x = self.x_of(around)
        most = self.duration_ms / self.track_width
        self.fit = False
        self.ms_per_px = min(most, max(1.0, self.ms_per_px / factor))
        self.start_ms = int(around - (x - LABEL_WIDTH) * self.ms_per_px)
        self.clamp()

    def show_all(self) -> None:
        self.fit = True
        self.ms_per_px = self.duration_ms / self.track_width
        self.start_ms = 0

    def scroll_to(self, start_ms: float) -> None:
        self.start_ms = int(start_ms)
        self.clamp()

    def clamp(self) -> None:
        self.ms_per_px = min(self.ms_per_px, self.duration_ms / self.track_width)
        span = self.ms_per_px * self.track_width
        self.start_ms = int(max(0, min(self.start_ms, self.duration_ms - span)))

    def follow(self, ms: int) -> None:
        """Scroll so that ``ms`` stays in view (page-wise, as a reader turns pages)."""
        if ms < self.start_ms or ms > self.end_ms:
            self.scroll_to(ms - self.ms_per_px * self.track_width * 0.1)

    # -- events ----------------------------------------------------------------------------
    def set_events(self, events: Sequence[Event], open_until_ms: int) -> None:
        """Rebuild the per-row sorted index (called when the document changes)."""
        self.open_until_ms = open_until_ms
        by_row: dict[str, list[Event]] = {row: [] for row in self.rows}
        for event in events:
            row = self.scheme.stream_of(event.code)
            by_row.setdefault(row, []).append(event)
        self.index = {row: RowIndex(evs, self._is_state) for row, evs in by_row.items()}
        self._row_of = {event.id: row for row, evs in by_row.items() for event in evs}
        self._relayout()

    def update_events(self, changed: Mapping[str, Event | None]) -> set[str]:
        """Take in edited events: ``changed`` maps each id an edit named to the event as it is
        now (None: removed). Only the rows concerned are updated, each in place; returns them."""
        removed: dict[str, list[str]] = {}
        added: dict[str, list[Event]] = {}
        for event_id, event in changed.items():
            old = self._row_of.pop(event_id, None)
            if old is not None:
                removed.setdefault(old, []).append(event_id)
            if event is not None:
                row = self.scheme.stream_of(event.code)
                self._row_of[event_id] = row
                added.setdefault(row, []).append(event)
        touched = set(removed) | set(added)
        for row in touched:
            index = self.index.get(row)
            if index is None:
                self.index[row] = RowIndex(added.get(row, ()), self._is_state)
            else:
                index.update(removed.get(row, ()), added.get(row, ()))
        self._relayout()
        return touched

    def _relayout(self) -> None:
        self.row_heights = [
            ROW_HEIGHT if (lanes := self.lanes(row)) == 1 else lanes * LANE_HEIGHT + 6 for row in self.rows
        ]
        self._row_tops = self._tops()

    def row_of_event(self, event_id: str) -> str | None:
        """The row an event of the document is drawn in (None: no such event)."""
        return self._row_of.get(event_id)

    def lane_of(self, event: Event) -> int:
        index = self.index.get(self.scheme.stream_of(event.code))
        return index.lane_of.get(event.id, 0) if index is not None else 0

    def is_dense(self, row: str) -> bool:
        """True when a row has more events in view than can be told apart (drawn as runs)."""
        index = self.index.get(row)
        return index is not None and index.count_between(int(self.start_ms), int(self.end_ms)) > self.track_width // 8

    def visible(self, row: str) -> list[Event]:
        index = self.index.get(row)
        if index is None:
            return []
        t0 = int(self.start_ms)
        t1 = int(self.end_ms) + 1
        return index.visible(t0, t1)

    def _is_state(self, event: Event) -> bool:
        return event.code in self._states

    def span_px(self, event: Event) -> tuple[float, float]:
        """Left and right x of an event as drawn (a point is a small marker)."""
        if event.end_ms is None and not self._is_state(event):
            x = self.x_of(event.start_ms)
            return x - POINT_HALF, x + POINT_HALF
        end = event.end_ms if event.end_ms is not None else max(self.open_until_ms, event.start_ms)
        return self.x_of(event.start_ms), max(self.x_of(end), self.x_of(event.start_ms) + 2)

    def hit(self, x: float, y: float) -> Hit | None:
        """The event (and part) under (x, y), preferring edges within EDGE_GRAB px."""
        row = self.row_at(y)
        if row is None or x < LABEL_WIDTH:
            return None
        best: Hit | None = None
        lane = self.lane_at(row, y)
        index = self.index.get(self.rows[row])
        for event in self.visible(self.rows[row]):
            if index is not None and index.lane_of.get(event.id, 0) != lane:
                continue
            left, right = self.span_px(event)
            is_point = event.end_ms is None and not self._is_state(event)
            if is_point:
                if left - 1 <= x <= right + 1:
                    best = Hit(event, Part.BODY)
                continue
            if abs(x - left) <= EDGE_GRAB:
                return Hit(event, Part.START)
            if event.end_ms is not None and abs(x - right) <= EDGE_GRAB:
                return Hit(event, Part.END)
            if left <= x <= right:
                best = Hit(event, Part.BODY)
        return best


def dragged(event: Event, part: Part, delta_ms: int, snap_fn: Callable[[int], int]) -> Event:
    """``event`` after dragging ``part`` by ``delta_ms`` (times snapped with ``snap_fn(ms)``)."""
    if part is Part.START:
        start = snap_fn(max(0, event.start_ms + delta_ms))
        if event.end_ms is not None:
            start = min(start, event.end_ms - 1)
        return replace(event, start_ms=start)
    if part is Part.END and event.end_ms is not None:
        end = snap_fn(max(0, event.end_ms + delta_ms))
        return replace(event, end_ms=max(end, event.start_ms + 1))
    start = snap_fn(max(0, event.start_ms + delta_ms))
    if event.end_ms is None:
        return replace(event, start_ms=start)
    return replace(event, start_ms=start, end_ms=start + (event.end_ms - event.start_ms))
