"""What an edit changed in a record's events: the difference the server applies to its rows.

An editor saves after each edit, and an edit touches one event or a few; sending only those keeps
a save's cost on the server independent of the record's size. The difference is computed from
the body last saved (``previous``) and the body to save: events removed (by id), events changed
where they stand, and events placed (new ones, and ones whose order moved) each between two named
events: the one before it in the new order and the next event that keeps its place (the server
finds both through the primary key and puts the event between them). Events that keep their relative order are the longest run of old events in increasing old
order, so an event moved by a change of its time is placed again and nothing else is touched.

No database here: ``migrations`` (``schema_events``) applies the difference, ``records`` sends it.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

# Each event removed, changed or placed costs the server a statement or two; past this many,
# sending the whole record is cheaper.
MAX_TOUCHED = 256

Events = Sequence[Mapping[str, Any]]
_ID = itemgetter("id")


@dataclass(frozen=True)
class EventsDelta:
    """An edit of a record's events, from ``base`` events to ``count`` events."""

    base: int
    count: int
    remove: tuple[str, ...]
    change: tuple[Mapping[str, Any], ...]
    # (after: the id before it, None: first; before: the next kept event's id, None: none; event)
    place: tuple[tuple[str | None, str | None, Mapping[str, Any]], ...]

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
            "place": [
                {"after": after, "before": before, "event": event}
                for after, before, event in self.place
            ],
        }


def events_as_rows(body: Mapping[str, Any]) -> Events | None:
    """The body's events when the server keeps them as rows (a list of objects with distinct
    string ids), else None."""
    events = body.get("events")
    return events if type(events) is list and _distinct_ids(events) is not None else None


def _distinct_ids(events: Sequence[Any]) -> tuple[list[str], set[str]] | None:
    """The events' ids (as a list and a set) when every event is an object with a string id,
    no two the same."""
    if not set(map(type, events)) <= {dict}:
        return None
    try:
        ids = list(map(_ID, events))
    except KeyError:
        return None
    distinct = set(ids)
    if not set(map(type, ids)) <= {str} or len(distinct) != len(ids):
        return None
    return ids, distinct


def events_delta(previous: Sequence[Any], current: Sequence[Any]) -> EventsDelta | None:
    """The edit from ``previous`` to ``current`` events, or None when it cannot be sent as one
    (either list is not one of objects with distinct string ids) or sending every event is
    cheaper."""
    found = _distinct_ids(current)
    if found is None or type(previous) is not list:
        return None
    current_ids, current_set = found
    # The events before and after the edited stretch are equal in both lists (compared as whole
    # slices, a C loop); only the stretch between is looked at event by event.
    head = _common_run(previous, current, 0)
    tail = _common_run(previous, current, head, from_end=True)
    old_window = previous[head:len(previous) - tail]
    window = current[head:len(current) - tail]
    ids = current_ids[head:len(current) - tail]
    found_old = _distinct_ids(old_window)
    if found_old is None:
        return None
    old_ids, old_set = found_old
    # ``previous`` has distinct ids too: those around the stretch are ``current``'s.
    if any(i in current_set for i in old_set.difference(ids)):
        return None
    old_index = {event_id: i for i, event_id in enumerate(old_ids)}
    olds = [old_index.get(event_id) for event_id in ids]
    moved = _moved(olds)
    touched = [p for p, old in enumerate(olds) if old is None or old_window[old] != window[p]]
    if moved:
        touched = sorted(moved.union(touched))
    remove = list(old_set.difference(ids))
    change: list[Mapping[str, Any]] = []
    place: list[tuple[str | None, str | None, Mapping[str, Any]]] = []
    # The next event that keeps its place, for each position of the stretch (from its end).
    following: str | None = current_ids[len(current) - tail] if tail else None
    next_kept: list[str | None] = [None] * len(ids)
    for position in range(len(ids) - 1, -1, -1):
        next_kept[position] = following
        if olds[position] is not None and position not in moved:
            following = ids[position]
    for position in touched:
        event = window[position]
        if olds[position] is not None and position not in moved:
            change.append(event)
            continue
        if olds[position] is not None:
            remove.append(ids[position])  # moved: removed, then placed again
        if position:
            after: str | None = ids[position - 1]
        else:
            after = current_ids[head - 1] if head else None
        place.append((after, next_kept[position], event))
    if len(remove) + len(change) + len(place) > MAX_TOUCHED:
        return None
    return EventsDelta(
        base=len(previous),
        count=len(current),
        remove=tuple(sorted(remove)),
        change=tuple(change),
        place=tuple(place),
    )


def _common_run(a: Events, b: Events, skip: int, *, from_end: bool = False) -> int:
    """How many events are equal in ``a`` and ``b`` from their start (or end), not counting
    the first ``skip`` of each; galloping over slices compared whole."""
    known, step, end = 0, 16, min(len(a), len(b)) - skip
    while known < end:
        upto = min(end, known + step)
        if from_end:
            same = a[len(a) - upto:len(a) - known] == b[len(b) - upto:len(b) - known]
        else:
            same = a[skip + known:skip + upto] == b[skip + known:skip + upto]
        if same:
            known, step = upto, step * 2
        elif upto - known == 1:
            break
        else:
            step = (upto - known) // 2
    return known


def _moved(olds: Sequence[int | None]) -> set[int]:
    """Positions of old events whose order moved: all but a longest run of old events in
    increasing old order (none when no event moved, the usual case)."""
    positions = [p for p, old in enumerate(olds) if old is not None]
    present = [olds[p] for p in positions]
    if present == sorted(present):  # type: ignore[type-var]
        return set()
    # Longest increasing subsequence (patience sorting, O(n log n)).
    tails: list[int] = []  # smallest old index ending a run of each length
    tail_at: list[int] = []  # where in ``present`` that run ends
    before = [-1] * len(present)
    for k, old in enumerate(present):
        assert old is not None
        length = bisect.bisect_left(tails, old)
        before[k] = tail_at[length - 1] if length else -1
        if length == len(tails):
            tails.append(old)
            tail_at.append(k)
        else:
            tails[length] = old
            tail_at[length] = k
    kept = set()
    k = tail_at[-1]
    while k >= 0:
        kept.add(positions[k])
        k = before[k]
    return set(positions) - kept
