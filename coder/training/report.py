"""Certification and drift reports as JSON-ready dictionaries and as self-contained HTML."""

from __future__ import annotations

import html
from dataclasses import asdict
from typing import Any

from coder.training.certification import CertificationReport
from coder.training.drift_monitor import CoderDrift, DriftReport
from coder.training.scoring import Measure


def certification_to_json(report: CertificationReport) -> dict[str, Any]:
    latest = report.latest
    return {
        "coder": report.coder,
        "status": report.status,
        "certified_on": report.certified_on,
        "lapsed_on": report.lapsed_on,
        "sessions": [asdict(s) for s in report.sessions],
        "pending": list(report.pending),
        "latest": None
        if latest is None
        else {
            "sessions": list(latest.sessions),
            "gold_versions": list(latest.gold_versions),
            "passed": latest.passed,
            "measures": [asdict(m) for m in latest.measures],
            "unit_ms": latest.unit_ms,
            "tolerance_ms": latest.tolerance_ms,
        },
        "settings": asdict(report.settings),
        "generated": report.generated,
    }


def drift_to_json(report: DriftReport) -> dict[str, Any]:
    return {
        "rule": asdict(report.rule),
        "rule_text": report.rule_text,
        "arl_in_control": report.rule.arl_in_control,
        "arl_out_of_control": report.rule.arl_out_of_control,
        "false_alarm_rate": report.false_alarm_rate,
        "coders": [
            {
                "coder": c.coder,
                "alarm": c.alarm,
                "alarm_session": c.alarm_session,
                "alarm_date": c.alarm_date,
                "checks": [asdict(k) for k in c.checks],
            }
            for c in report.coders
        ],
        "generated": report.generated,
    }


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _measure_row(m: Measure) -> str:
    verdict = {True: "pass", False: "FAIL", None: "not assessed"}[m.passed]
    return (
        f"<tr class='{verdict.split()[0].lower()}'><td>{html.escape(m.label)}</td>"
        f"<td>{html.escape(m.kind.replace('_', ' '))}</td><td>{_num(m.estimate)}</td>"
        f"<td>{m.criterion:g}</td><td>{m.n}</td><td>{verdict}</td></tr>"
    )


_STYLE = (
    "<style>body{font-family:sans-serif;margin:2em;max-width:60em}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .6em}"
    "tr.fail td{background:#fde2e1}tr.pass td{background:#e6f4ea}</style>"
)


def certification_to_html(report: CertificationReport) -> str:
    parts = [
        "<!doctype html><meta charset='utf-8'>",
        f"<title>Certification: {html.escape(report.coder)}</title>",
        _STYLE,
        f"<h1>Certification of {html.escape(report.coder)}</h1>",
        f"<p>Status: <b>{html.escape(report.status)}</b>"
        + (f", certified on {html.escape(report.certified_on)}" if report.certified_on else "")
        + (f", lapsed on {html.escape(report.lapsed_on)}" if report.lapsed_on else "")
        + "</p>",
        "<h2>Training sessions</h2><table><tr><th>session</th><th>date</th><th>mean κ</th>"
        "<th>met every criterion</th></tr>",
    ]
    for s in report.sessions:
        parts.append(
            f"<tr><td>{s.session}</td><td>{html.escape(s.date)}</td><td>{_num(s.kappa)}</td>"
            f"<td>{'yes' if s.passed else 'no'}</td></tr>"
        )
    parts.append("</table>")
    if report.pending:
        parts.append(f"<p>Not yet scored: {', '.join(report.pending)}</p>")
    if report.latest is not None:
        latest = report.latest
        parts += [
            f"<h2>Most recent sessions pooled ({', '.join(latest.sessions)})</h2>",
            "<table><tr><th>measure</th><th>statistic</th><th>estimate</th><th>criterion</th>"
            "<th>n</th><th>verdict</th></tr>",
            *(_measure_row(m) for m in latest.measures),
            "</table>",
            f"<p>Time unit {latest.unit_ms} ms, tolerance {latest.tolerance_ms} ms; statistics "
            "as in the reliability report, the gold record as coder A.</p>",
        ]
    settings = report.settings
    parts.append(
        f"<p>Certified when the {settings.sessions_to_certify} most recent scored training "
        "sessions, pooled, meet every assessed criterion.</p>"
    )
    return "\n".join(parts) + "\n"


def _series_svg(coder: CoderDrift, threshold: float) -> str:
    if not coder.checks:
        return "<p>No checks yet.</p>"
    width, height, pad = 520, 140, 24
    n = len(coder.checks)

    def x(i: int) -> float:
        return pad + (width - 2 * pad) * (i / max(n - 1, 1))

    def y(v: float) -> float:
        return height - pad - (height - 2 * pad) * max(0.0, min(1.0, v))

    points = " ".join(f"{x(i):.1f},{y(c.kappa):.1f}" for i, c in enumerate(coder.checks))
    marks = "".join(
        f"<circle cx='{x(i):.1f}' cy='{y(c.kappa):.1f}' r='3' "
        f"fill='{'#c0392b' if c.session == coder.alarm_session else '#2c3e50'}'>"
        f"<title>{c.session} {c.date} κ {c.kappa:.3f} ({c.source})</title></circle>"
        for i, c in enumerate(coder.checks)
    )
    return (
        f"<svg width='{width}' height='{height}' role='img'>"
        f"<line x1='{pad}' x2='{width - pad}' y1='{y(threshold):.1f}' y2='{y(threshold):.1f}' "
        "stroke='#e67e22' stroke-dasharray='4'/>"
        f"<polyline points='{points}' fill='none' stroke='#2c3e50'/>{marks}</svg>"
    )


def drift_to_html(report: DriftReport) -> str:
    parts = [
        "<!doctype html><meta charset='utf-8'><title>Drift</title>",
        _STYLE,
        "<h1>Drift of coders' agreement</h1>",
        f"<p>{html.escape(report.rule_text)}</p>",
    ]
    for coder in report.coders:
        state = f"ALARM at {coder.alarm_session} ({coder.alarm_date})" if coder.alarm else "no alarm"
        parts.append(f"<h2>{html.escape(coder.coder)}: {state}</h2>")
        parts.append(_series_svg(coder, report.rule.in_control - report.rule.shift))
    return "\n".join(parts) + "\n"
