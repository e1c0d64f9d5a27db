"""Run an analysis spec over a project: what ``coder analyze`` and the lead's analysis view call.

Each session contributes its chosen record (the spec's ``source`` order: consensus, primary, a
coder id), as in an export. Results are per session code and pooled over all sessions. With
``by`` (e.g. arm and timepoint) the key is read and lag tables are also pooled per group, and
every per-session table gets the group columns: that is an unblinding, so it is written to the
project's audit log (``unblinded_analysis``) before the key is read, as an export's is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from coder.analysis.dyadic import STILL_FACE_CONTRASTS, contingent_responsiveness, match_repair
from coder.analysis.lag_sequential import LagResult, lag_table
from coder.analysis.sequences import intervals, merged_sequence, session_end_ms
from coder.analysis.spec import AnalysisSpec, BudgetSpec, default_spec
from coder.analysis.time_budget import (
    SessionData,
    Window,
    co_occurrence,
    latency_after,
    time_budget,
)
from coder.analysis.time_window import time_window_contingency
from coder.errors import AnalysisError
from coder.export.sources import choose_source
from coder.project.project import Project
from coder.scheme.model import Scheme
from coder.storage.atomic import atomic_write_text


@dataclass(frozen=True)
class AnalysisReport:
    """Everything one analysis run computed."""

    spec: AnalysisSpec
    sessions: tuple[str, ...]
    sources: dict[str, str]
    lag: dict[str, LagResult] = field(default_factory=dict)
    budget: pd.DataFrame | None = None
    contingency: pd.DataFrame | None = None
    responsiveness: pd.DataFrame | None = None
    match_repair: pd.DataFrame | None = None
    latency: pd.DataFrame | None = None
    during: pd.DataFrame | None = None
    warnings: tuple[str, ...] = ()
    by: tuple[str, ...] = ()
    groups: dict[str, dict[str, LagResult]] = field(default_factory=dict)
    """With ``by``: lag name → group label (e.g. ``PIP × t0``) → the table pooled over its sessions."""

    def to_dict(self) -> dict[str, Any]:
        def records(frame: pd.DataFrame | None) -> list[dict[str, Any]] | None:
            if frame is None:
                return None
            return [{k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}
                    for row in frame.to_dict(orient="records")]

        return {
            "spec": self.spec.model_dump(mode="json"),
            "sessions": list(self.sessions),
            "sources": self.sources,
            "lag": {name: result.to_dict() for name, result in self.lag.items()},
            "budget": records(self.budget),
            "contingency": records(self.contingency),
            "responsiveness": records(self.responsiveness),
            "match_repair": records(self.match_repair),
            "latency": records(self.latency),
            "during": records(self.during),
            "warnings": list(self.warnings),
            "by": list(self.by),
            "groups": {name: {label: result.to_dict() for label, result in tables.items()}
                       for name, tables in self.groups.items()},
        }

    def write_csv(self, folder: str | Path) -> list[Path]:
        """One CSV per table (lag tables in long form: given, target, statistic columns)."""
        folder = Path(folder)
        written = []
        for name, result in self.lag.items():
            long = _long_lag(result)
            written.append(_write(folder / f"lag_{name}.csv", long))
        for name, tables in self.groups.items():
            for label, result in tables.items():
                long = _long_lag(result)
                safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in label.replace(" × ", "_"))
                written.append(_write(folder / f"lag_{name}__{safe}.csv", long))
        for name in ("budget", "contingency", "responsiveness", "match_repair", "latency", "during"):
            frame = getattr(self, name)
            if frame is not None and len(frame):
                written.append(_write(folder / f"{name}.csv", frame))
        return written


def _long_lag(result: LagResult) -> pd.DataFrame:
    return pd.concat(
        {key: getattr(result, key).stack(future_stack=True) for key in
         ("counts", "expected", "probabilities", "adjusted_residuals", "p_values", "yules_q")},
        axis=1,
    ).reset_index()


def _write(path: Path, frame: pd.DataFrame) -> Path:
    atomic_write_text(path, frame.to_csv(index=False, lineterminator="\n"))
    return path


def session_records(project: Project, scheme: Scheme, source: Sequence[str],
                    warnings: list[str], only: Sequence[str] | None = None) -> tuple[list[SessionData], dict[str, str]]:
    """Each session of ``scheme`` (or of ``only``) with its chosen record (``source`` order), and who coded it."""
    data, sources = [], {}
    for entry in sorted(project.sessions, key=lambda s: s.code):
        if entry.scheme != scheme.id or (only is not None and entry.code not in only):
            continue
        chosen = choose_source(project, entry.code, source)
        if chosen is None:
            warnings.append(f"{entry.code}: no record to analyse (source {' else '.join(source)})")
            continue
        sources[entry.code] = chosen.coder
        data.append(SessionData(entry.code, chosen.annotations, entry.duration_ms))
    return data, sources


def run_analysis(project: Project | str | Path, spec: AnalysisSpec | None = None, *,
                 by: Sequence[str] = (), actor: str = "lead") -> AnalysisReport:
    """Run ``spec`` (default: ``default_spec``) over the project's sessions.

    ``by``: key columns (e.g. ``("arm", "timepoint")``) to pool lag tables per group and label
    per-session rows; logged to the audit log as an unblinding before the key is read.
    """
    project = project if isinstance(project, Project) else Project.open(project)
    scheme_ids = sorted({s.scheme for s in project.sessions})
    if spec is not None and spec.scheme is not None:
        if spec.scheme not in scheme_ids:
            raise AnalysisError(f"the project has no sessions coded with scheme '{spec.scheme}'",
                                hint="schemes: " + ", ".join(scheme_ids))
        scheme_ids = [spec.scheme]
    schemes = [project.scheme(s) for s in scheme_ids]
    spec = spec or default_spec(schemes)
    warnings: list[str] = []
    lag: dict[str, LagResult] = {}
    budgets: list[pd.DataFrame] = []
    contingency: list[dict[str, Any]] = []
    responsiveness: list[dict[str, Any]] = []
    repair: list[pd.DataFrame] = []
    latency: list[dict[str, Any]] = []
    during: list[dict[str, Any]] = []
    all_sessions: list[str] = []
    all_sources: dict[str, str] = {}
    for scheme in schemes:
        data, sources = session_records(project, scheme, spec.source, warnings, spec.sessions)
        all_sessions += [d.session for d in data]
        all_sources.update(sources)
        if not data:
            continue
        lag.update(_lag_tables(spec, scheme, data))
        if spec.budget is not None:
            budgets.append(_budget(spec.budget, scheme, data))
        contingency += _contingencies(spec, scheme, data)
        responsiveness += _responsiveness(spec, scheme, data)
        repair += _match_repair(spec, scheme, data)
        latency += _latency(spec, scheme, data)
        during += _during(spec, scheme, data)
    for item in spec.lag:
        if item.name not in lag:
            warnings.append(f"lag table '{item.name}': no scheme has the streams {', '.join(item.streams)}")
    groups: dict[str, dict[str, LagResult]] = {}
    if by:
        key = _unblind(project, spec, by, actor, warnings)
        labels = {code: " × ".join(row[c] for c in by) for code, row in key.items()}
        for scheme in schemes:
            data, _sources = session_records(project, scheme, spec.source, [], spec.sessions)
            for label in sorted({labels[d.session] for d in data if d.session in labels}):
                part = [d for d in data if labels.get(d.session) == label]
                for name, result in _lag_tables(spec, scheme, part).items():
                    groups.setdefault(name, {})[label] = result
        columns = {c: {code: row[c] for code, row in key.items()} for c in by}

        def label_rows(frame: pd.DataFrame | None) -> pd.DataFrame | None:
            if frame is None:
                return None
            frame = frame.copy()
            for c in by:
                frame[c] = frame["session"].map(columns[c])
            return frame

        budgets = [f for f in (label_rows(b) for b in budgets) if f is not None]
        latency_frame = label_rows(pd.DataFrame(latency)) if latency else None
        during_frame = label_rows(pd.DataFrame(during)) if during else None
        repair = [f for f in (label_rows(r) for r in repair) if f is not None]
        contingency_frame, responsiveness_frame = (
            label_rows(pd.DataFrame(contingency)) if contingency else None,
            label_rows(pd.DataFrame(responsiveness)) if responsiveness else None,
        )
    else:
        contingency_frame = pd.DataFrame(contingency) if contingency else None
        responsiveness_frame = pd.DataFrame(responsiveness) if responsiveness else None
        latency_frame = pd.DataFrame(latency) if latency else None
        during_frame = pd.DataFrame(during) if during else None
    return AnalysisReport(
        spec=spec,
        sessions=tuple(all_sessions),
        sources=all_sources,
        lag=lag,
        budget=pd.concat(budgets, ignore_index=True) if budgets else None,
        contingency=contingency_frame,
        responsiveness=responsiveness_frame,
        match_repair=pd.concat(repair, ignore_index=True) if repair else None,
        latency=latency_frame,
        during=during_frame,
        warnings=tuple(warnings),
        by=tuple(by),
        groups=groups,
    )


def _unblind(project: Project, spec: AnalysisSpec, by: Sequence[str], actor: str,
             warnings: list[str]) -> dict[str, dict[str, str]]:
    """Log the unblinding, then read the key: session → row (sessions without a row are warned)."""
    project.audit("unblinded_analysis", actor=actor, spec=spec.name, by=list(by),
                  sessions=sorted(s.code for s in project.sessions))
    rows = project.key()
    if not rows:
        raise AnalysisError("the project has no key to group sessions by", path=project.key_path,
                            hint="add key.csv (session, participant, arm, timepoint, …) or leave out --by")
    missing = [c for c in by if c not in rows[0]]
    if missing:
        raise AnalysisError(f"the key has no column {', '.join(missing)}", path=project.key_path,
                            hint="columns: " + ", ".join(rows[0]))
    key = {row["session"]: row for row in rows if row.get("session")}
    unkeyed = sorted(s.code for s in project.sessions if s.code not in key)
    if unkeyed:
        warnings.append(f"sessions without a key row left out of the groups: {', '.join(unkeyed)}")
    return key


def _lag_tables(spec: AnalysisSpec, scheme: Scheme, data: Sequence[SessionData]) -> dict[str, LagResult]:
    """Pooled lag tables of the spec whose streams the scheme has (codes in scheme order)."""
    out = {}
    rows = set(scheme.rows())
    for item in spec.lag:
        if not set(item.streams) <= rows:
            continue
        codes = [c.id for s in item.streams for c in scheme.codes_in_stream(s)]
        seqs = [merged_sequence(d.annotations, scheme, item.streams, collapse_repeats=not item.repeats)
                for d in data]
        out[item.name] = lag_table(seqs, lag=item.lag, codes=codes, repeats=item.repeats,
                                   permutations=item.permutations, seed=item.seed)
    return out


def _budget(budget: BudgetSpec, scheme: Scheme, data: Sequence[SessionData]) -> pd.DataFrame:
    known = {c.id for c in scheme.codes}
    windows = [Window(w.name, w.start_ms, w.end_ms, w.segment) for w in budget.windows]
    codes = [c for c in budget.codes if c in known] if budget.codes is not None else None
    frame = time_budget(data, scheme, by=budget.by, bin_ms=budget.bin_ms, windows=windows, codes=codes,
                        proportion_denominator=budget.proportion_denominator)
    if budget.contrasts and budget.by == "segment":
        frame = pd.concat([frame, still_face_contrasts(frame)], ignore_index=True)
    return frame


def still_face_contrasts(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows ``<a>_minus_<b>`` (still face − play, reunion − play, reunion − still face) of a
    tidy per-segment frame, per session × code × measure, where both episodes are present."""
    wide = frame.pivot_table(index=["session", "code", "measure"], columns="window", values="value",
                             aggfunc="first", dropna=False)
    parts = []
    for a, b in STILL_FACE_CONTRASTS:
        if a in wide.columns and b in wide.columns:
            diff = (wide[a] - wide[b]).rename("value").reset_index()
            diff.insert(1, "window", f"{a}_minus_{b}")
            parts.append(diff[["session", "window", "code", "measure", "value"]])
    return pd.concat(parts, ignore_index=True) if parts else frame.iloc[0:0]


def _latency(spec: AnalysisSpec, scheme: Scheme, data: Sequence[SessionData]) -> list[dict[str, Any]]:
    known = {c.id for c in scheme.codes}
    rows = []
    for item in spec.latency:
        if not set(item.from_codes + item.to_codes) <= known:
            continue
        for d in data:
            values = latency_after(d.annotations, item.from_codes, item.to_codes) / 1000.0
            found = values[np.isfinite(values)]
            rows.append({"name": item.name, "session": d.session, "onsets": len(values), "followed": len(found),
                         "mean_s": float(found.mean()) if len(found) else None,
                         "median_s": float(np.median(found)) if len(found) else None})
    return rows


def _during(spec: AnalysisSpec, scheme: Scheme, data: Sequence[SessionData]) -> list[dict[str, Any]]:
    known = {c.id for c in scheme.codes}
    rows = []
    for item in spec.during:
        if not {item.a, item.b} <= known:
            continue
        for d in data:
            c = co_occurrence(d.annotations, item.a, item.b)
            rows.append({"name": item.name, "session": d.session, "a": item.a, "b": item.b,
                         "overlap_s": c.overlap_ms / 1000, "b_s": c.b_ms / 1000,
                         "proportion_of_b": None if c.proportion_of_b != c.proportion_of_b else c.proportion_of_b,
                         "a_onsets_during_b": c.a_onsets_during_b, "a_onsets": c.a_onsets})
    return rows


def _timed(data: Sequence[SessionData]) -> list[tuple[SessionData, int]]:
    """Sessions with their end (ms), leaving out those with nothing timed."""
    ends = [(d, session_end_ms(d.annotations, d.duration_ms)) for d in data]
    return [(d, end) for d, end in ends if end > 0]


def _contingencies(spec: AnalysisSpec, scheme: Scheme, data: Sequence[SessionData]) -> list[dict[str, Any]]:
    known = {c.id for c in scheme.codes}
    rows = []
    for item in spec.contingency:
        if not set(item.given + item.target) <= known:
            continue
        for d, end in _timed(data):
            result = time_window_contingency(
                intervals(d.annotations, item.given), intervals(d.annotations, item.target),
                window_ms=item.window_ms, start_ms=0, end_ms=end, unit_ms=item.unit_ms,
                target_rule=item.target_rule,
            )
            rows.append({"name": item.name, "session": d.session, **_flat(result.to_dict())})
    return rows


def _responsiveness(spec: AnalysisSpec, scheme: Scheme, data: Sequence[SessionData]) -> list[dict[str, Any]]:
    known = {c.id for c in scheme.codes}
    rows = []
    for item in spec.responsiveness:
        if not set(item.bids + item.responses) <= known:
            continue
        for d, end in _timed(data):
            r = contingent_responsiveness(d.annotations, item.bids, item.responses, start_ms=0, end_ms=end,
                                          window_ms=item.window_ms, unit_ms=item.unit_ms)
            rows.append({"name": item.name, "session": d.session, **r.to_dict()})
    return rows


def _match_repair(spec: AnalysisSpec, scheme: Scheme, data: Sequence[SessionData]) -> list[pd.DataFrame]:
    m = spec.match_repair
    if m is None or not set(m.infant) | set(m.caregiver) <= {c.id for c in scheme.codes}:
        return []
    tables = []
    for d, end in _timed(data):
        episodes = [(s.segment, s.start_ms, s.end_ms) for s in d.annotations.segments] or [("session", 0, end)]
        table = match_repair(d.annotations, m.infant, m.caregiver, episodes=episodes, unit_ms=m.unit_ms)
        table.insert(0, "session", d.session)
        tables.append(table)
    return tables


def write_sdis(project: Project | str | Path, path: str | Path, spec: AnalysisSpec | None = None,
               kind: str = "timed") -> list[Path]:
    """SDIS files of the analysed sessions: ``path``, or one per scheme (``<stem>_<scheme>.sds``)."""
    from coder.analysis.sdis import sdis_text

    project = project if isinstance(project, Project) else Project.open(project)
    path = Path(path)
    scheme_ids = sorted({s.scheme for s in project.sessions})
    if spec is not None and spec.scheme is not None:
        scheme_ids = [spec.scheme]
    source = spec.source if spec is not None else ["consensus", "primary"]
    written = []
    for scheme_id in scheme_ids:
        scheme = project.scheme(scheme_id)
        if not scheme.codes:
            continue
        data, _sources = session_records(project, scheme, source, [], spec.sessions if spec else None)
        target = path if len(scheme_ids) == 1 else path.with_name(f"{path.stem}_{scheme_id}{path.suffix or '.sds'}")
        atomic_write_text(target, sdis_text(data, scheme, kind=kind, title=project.name))
        written.append(target)
    return written


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    table = data.pop("table")
    data.pop("rules")
    for row, cells in table.items():
        for col, value in cells.items():
            data[f"{row}_{col}"] = value
    low, high = data.pop("odds_ratio_ci")
    data["odds_ratio_ci_low"], data["odds_ratio_ci_high"] = low, high
    low, high = data.pop("log_odds_ci")
    data["log_odds_ci_low"], data["log_odds_ci_high"] = low, high
    data["window_ms"] = f"{data['window_ms'][0]}-{data['window_ms'][1]}"
    return data
