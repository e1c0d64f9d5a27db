"""The report as CSV tables in a folder: timed, timed by session, ratings, classification,
disagreements, drift and parameters (one file each, UTF-8, written atomically)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from coder.reliability.report.model import Figure, ReliabilityReport
from coder.storage import atomic_write_text

FILES = (
    "timed.csv",
    "timed_sessions.csv",
    "ratings.csv",
    "classification.csv",
    "disagreements.csv",
    "drift.csv",
    "parameters.csv",
)


def _figure(prefix: str, figure: Figure) -> dict[str, Any]:
    return {
        f"{prefix}": figure.estimate,
        f"{prefix}_ci_low": figure.ci_low,
        f"{prefix}_ci_high": figure.ci_high,
        f"{prefix}_n": figure.n,
        f"{prefix}_band": figure.band,
        f"{prefix}_below_threshold": figure.below_threshold,
    }


def _write(folder: Path, name: str, rows: list[dict[str, Any]]) -> Path:
    path = folder / name
    atomic_write_text(path, pd.DataFrame(rows).to_csv(index=False, lineterminator="\n"))
    return path


def write_csv_tables(report: ReliabilityReport, folder: str | Path) -> list[Path]:
    """Write the report's tables as CSV files into ``folder`` (created if needed); returns the
    paths written (see ``FILES``)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    timed = [
        {
            "scheme": t.scheme,
            "row": t.row,
            "code": t.code or "",
            "label": t.label,
            **_figure("unit_kappa", t.unit_exact),
            **_figure("unit_kappa_tolerant", t.unit_tolerant),
            "unit_kappa_a_to_b": t.unit_a_to_b.estimate,
            "unit_kappa_b_to_a": t.unit_b_to_a.estimate,
            "unit_percent": t.unit_percent.estimate,
            **_figure("event_kappa", t.event),
            "event_kappa_max": t.event_kappa_max,
            "event_percent": t.event_percent.estimate,
        }
        for t in report.timed
    ]
    sessions = [
        {
            "scheme": t.scheme,
            "row": t.row,
            "code": t.code or "",
            "session": s.session,
            "coder_a": s.coder_a,
            "coder_b": s.coder_b,
            "n_units": s.n_units,
            "unit_kappa": s.unit_kappa,
            "unit_kappa_tolerant": s.unit_kappa_tolerant,
            "unit_percent": s.unit_percent,
            "n_events": s.n_events,
            "event_kappa": s.event_kappa,
            "event_percent": s.event_percent,
        }
        for t in report.timed
        for s in t.sessions
    ]
    ratings = [
        {
            "scheme": r.scheme,
            "item": r.item,
            "label": r.label,
            "kind": r.kind,
            "scale_min": r.scale_min,
            "scale_max": r.scale_max,
            "n_units": r.n_units,
            **_figure("icc_a1", r.icc),
            **_figure("weighted_kappa", r.weighted_kappa),
            **_figure("alpha_ordinal", r.alpha),
            "exact_percent": r.exact_percent.estimate,
        }
        for r in report.ratings
    ]
    classes = [
        {
            "scheme": c.scheme,
            "reduction": red.name,
            "label": red.label,
            "categories": " ".join(red.categories),
            **_figure("kappa", red.kappa),
            "percent": red.percent.estimate,
        }
        for c in report.classification
        for red in c.reductions
    ]
    disagreements = [
        {
            "session": d.session,
            "time_ms": d.time_ms,
            "kind": d.kind,
            "row": d.row,
            "coder_a": d.coder_a,
            "value_a": d.value_a,
            "coder_b": d.coder_b,
            "value_b": d.value_b,
        }
        for d in report.disagreements
    ]
    drift = [
        {
            "session": p.session,
            "coder_a": p.coder_a,
            "coder_b": p.coder_b,
            "date": p.date,
            "kappa": p.kappa,
            "n_rows": p.n_rows,
        }
        for p in report.drift.points
    ]
    params = [
        {"parameter": k, "value": " ".join(v) if isinstance(v, tuple) else v}
        for k, v in vars(report.parameters).items()
    ]
    tables = (timed, sessions, ratings, classes, disagreements, drift, params)
    return [_write(out, name, rows) for name, rows in zip(FILES, tables, strict=True)]
