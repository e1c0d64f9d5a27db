"""Disagreements in the scheme's words: labels for rows, codes, segments and items (ids only in
tooltips), for the consensus workspace's list and decision pane."""

from __future__ import annotations

from typing import Any

from coder.annotations.wording import code_label, rating_label, segment_label, stream_label
from coder.gui.panels.time_text import short_timecode
from coder.reliability.disagreements import Disagreement, DisagreementKind
from coder.scheme.model import Scheme


def describe_value(item: Disagreement, value: Any, scheme: Scheme | None = None, *, times: bool = True) -> str:
    """A coder's side of a disagreement in a few words (``times``: with its start and end)."""
    if value is None:
        return "nothing"
    if item.kind is DisagreementKind.RATING:
        return f"{value:g}" if isinstance(value, int | float) else str(value)
    if item.kind in (DisagreementKind.EVENT, DisagreementKind.SEGMENT):
        raw = value.get("code") or value.get("segment", "")
        if scheme is None:
            name = raw
        else:
            name = code_label(scheme, raw) if "code" in value else segment_label(scheme, raw)
        end = value.get("end_ms")
        span = short_timecode(value["start_ms"]) + ("" if end is None else f"–{short_timecode(end)}")
        mods = ", ".join(str(v) for v in (value.get("modifiers") or {}).values())
        flags = [f for f in ("curtailed", "extended") if value.get(f)]
        return " ".join(p for p in (name, span if times else "", f"({mods})" if mods else "", " ".join(flags)) if p)
    text = value.get("subgroup") or value.get("major") or "none"
    if value.get("d_rating") is not None:
        text += f", D rating {value['d_rating']:g}"
    if value.get("forced"):
        text += f", forced {value['forced']}"
    return str(text)


def where_text(item: Disagreement, scheme: Scheme) -> str:
    """Where the coders disagree: the row and time, the item and segment, or the classification."""
    at = f" at {short_timecode(item.time_ms)}" if item.time_ms is not None else ""
    if item.kind is DisagreementKind.EVENT:
        return f"{stream_label(scheme, item.stream or '')}{at}"
    if item.kind is DisagreementKind.RATING:
        return f"{rating_label(scheme, item.item or '')} · {segment_label(scheme, item.segment or '')}"
    if item.kind is DisagreementKind.SEGMENT:
        return f"{segment_label(scheme, item.segment or '')} boundaries"
    return "Classification"


def what_text(item: Disagreement, scheme: Scheme) -> str:
    """Each coder's side, e.g. "ana: Gaze to object 0:12–0:15 · ben: nothing"."""
    times = item.kind is DisagreementKind.SEGMENT  # an event's time is in its "where"
    return " · ".join(f"{coder}: {describe_value(item, value, scheme, times=times)}" for coder, value in item.values)


def span_of(item: Disagreement) -> tuple[int | None, int | None]:
    """The media time a disagreement covers (ms), for seeking, looping and the highlight."""
    starts, ends = [], []
    for _coder, value in item.values:
        if isinstance(value, dict) and "start_ms" in value:
            starts.append(value["start_ms"])
            ends.append(value.get("end_ms") or value["start_ms"])
    if not starts:
        return item.time_ms, item.time_ms
    return min(starts), max(ends)
