"""Agreement over coding date, to show drift: per double-coded session, the date is the later
of the two files' ``modified`` timestamps; a least-squares line gives the trend."""

from __future__ import annotations

from datetime import datetime

import numpy as np
from scipy import stats

from coder.reliability.report.model import Drift, DriftPoint
from coder.reliability.report.pairs import CodedPair

DAYS_PER_MONTH = 30.0


def _when(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def coding_date(pair: CodedPair) -> str:
    """The later of the two files' ``modified`` (or ``created``) timestamps, as stored."""
    stamps = [
        s
        for s in (
            pair.a.header.modified or pair.a.header.created,
            pair.b.header.modified or pair.b.header.created,
        )
        if _when(s)
    ]
    return max(stamps, key=lambda s: _when(s)) if stamps else ""  # type: ignore[arg-type,return-value]


def drift(pairs: list[CodedPair], pair_kappas: list[list[float]]) -> Drift:
    """Per-session mean exact time-unit kappa in date order, with its linear trend per 30 days
    (None with fewer than 3 dated sessions, or when all share one date)."""
    points = sorted(
        (
            DriftPoint(
                session=p.session,
                coder_a=p.coder_a,
                coder_b=p.coder_b,
                date=coding_date(p),
                kappa=float(np.mean(k)) if k else None,
                n_rows=len(k),
            )
            for p, k in zip(pairs, pair_kappas, strict=True)
        ),
        key=lambda d: (d.date, d.session),
    )
    dated = [(_when(d.date), d.kappa) for d in points if d.kappa is not None and _when(d.date)]
    if len(dated) < 3:
        return Drift(points=tuple(points), slope_per_30_days=None, r=None, p_value=None)
    first = min(t for t, _ in dated if t is not None)
    days = np.array([(t - first).total_seconds() / 86400.0 for t, _ in dated if t is not None])
    kappas = np.array([k for _, k in dated], dtype=float)
    if np.ptp(days) == 0 or np.ptp(kappas) == 0:
        return Drift(points=tuple(points), slope_per_30_days=None, r=None, p_value=None)
    fit = stats.linregress(days, kappas)
    return Drift(
        points=tuple(points),
        slope_per_30_days=float(fit.slope * DAYS_PER_MONTH),
        r=float(fit.rvalue),
        p_value=float(fit.pvalue),
    )
