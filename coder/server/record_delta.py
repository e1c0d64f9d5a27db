"""What an edit changed in a record's events: the difference the server applies to its rows.

An editor saves after each edit, and an edit touches one event or a few; sending only those keeps
a save's cost independent of the record's size. The difference is computed from the body last
saved (``previous``) and the body to save: events removed (by id), events changed where they
stand, and events placed (new ones, and ones whose order moved) each after a named event. Events
that keep their relative order are the longest run of old events in increasing old order, so an
event moved by a change of its time is placed again and nothing else is touched.

No database here: ``migrations`` (``schema_events``) applies the difference, ``records`` sends it.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

# Placing an event costs the server a few index look-ups; past this many, sending the whole
# record is cheaper.
MAX_PLACED = 256


@dataclass(frozen=True)
class EventsDelta:
    """An edit of a record's events, from ``base`` events to ``count`` events."""

    base: int
    count: int
    remove: tuple[str, ...]
    change: tuple[Mapping[str, Any], ...]
    place: tuple[tuple[str | None, Mapping[str, Any]], ...]  # (after id or None: first, event)

    @property
    def is_empty(self) -> bool:
        return not (self.remove or self.change or self.place)

    def as_json(self) -> dict[str, Any]:
        """The form the server's ``events_delta`` takes."""
        return {
            "kind": "change",
            "base": self.base,
            "count": self.count,
            "remove": list(self.remove),
            "change": list(self.change),
            "place": [{"after": after, "event": event} for after, event in self.place],
        }


def events_as_rows(body: Mapping[str, Any]) -> Sequence[Mapping[str, Any]] | None:
    """The body's events when the server keeps them as rows (a list of objects with distinct
    string ids), else None."""
    events = body.get("events")
    if not isinstance(events, list):
        return None
    ids = set()
    for event in events:
        if not isinstance(event, dict):
            return None
        event_id = event.get("id")
        if not isinstance(event_id, str):
            return None
        ids.add(event_id)
    return events if len(ids) == len(events) else None


def events_delta(
    previous: Sequence[Mapping[str, Any]], current: Sequence[Mapping[str, Any]]
) -> EventsDelta | None:
    """The edit from ``previous`` to ``current`` events (both as ``events_as_rows`` gives
    them), or None when sending every event is cheaper."""
    old_index = {event["id"]: i for i, event in enumerate(previous)}
    kept = _kept_positions(old_index, current)
    remove = [i for i in old_index.keys() - {e["id"] for e in current}]
    change: list[Mapping[str, Any]] = []
    place: list[tuple[str | None, Mapping[str, Any]]] = []
    after: str | None = None
    for position, event in enumerate(current):
        event_id = event["id"]
        if position in kept:
            old = previous[old_index[event_id]]
            if old is not event and old != event:
                change.append(event)
        else:
            if event_id in old_index:
                remove.append(event_id)  # moved: removed, then placed again
            place.append((after, event))
            if len(place) > MAX_PLACED:
                return None
        after = event_id
    return EventsDelta(
        base=len(previous),
        count=len(current),
        remove=tuple(sorted(remove)),
        change=tuple(change),
        place=tuple(place),
    )


def _kept_positions(old_index: Mapping[str, int], current: Sequence[Mapping[str, Any]]) -> set[int]:
    """Positions in ``current`` of the old events that keep their place: a longest subsequence
    whose old indices increase (all of them when no event moved, the usual case)."""
    positions = []
    olds = []
    for position, event in enumerate(current):
        old = old_index.get(event["id"])
        if old is not None:
            positions.append(position)
            olds.append(old)
    if all(a < b for a, b in pairwise(olds)):
        return set(positions)
    # Longest increasing subsequence (patience sorting, O(n log n)).
    tails: list[int] = []  # smallest old index ending a run of each length
    tail_at: list[int] = []  # where in ``olds`` that run ends
    before = [-1] * len(olds)
    for k, old in enumerate(olds):
        length = bisect.bisect_left(tails, old)
        before[k] = tail_at[length - 1] if length else -1
        if length == len(tails):
            tails.append(old)
            tail_at.append(k)
        else:
            tails[length] = old
            tail_at[length] = k
    kept = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        kept.add(positions[k])
        k = before[k]
    return kept
