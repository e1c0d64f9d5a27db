"""The report as one self-contained HTML page: tables, heat tables for the confusion matrices,
inline SVG bars per code and the drift plot, the parameters a methods section cites, and (when
given) each double-coded session's two ethograms, one above the other."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from coder.reliability.report.boris_method import METHODS_HTML
from coder.reliability.report.model import (
    Drift,
    Figure,
    RatingAgreement,
    ReliabilityReport,
)
from coder.reliability.results import Table

MAX_DISAGREEMENTS = 1000
_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border:1px solid #ccc;padding:3px 7px;text-align:right;font-size:13px}
th{background:#f3f3f3} td.l,th.l{text-align:left}
.below{background:#fde2e2} .heat td{min-width:2.5em}
h2{border-bottom:2px solid #4E79A7;padding-bottom:3px;margin-top:2em}
.note{color:#666;font-size:12px}
"""


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _fig(f: Figure) -> str:
    """Estimate [CI] as table cells: value, CI, n, band, flag."""
    ci = f"[{_num(f.ci_low)}, {_num(f.ci_high)}]" if f.ci_low is not None else ""
    cls = ' class="below"' if f.below_threshold else ""
    title = f' title="{escape(f.note)}"' if f.note else ""
    flag = "below" if f.below_threshold else ""
    return (
        f"<td{cls}{title}>{_num(f.estimate)}</td><td>{ci}</td><td>{f.n}</td>"
        f"<td class=l>{escape(f.band or '')}</td><td class=l>{flag}</td>"
    )


_FIG_HEAD = "<th>{}</th><th>95% CI</th><th>n</th><th class=l>band</th><th class=l>flag</th>"


def _heat(table: Table, categories: tuple[str, ...], a: str, b: str) -> str:
    total = max(sum(sum(r) for r in table), 1)
    top = max((v for r in table for v in r), default=1) or 1
    head = "".join(f"<th>{escape(c)}</th>" for c in categories)
    rows = []
    for cat, row in zip(categories, table, strict=True):
        cells = "".join(
            f'<td style="background:rgba(78,121,167,{0.85 * v / top:.2f})" '
            f'title="{100 * v / total:.1f}%">{v:g}</td>'
            for v in row
        )
        rows.append(f"<tr><th class=l>{escape(cat)}</th>{cells}</tr>")
    return (
        f"<table class=heat><tr><th class=l>{escape(a)} ↓ / {escape(b)} →</th>{head}</tr>"
        + "".join(rows)
        + "</table>"
    )


def _bars(items: list[tuple[str, Figure]], threshold: float) -> str:
    """Horizontal SVG bars of coefficients on [−0.2, 1] with CI whiskers and the threshold."""
    width, left, bar_h = 640, 220, 16
    height = 20 + bar_h * len(items) + 20

    def x(v: float) -> float:
        return left + (max(min(v, 1.0), -0.2) + 0.2) / 1.2 * (width - left - 10)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-size="11" font-family="sans-serif">'
    ]
    for tick in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        parts.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="12" y2="{height - 18}" '
            f'stroke="#ddd"/><text x="{x(tick):.1f}" y="{height - 5}" '
            f'text-anchor="middle">{tick:.1f}</text>'
        )
    for i, (label, f) in enumerate(items):
        y = 16 + i * bar_h
        parts.append(f'<text x="{left - 6}" y="{y + 11}" text-anchor="end">{escape(label)}</text>')
        if f.estimate is None:
            continue
        colour = "#E15759" if f.below_threshold else "#4E79A7"
        x0, x1 = sorted((x(0.0), x(f.estimate)))
        parts.append(
            f'<rect x="{x0:.1f}" y="{y + 2}" width="{max(x1 - x0, 1):.1f}" '
            f'height="{bar_h - 5}" fill="{colour}"/>'
        )
        if f.ci_low is not None and f.ci_high is not None:
            parts.append(
                f'<line x1="{x(f.ci_low):.1f}" x2="{x(f.ci_high):.1f}" y1="{y + 7}" '
                f'y2="{y + 7}" stroke="#222"/>'
            )
    parts.append(
        f'<line x1="{x(threshold):.1f}" x2="{x(threshold):.1f}" y1="10" '
        f'y2="{height - 18}" stroke="#E15759" stroke-dasharray="4 3"/></svg>'
    )
    return "".join(parts)


def _drift_svg(drift: Drift, threshold: float) -> str:
    points = [(i, p.kappa) for i, p in enumerate(drift.points) if p.kappa is not None]
    if not points:
        return "<p class=note>No session has a defined time-unit kappa.</p>"
    width, height, pad = 640, 220, 36
    n = max(len(drift.points) - 1, 1)

    def px(i: float) -> float:
        return pad + i / n * (width - 2 * pad)

    def py(v: float) -> float:
        return height - pad - (max(min(v, 1.0), -0.2) + 0.2) / 1.2 * (height - 2 * pad)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-size="11" font-family="sans-serif">'
    ]
    for tick in (0.0, 0.4, 0.8, 1.0):
        parts.append(
            f'<line x1="{pad}" x2="{width - pad}" y1="{py(tick):.1f}" y2="{py(tick):.1f}"'
            f' stroke="#eee"/><text x="{pad - 4}" y="{py(tick) + 4:.1f}" '
            f'text-anchor="end">{tick:.1f}</text>'
        )
    parts.append(
        f'<line x1="{pad}" x2="{width - pad}" y1="{py(threshold):.1f}" '
        f'y2="{py(threshold):.1f}" stroke="#E15759" stroke-dasharray="4 3"/>'
    )
    path = " ".join(f"{px(i):.1f},{py(k):.1f}" for i, k in points)
    parts.append(f'<polyline points="{path}" fill="none" stroke="#4E79A7"/>')
    for i, k in points:
        p = drift.points[i]
        parts.append(
            f'<circle cx="{px(i):.1f}" cy="{py(k):.1f}" r="3" fill="#4E79A7">'
            f"<title>{escape(p.session)} {escape(p.date)}: {k:.2f}</title></circle>"
        )
    parts.append(f'<text x="{pad}" y="{height - 8}">coding date order →</text></svg>')
    return "".join(parts)


def _timed(report: ReliabilityReport) -> list[str]:
    out = [
        "<h2>Timed codes</h2>",
        "<table><tr><th class=l>scheme</th><th class=l>row</th>"
        "<th class=l>code</th>"
        + _FIG_HEAD.format("unit κ")
        + _FIG_HEAD.format("unit κ tol.")
        + "<th>a→b</th><th>b→a</th><th>unit %</th>"
        + _FIG_HEAD.format("event κ")
        + "<th>κmax</th><th>event %</th></tr>",
    ]
    for t in report.timed:
        out.append(
            f"<tr><td class=l>{escape(t.scheme)}</td><td class=l>{escape(t.row)}</td>"
            f"<td class=l>{escape(t.code or '(stream)')}</td>{_fig(t.unit_exact)}"
            f"{_fig(t.unit_tolerant)}<td>{_num(t.unit_a_to_b.estimate)}</td>"
            f"<td>{_num(t.unit_b_to_a.estimate)}</td>"
            f"<td>{_num(t.unit_percent.estimate, 1)}</td>{_fig(t.event)}"
            f"<td>{_num(t.event_kappa_max)}</td>"
            f"<td>{_num(t.event_percent.estimate, 1)}</td></tr>"
        )
    out.append("</table>")
    out.append(
        "<h3>Time-unit κ per stream and code (bars: estimate, line: 95% CI, dashed: threshold)</h3>"
    )
    out.append(
        _bars(
            [(f"{t.scheme}/{t.code or t.row}", t.unit_exact) for t in report.timed],
            report.parameters.kappa_threshold,
        )
    )
    out.append("<h3>Confusion tables (time units, pooled)</h3>")
    for t in report.timed:
        if t.code is None:
            out.append(f"<h4>{escape(t.scheme)} / {escape(t.label)}</h4>")
            out.append(_heat(t.unit_table, t.categories, "coder a", "coder b"))
    out.append(
        "<h3>Per session</h3><table><tr><th class=l>row</th><th class=l>session</th>"
        "<th class=l>coders</th><th>units</th><th>unit κ</th><th>unit κ tol.</th>"
        "<th>events</th><th>event κ</th></tr>"
    )
    for t in report.timed:
        for s in t.sessions:
            out.append(
                f"<tr><td class=l>{escape(t.code or t.row)}</td><td class=l>"
                f"{escape(s.session)}</td><td class=l>{escape(s.coder_a)}–"
                f"{escape(s.coder_b)}</td><td>{s.n_units}</td><td>{_num(s.unit_kappa)}</td>"
                f"<td>{_num(s.unit_kappa_tolerant)}</td><td>{s.n_events}</td>"
                f"<td>{_num(s.event_kappa)}</td></tr>"
            )
    out.append("</table>")
    return out


def _ratings(rows: tuple[RatingAgreement, ...]) -> list[str]:
    out = [
        "<h2>Ratings</h2>",
        "<table><tr><th class=l>scheme</th><th class=l>item</th>"
        "<th class=l>kind</th><th>scale</th>"
        + _FIG_HEAD.format("ICC(A,1)")
        + _FIG_HEAD.format("weighted κ")
        + _FIG_HEAD.format("α ordinal")
        + "<th>exact %</th></tr>",
    ]
    for r in rows:
        out.append(
            f"<tr><td class=l>{escape(r.scheme)}</td><td class=l>{escape(r.item)}</td>"
            f"<td class=l>{escape(r.kind)}</td><td>{r.scale_min:g}–{r.scale_max:g}</td>"
            f"{_fig(r.icc)}{_fig(r.weighted_kappa)}{_fig(r.alpha)}"
            f"<td>{_num(r.exact_percent.estimate, 1)}</td></tr>"
        )
    out.append("</table>")
    return out


def _classification(report: ReliabilityReport) -> list[str]:
    out = ["<h2>Classification</h2>"]
    for c in report.classification:
        out.append(
            f"<p>{escape(c.scheme)}: {c.n_sessions} double-coded session(s) classified "
            "by both coders.</p><table><tr><th class=l>reduction</th>"
            + _FIG_HEAD.format("κ")
            + "<th>%</th></tr>"
        )
        for red in c.reductions:
            out.append(
                f"<tr><td class=l>{escape(red.label)}</td>{_fig(red.kappa)}"
                f"<td>{_num(red.percent.estimate, 1)}</td></tr>"
            )
        out.append("</table>")
        for red in c.reductions:
            if red.name in ("abcd", "abc_forced"):
                out.append(f"<h4>{escape(red.label)}</h4>")
                out.append(_heat(red.table, red.categories, "coder a", "coder b"))
    return out


def _disagreements(report: ReliabilityReport) -> list[str]:
    shown = report.disagreements[:MAX_DISAGREEMENTS]
    out = [f"<h2>Disagreements ({len(report.disagreements)})</h2>"]
    if len(shown) < len(report.disagreements):
        out.append(
            f"<p class=note>The first {len(shown)} are shown; the CSV tables and JSON "
            "hold all of them.</p>"
        )
    out.append(
        "<table><tr><th class=l>session</th><th>time (ms)</th><th class=l>kind</th>"
        "<th class=l>row</th><th class=l>coder a</th><th class=l>code/value</th>"
        "<th class=l>coder b</th><th class=l>code/value</th></tr>"
    )
    for d in shown:
        out.append(
            f"<tr><td class=l>{escape(d.session)}</td><td>"
            f"{'' if d.time_ms is None else d.time_ms}</td><td class=l>{escape(d.kind)}"
            f"</td><td class=l>{escape(d.row)}</td><td class=l>{escape(d.coder_a)}</td>"
            f"<td class=l>{escape(_value(d.value_a))}</td><td class=l>"
            f"{escape(d.coder_b)}</td><td class=l>{escape(_value(d.value_b))}</td></tr>"
        )
    out.append("</table>")
    return out


def _value(value: str | float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else value


def _drift(report: ReliabilityReport) -> list[str]:
    d = report.drift
    trend = (
        "too few dated sessions for a trend"
        if d.slope_per_30_days is None
        else f"trend {d.slope_per_30_days:+.3f} κ per 30 days (r = {_num(d.r)}, "
        f"p = {_num(d.p_value, 3)})"
    )
    out = [
        "<h2>Agreement over coding date</h2>",
        f"<p>Mean exact time-unit κ per session, sessions in coding-date order; {trend}.</p>",
        _drift_svg(d, report.parameters.kappa_threshold),
        "<table><tr><th class=l>date</th><th class=l>session</th><th class=l>coders</th>"
        "<th>κ</th></tr>",
    ]
    for p in d.points:
        out.append(
            f"<tr><td class=l>{escape(p.date)}</td><td class=l>{escape(p.session)}</td>"
            f"<td class=l>{escape(p.coder_a)}–{escape(p.coder_b)}</td>"
            f"<td>{_num(p.kappa)}</td></tr>"
        )
    out.append("</table>")
    return out


def _parameters(report: ReliabilityReport) -> list[str]:
    rows = []
    for name, value in vars(report.parameters).items():
        text = ", ".join(value) if isinstance(value, tuple) else str(value)
        rows.append(f"<tr><th class=l>{escape(name)}</th><td class=l>{escape(text)}</td></tr>")
    return ["<h2>Parameters</h2>", "<table>", *rows, "</table>"]


def _sessions(report: ReliabilityReport) -> list[str]:
    out = [
        f"<h2>Sessions</h2><p>{len(report.pairs)} coder pair(s) over "
        f"{len({p.session for p in report.pairs})} double-coded session(s); "
        f"{len(report.excluded)} session(s) excluded.</p>",
        "<table><tr><th class=l>session</th><th class=l>scheme</th><th class=l>coders</th>"
        "<th>analysed (ms)</th><th>units</th></tr>",
    ]
    for p in report.pairs:
        out.append(
            f"<tr><td class=l>{escape(p.session)}</td><td class=l>{escape(p.scheme)}</td>"
            f"<td class=l>{escape(p.coder_a)}–{escape(p.coder_b)}</td>"
            f"<td>{p.window_ms}</td><td>{p.n_units}</td></tr>"
        )
    out.append("</table>")
    if report.excluded:
        out.append("<table><tr><th class=l>excluded</th><th class=l>why</th></tr>")
        out += [
            f"<tr><td class=l>{escape(e.session)}</td><td class=l>{escape(e.reason)}</td></tr>"
            for e in report.excluded
        ]
        out.append("</table>")
    if report.problems or report.invalid_values:
        out.append("<h3>Problems</h3><ul>")
        out += [f"<li>{escape(p)}</li>" for p in report.problems]
        out += [f"<li>left out invalid value: {escape(v)}</li>" for v in report.invalid_values]
        out.append("</ul>")
    return out


def _comparisons(report: ReliabilityReport, figures: Mapping[str, str]) -> list[str]:
    """Figures keyed ``session:coder_a:coder_b`` (image data URIs), in the order of the pairs."""
    out = []
    for p in report.pairs:
        uri = figures.get(f"{p.session}:{p.coder_a}:{p.coder_b}")
        if uri and uri.startswith("data:image/"):
            out.append(f"<figure><img src=\"{escape(uri)}\" alt=\"{escape(p.session)}: {escape(p.coder_a)} and "
                       f"{escape(p.coder_b)}\" style=\"max-width:100%\"><figcaption class=note>"
                       f"{escape(p.session)}: {escape(p.coder_a)} (top), {escape(p.coder_b)} (bottom)"
                       "</figcaption></figure>")
    if not out:
        return []
    return ["<h2>Per-session comparison</h2>", *out]


def _assisted(report: ReliabilityReport) -> list[str]:
    if not report.assisted_sessions:
        return []
    rows = "".join(
        f"<tr><td>{escape(s.scheme)} · {escape(s.label)}</td><td>{_num(s.assisted.estimate)}"
        f" ({s.n_assisted})</td><td>{_num(s.unassisted.estimate)} ({s.n_unassisted})</td></tr>"
        for s in report.assisted_split
    )
    return [
        "<h2>Assisted and unassisted sessions</h2>",
        f"<p class=note>In {len(report.assisted_sessions)} double-coded sessions a coder accepted "
        f"machine suggestions ({escape(', '.join(report.assisted_sessions))}). Suggestions can "
        "bring coders together, so exact time-unit κ is shown for those sessions and the others "
        "apart (number of sessions in brackets).</p>",
        "<table><tr><th>row</th><th>assisted κ</th><th>unassisted κ</th></tr>" + rows + "</table>",
    ]


def report_to_html(report: ReliabilityReport, figures: Mapping[str, str] | None = None, *,
                   boris_table: str = "") -> str:
    """The report as a self-contained HTML page (no scripts, no external files).

    The two time-unit methods (Coder's and BORIS's) are explained side by side; ``boris_table``
    (from ``boris_method.boris_html``) adds BORIS's figures under that explanation. ``figures``
    maps ``session:coder_a:coder_b`` to an image data URI (e.g. from
    ``coder.analysis.plots.comparison_figures``) shown in a per-session comparison section.
    """
    body = [
        f"<h1>Reliability report: {escape(report.project)}</h1>",
        "<p class=note>Independent codes of double-coded sessions (consensus records are not "
        "used). Cells shaded red are below the lab's threshold.</p>",
        *_sessions(report),
        *_timed(report),
        METHODS_HTML,
        boris_table,
        *_assisted(report),
        *_ratings(report.ratings),
        *_classification(report),
        *_disagreements(report),
        *_drift(report),
        *_comparisons(report, figures or {}),
        *_parameters(report),
    ]
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Reliability report: "
        f"{escape(report.project)}</title><style>{_CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )
