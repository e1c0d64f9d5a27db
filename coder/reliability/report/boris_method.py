"""BORIS's kappa per double-coded session and row, beside Coder's time-unit kappa, and the text
that explains how the two methods differ (for the HTML report and the CLI)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from coder.annotations.model import AnnotationSet
from coder.errors import ReliabilityError
from coder.reliability.boris_kappa import BorisKappaEvent, boris_kappa
from coder.reliability.report.pairs import CodedPair
from coder.scheme.model import CodeKind, Scheme

METHODS_HTML = """<h2>Two time-unit methods</h2>
<table><tr><th class=l></th><th class=l>Coder's time-unit κ</th><th class=l>BORIS's κ</th></tr>
<tr><td class=l>what is sampled</td><td class=l>units of the unit length over the whole session
(or the segments both coders marked)</td><td class=l>instants one interval apart, from the
earliest start to the latest stop of either coder (uncoded lead and tail are left out)</td></tr>
<tr><td class=l>states</td><td class=l>a unit takes the state covering its midpoint; ends are
exclusive</td><td class=l>a state counts at an instant from its start to its stop inclusive, so
touching states both count where they meet</td></tr>
<tr><td class=l>points</td><td class=l>a point counts in the one unit it falls in (two point codes
in one unit: the earliest, the others reported)</td><td class=l>a point counts at every instant
within ±interval/2</td></tr>
<tr><td class=l>categories</td><td class=l>one exclusive stream's codes plus "nothing"; other
rows per code (present/absent)</td><td class=l>the combination of all codes present at an instant
is one category (co-occurring codes form new categories); nothing coded is a category</td></tr>
<tr><td class=l>tolerance</td><td class=l>optional, ±tolerance in units, both directions
averaged</td><td class=l>none</td></tr></table>
<p class=note>The two figures differ on the same data; report the method with the number. BORIS's
figure is given so that results can be compared with published BORIS figures.</p>"""


@dataclass(frozen=True)
class BorisRowKappa:
    """BORIS's kappa of one coder pair on one row (stream, or code without a stream)."""

    session: str
    coder_a: str
    coder_b: str
    scheme: str
    row: str
    kappa: float | None
    instants: int
    note: str = ""


def row_events(
    record: AnnotationSet, scheme: Scheme, row: str, *, include_modifiers: bool = False
) -> list[BorisKappaEvent]:
    """A record's ended events of one row as BORIS-kappa events (modifiers joined by "|")."""
    codes = {c.id: c for c in scheme.codes_in_stream(row)}
    out: list[BorisKappaEvent] = []
    for event in record.events:
        code = codes.get(event.code)
        if code is None or (code.kind is CodeKind.STATE and event.end_ms is None):
            continue
        end = None if code.kind is CodeKind.POINT else event.end_ms
        if include_modifiers:
            modifier = "|".join(v for _, v in event.modifiers)
            out.append((event.code, event.start_ms, end, modifier))
        else:
            out.append((event.code, event.start_ms, end))
    return out


def boris_rows(
    pairs: list[CodedPair], *, interval_ms: int, include_modifiers: bool = False
) -> list[BorisRowKappa]:
    """BORIS's kappa for every coder pair and row their scheme has timed codes in."""
    out = []
    for pair in pairs:
        for row in pair.scheme.rows():
            a = row_events(pair.a, pair.scheme, row, include_modifiers=include_modifiers)
            b = row_events(pair.b, pair.scheme, row, include_modifiers=include_modifiers)
            kappa: float | None = None
            instants = 0
            note = ""
            try:
                result = boris_kappa(
                    a, b, interval_ms=interval_ms, include_modifiers=include_modifiers
                )
                kappa, instants = result.kappa, result.instants
            except ReliabilityError as error:
                note = error.message
            out.append(
                BorisRowKappa(
                    pair.session, pair.coder_a, pair.coder_b, pair.scheme.id, row, kappa,
                    instants, note,
                )
            )  # fmt: skip
    return out


def boris_html(rows: list[BorisRowKappa], interval_ms: int) -> str:
    """BORIS's figures as an HTML table (the methods text is ``METHODS_HTML``)."""
    out = [
        f"<h3>BORIS's κ (interval {interval_ms} ms)</h3><table><tr><th class=l>session</th>"
        "<th class=l>coders</th><th class=l>row</th><th>κ</th><th>instants</th>"
        "<th class=l>note</th></tr>"
    ]
    for r in rows:
        kappa = "—" if r.kappa is None else f"{r.kappa:.3f}"
        out.append(
            f"<tr><td class=l>{escape(r.session)}</td><td class=l>{escape(r.coder_a)}–"
            f"{escape(r.coder_b)}</td><td class=l>{escape(r.row)}</td><td>{kappa}</td>"
            f"<td>{r.instants}</td><td class=l>{escape(r.note)}</td></tr>"
        )
    out.append("</table>")
    return "\n".join(out)
