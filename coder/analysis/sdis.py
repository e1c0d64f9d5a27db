"""SDIS export: sessions as GSEQ's Sequential Data Interchange Standard text (Bakeman & Quera).

Two of SDIS's data types are written:

- **Timed** (default): the declaration lists every code; the codes of a stream that is both
  exclusive and exhaustive (at every moment exactly one of them is on) are grouped in
  parentheses, SDIS's mark of a mutually exclusive and exhaustive set; each session is ``<label>`` followed by ``code,onset-offset`` for each event in
  onset order (times in seconds with 3 decimals; a point event is written with its onset only,
  which SDIS reads as lasting one time unit) and ends with the session's end time ``,end`` and ``/``.
- **Event**: codes in onset order separated by spaces (one stream or several merged), ``/`` ends
  a session.

Lines starting with ``%`` are comments. SDIS codes are letters, digits and ``_``, which scheme
code ids already are. The syntax follows Bakeman & Quera (2011, ch. 4) and the form BORIS writes
for GSEQ; check a first export in GSEQ before relying on it.
"""

from __future__ import annotations

from collections.abc import Sequence

from coder.analysis.sequences import merged_sequence, session_end_ms
from coder.analysis.time_budget import SessionData
from coder.errors import AnalysisError
from coder.scheme.model import Scheme


def _seconds(ms: int) -> str:
    return f"{ms / 1000:.3f}"


def _declaration(kind: str, scheme: Scheme, streams: Sequence[str]) -> str:
    parts = []
    for stream in streams:
        codes = " ".join(c.id for c in scheme.codes_in_stream(stream))
        definition = scheme.stream(stream)
        exhaustive = definition is not None and definition.exclusive and definition.exhaustive
        parts.append(f"({codes})" if exhaustive else codes)
    return f"{kind} {' '.join(parts)};"


def sdis_text(sessions: Sequence[SessionData], scheme: Scheme, *, streams: Sequence[str] | None = None,
              kind: str = "timed", title: str = "") -> str:
    """The SDIS file of ``sessions`` (Timed or Event data) over ``streams`` (default: all rows)."""
    streams = list(streams) if streams is not None else scheme.rows()
    unknown = [s for s in streams if s not in scheme.rows()]
    if unknown:
        raise AnalysisError(f"scheme '{scheme.id}' has no stream {', '.join(unknown)}")
    lines = [f"% SDIS data written by Coder: scheme {scheme.id} {scheme.version}" + (f"; {title}" if title else "")]
    if kind == "timed":
        lines.append(_declaration("Timed", scheme, streams))
        wanted = {c.id for s in streams for c in scheme.codes_in_stream(s)}
        for data in sessions:
            events = sorted((e for e in data.annotations.events if e.code in wanted),
                            key=lambda e: (e.start_ms, e.code))
            items = [
                f"{e.code},{_seconds(e.start_ms)}" + ("" if e.end_ms is None or e.end_ms == e.start_ms
                                                      else f"-{_seconds(e.end_ms)}")
                for e in events
                if not (scheme.code(e.code) and scheme.code(e.code).kind == "state" and e.end_ms is None)  # type: ignore[union-attr]
            ]
            end = session_end_ms(data.annotations, data.duration_ms)
            lines.append(f"<{data.session}> ,{_seconds(0)} " + " ".join(items) + f" ,{_seconds(end)}/")
    elif kind == "event":
        lines.append(_declaration("Event", scheme, streams))
        for data in sessions:
            codes = merged_sequence(data.annotations, scheme, streams)
            lines.append(f"<{data.session}> " + " ".join(codes) + "/")
    else:
        raise AnalysisError(f"unknown SDIS data type '{kind}'", hint="use timed or event")
    return "\n".join(lines) + "\n"
