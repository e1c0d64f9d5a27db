"""Two coders' annotations of a demo session that mostly agree, as real coding would.

The first coder's record is drawn from a seeded random process; the second coder's is the first
with boundaries moved by a few frames, an occasional different code, a missed vocalisation and
ratings off by one now and then, so reliability has something real to show.
"""

from __future__ import annotations

import random
from dataclasses import replace

from coder.annotations.model import Classification, Event, Rating, Segment
from coder.scheme.model import Scheme

FRAME_MS = 40


def _contiguous_states(
    rng: random.Random, codes: list[str], start: int, end: int, mean_ms: int, *, gaps: bool
) -> list[Event]:
    events, t = [], start
    while t < end - 1000:
        length = max(FRAME_MS * 10, int(rng.expovariate(1 / mean_ms)))
        stop = min(end, t + length)
        events.append(Event.make(rng.choice(codes), t, stop))
        t = stop + (rng.choice([0, 0, FRAME_MS * rng.randint(10, 60)]) if gaps else 0)
    return events


def first_coder_events(scheme: Scheme, duration_ms: int, rng: random.Random) -> list[Event]:
    """A plausible record of the demo interaction scheme over ``duration_ms``."""

    def ids(stream: str) -> list[str]:
        return [c.id for c in scheme.codes_in_stream(stream) if not c.uncodable]

    events = _contiguous_states(rng, ids("infant_gaze"), 0, duration_ms, 3500, gaps=True)
    events += _contiguous_states(rng, ids("infant_affect"), 0, duration_ms, 6000, gaps=False)
    t = rng.randint(1000, 4000)
    while t < duration_ms - 3000:
        length = rng.randint(1500, 5000)
        end = min(t + length, duration_ms)  # a short video must not end inside a touch
        events.append(Event.make(rng.choice(ids("mother_touch")), t, end))
        t += length + rng.randint(2000, 9000)
    tones = scheme.modifier("voc_tone")
    values = tones.values if tones is not None else ["neutral"]
    t = rng.randint(500, 2000)
    while t < duration_ms - 500:
        code = rng.choice(["infant_vocal", "mother_vocal", "mother_vocal"])
        events.append(Event.make(code, t, None, modifiers={"voc_tone": rng.choice(values)}))
        t += rng.randint(1200, 5000)
    return [
        replace(e, start_ms=e.start_ms // FRAME_MS * FRAME_MS) if e.end_ms is None else e
        for e in events
    ]


def second_coder_events(
    scheme: Scheme, events: list[Event], duration_ms: int, rng: random.Random
) -> list[Event]:
    """The first coder's events seen by a second, slightly different pair of eyes."""
    shifts: dict[int, int] = {}

    def moved(ms: int) -> int:
        # Shared boundaries move together, so exclusive streams stay without overlaps.
        if ms not in shifts:
            shifts[ms] = rng.choice([0, 0, 0, FRAME_MS, -FRAME_MS, 2 * FRAME_MS, -3 * FRAME_MS])
        return min(max(ms + shifts[ms], 0), duration_ms)

    result: list[Event] = []
    for event in events:
        code = scheme.code(event.code)
        stream = scheme.stream_of(event.code)
        if event.end_ms is None:
            if rng.random() < 0.1:
                continue  # a missed vocalisation
            result.append(
                Event.make(event.code, moved(event.start_ms), None, modifiers=event.modifiers)
            )
            continue
        name = event.code
        if rng.random() < 0.12 and code is not None:
            others = [c.id for c in scheme.codes_in_stream(stream) if not c.uncodable]
            name = rng.choice(others)
        start, end = moved(event.start_ms), moved(event.end_ms)
        if end > start:
            result.append(Event.make(name, start, end, modifiers=event.modifiers))
    return result


def free_play_segments(scheme: Scheme, duration_ms: int) -> list[Segment]:
    """Equal consecutive segments covering the session, one per scheme segment."""
    count = len(scheme.segments)
    bounds = [round(i * duration_ms / count) // FRAME_MS * FRAME_MS for i in range(count)] + [
        duration_ms
    ]
    return [Segment.make(s.id, bounds[i], bounds[i + 1]) for i, s in enumerate(scheme.segments)]


def ratings_for(
    scheme: Scheme,
    segments: list[Segment],
    rng: random.Random,
    *,
    base: dict[str, float] | None = None,
) -> list[Rating]:
    """Ratings for every item in every marked segment; near ``base`` when given (a second coder)."""
    marked = {s.segment for s in segments}
    result = []
    for item in scheme.ratings:
        for segment in item.segments:
            if segment not in marked and segment != "session":
                continue
            key = f"{item.id}/{segment}"
            if base is not None and key in base:
                value = base[key] + rng.choice([0, 0, 0, 1, -1])
            else:
                value = rng.randint(item.min + 1, item.max - 1)
            result.append(Rating(item.id, segment, float(min(max(value, item.min), item.max))))
    return result


def ssp_segments(duration_ms: int, rng: random.Random) -> list[Segment]:
    """Eight episodes (demo-length): episode 1 short, separation 1 curtailed."""
    weights = [0.5, 1, 1, 0.6, 1.2, 1, 1, 1]
    total = sum(weights)
    bounds = [0]
    for w in weights:
        bounds.append(bounds[-1] + int(duration_ms * w / total) // FRAME_MS * FRAME_MS)
    bounds[-1] = duration_ms
    return [
        Segment.make(f"ep{i + 1}", bounds[i], bounds[i + 1], curtailed=(i == 3), extended=(i == 4))
        for i in range(8)
    ]


def ssp_classification(kind: str, second: bool) -> Classification:
    """A secure case (the coders disagree on subgroup) or a disorganised one with its forced choice."""
    if kind == "secure":
        return Classification(major="B", subgroup="B1" if second else "B3", d_rating=2)
    return Classification(major="D", forced="A2" if second else "A1", d_rating=5 if second else 7)
