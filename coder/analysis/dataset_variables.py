"""Sequential variables of the dataset, per session: the producer of an export spec's ``sequential:``.

The export layer sits below the analysis, so ``run_export`` receives this producer from its
caller (``coder export`` and the GUI's export dialog pass ``sequential_variables``).

Names and definitions (the codebook repeats each one):

- ``<given>_to_<target>_lag<k>_<measure>``: the session's lag-k table over the spec's streams
  (one stream, or several merged in onset order): ``count`` of given → target transitions,
  ``prob`` = count / given's row total, ``adjres`` the adjusted residual (Allison & Liker 1982;
  with ``repeats: false`` the structural-zero form), ``yules_q`` of the cell's 2×2 collapse.
- ``<name>_<measure>``: time-window contingency of the target after the given's onsets in time
  units (Bakeman & Quera 2011): ``yules_q``, ``odds_ratio``, ``log_odds`` and ``log_odds_se``
  (0.5 added to every cell when one is 0).
- ``<name>_cond``, ``<name>_base``, ``<name>_index``, ``<name>_bids``: contingent
  responsiveness: share of bids answered within the window, the response's base rate (share of
  time units whose window holds a response onset), their difference, and the number of bids.
- ``match_prop``, ``repair_rate``, ``repairs_per_min``, ``repair_latency_s`` per marked segment
  (episode): ICEP-R-style match/mismatch/repair of the infant's and caregiver's affect streams
  (see ``coder.analysis.dyadic``); with contrasts, ``match_prop_<a>_minus_<b>`` for still face
  − play, reunion − play and reunion − still face.

- ``<name>_lat_mean``, ``<name>_lat_median`` (s), ``<name>_lat_n``: latency from each onset of the
  ``from`` codes to the next onset of the ``to`` codes (onsets with no later ``to`` onset are
  left out; ``<name>_lat_none`` counts them).
- ``<name>_prop_of_b``, ``<name>_onsets_in_b``: "A during B": the share of B's time during which
  A is also on, and the number of A onsets inside B bouts.
- ``<code>_<measure>_binNN``: the export's timed measures (freq, rate, dur, prop, mbout, lat) in
  fixed bins of ``bin_ms`` from the session start (the last bin may be shorter).

A session's end is its video duration, else its last annotated time. Values are NA where a
statistic is undefined (e.g. no transitions from the given code).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from coder.analysis.dyadic import (
    STILL_FACE_CONTRASTS,
    contingent_responsiveness,
    episode_contrasts,
    match_repair,
)
from coder.analysis.lag_sequential import lag_table
from coder.analysis.sequences import intervals, merged_sequence, session_end_ms
from coder.analysis.time_window import time_window_contingency
from coder.errors import ExportError
from coder.export.sequential_spec import SequentialSpec
from coder.export.variables import (
    Record,
    Registry,
    VariableInfo,
    empty_rows,
    rows_from_lists,
    stem_of,
)
from coder.scheme.model import WHOLE_SESSION, Scheme

_LAG_LABELS = {"count": "transitions", "prob": "transitional probability", "adjres": "adjusted residual",
               "yules_q": "Yule's Q"}
_WINDOW_LABELS = {"yules_q": "Yule's Q", "odds_ratio": "odds ratio", "log_odds": "log odds ratio",
                  "log_odds_se": "SE of the log odds ratio"}
_REPAIR = {
    "match_prop": ("match proportion", "matched units / scored units (both partners' affect classes equal)"),
    "repair_rate": ("repair rate", "mismatch runs followed by a match / mismatch runs"),
    "repairs_per_min": ("repairs per minute", "repairs / scored minutes"),
    "repair_latency_s": ("repair latency (s)", "mean length of repaired mismatch runs, s"),
}


def _value(x: float) -> float | None:
    return float(x) if x is not None and math.isfinite(x) else None


class _Rows:
    def __init__(self, registry: Registry, scheme: Scheme) -> None:
        self.registry, self.scheme = registry, scheme
        self.rec: list[int] = []
        self.var: list[int] = []
        self.value: list[float | None] = []

    def add(self, rec: int, base: str, segment: str, label: str, derivation: str, value: float | None) -> None:
        var = self.registry.add(VariableInfo(base=base, segment=segment, stem=stem_of(base, segment),
                                             label=label, derivation=derivation, scheme=self.scheme.id))
        self.rec.append(rec)
        self.var.append(var)
        self.value.append(_value(value) if value is not None else None)


def _applies(scheme: Scheme, codes: Sequence[str], where: str) -> bool:
    """True when the entry's codes are the scheme's; False when none are (another scheme's entry).

    Some but not all known is most likely a misspelt code: an ExportError naming the field.
    """
    known = {c.id for c in scheme.codes} | set(scheme.rows())
    missing = [c for c in codes if c not in known]
    if len(missing) == len(codes):
        return False
    if missing:
        raise ExportError(f"sequential.{where} names {', '.join(missing)}, not in scheme '{scheme.id}'",
                          hint="use the scheme's code and stream ids")
    return True


def sequential_variables(scheme: Scheme, records: Sequence[Record], spec: SequentialSpec,
                         registry: Registry) -> pd.DataFrame:
    """Long rows of every sequential variable the spec asks for, per record of ``scheme``."""
    rows = _Rows(registry, scheme)
    for n, cell in enumerate(spec.lag):
        if not _applies(scheme, [*cell.streams, cell.given, cell.target], f"lag.{n}"):
            continue
        codes = [c.id for s in cell.streams for c in scheme.codes_in_stream(s)]
        base = f"{cell.given}_to_{cell.target}_lag{cell.lag}"
        for record in records:
            seq = merged_sequence(record.annotations, scheme, cell.streams, collapse_repeats=not cell.repeats)
            result = lag_table(seq, lag=cell.lag, codes=codes, repeats=cell.repeats)
            values = {"count": result.counts, "prob": result.probabilities, "adjres": result.adjusted_residuals,
                      "yules_q": result.yules_q}
            for m in cell.measures:
                rows.add(record.rec, f"{base}_{m}", WHOLE_SESSION,
                         f"{cell.given} → {cell.target} (lag {cell.lag}): {_LAG_LABELS[m]}",
                         f"lag-{cell.lag} table over {', '.join(cell.streams)}"
                         f"{'' if cell.repeats else ' (no repeats: structural zeros)'}; {_LAG_LABELS[m]}",
                         float(values[m].loc[cell.given, cell.target]))
    for n, item in enumerate(spec.contingency):
        if not _applies(scheme, [*item.given, *item.target], f"contingency.{n}"):
            continue
        for record in records:
            end = session_end_ms(record.annotations, record.duration_ms)
            if end <= 0:
                continue
            r = time_window_contingency(intervals(record.annotations, item.given),
                                        intervals(record.annotations, item.target), window_ms=item.window_ms,
                                        start_ms=0, end_ms=end, unit_ms=item.unit_ms, target_rule=item.target_rule)
            for stat in item.measures:
                rows.add(record.rec, f"{item.name}_{stat}", WHOLE_SESSION,
                         f"{item.name}: {_WINDOW_LABELS[stat]} of {'/'.join(item.target)} within "
                         f"{item.window_ms[0]}–{item.window_ms[1]} ms after {'/'.join(item.given)}",
                         f"time-window contingency, {item.unit_ms}-ms units, target {item.target_rule}",
                         getattr(r, stat))
    for n, resp in enumerate(spec.responsiveness):
        if not _applies(scheme, [*resp.bids, *resp.responses], f"responsiveness.{n}"):
            continue
        for record in records:
            end = session_end_ms(record.annotations, record.duration_ms)
            if end <= 0:
                continue
            x = contingent_responsiveness(record.annotations, resp.bids, resp.responses, start_ms=0, end_ms=end,
                                          window_ms=resp.window_ms, unit_ms=resp.unit_ms)
            window = f"{resp.window_ms[0]}–{resp.window_ms[1]} ms"
            for suffix, label, how, value in (
                ("bids", "bids", "onsets of the bid codes", float(x.bids)),
                ("cond", "share of bids answered", f"bids followed by a response onset within {window}", x.conditional),
                ("base", "response base rate", f"share of {resp.unit_ms}-ms units whose {window} window holds a response onset", x.base_rate),
                ("index", "responsiveness index", "share answered − base rate", x.index),
            ):
                rows.add(record.rec, f"{resp.name}_{suffix}", WHOLE_SESSION, f"{resp.name}: {label}", how, value)
    repair = spec.match_repair
    if repair is not None and _applies(scheme, [*repair.infant, *repair.caregiver], "match_repair"):
        _repair(spec, scheme, records, rows)
    _latency_and_during(spec, scheme, records, rows)
    if spec.bins is not None and _applies(scheme, spec.bins.codes or [c.id for c in scheme.codes], "bins.codes"):
        _bins(spec, scheme, records, rows)
    if not rows.rec:
        return empty_rows()
    return rows_from_lists(rows.rec, rows.var, rows.value)


def _repair(spec: SequentialSpec, scheme: Scheme, records: Sequence[Record], rows: _Rows) -> None:
    m = spec.match_repair
    assert m is not None
    for record in records:
        episodes = [(s.segment, s.start_ms, s.end_ms) for s in record.annotations.segments]
        if not episodes:
            continue
        table = match_repair(record.annotations, m.infant, m.caregiver, episodes=episodes, unit_ms=m.unit_ms)
        for _i, row in table.iterrows():
            for column, (label, how) in _REPAIR.items():
                rows.add(record.rec, column, str(row["episode"]), f"{label}, {row['episode']}",
                         f"{how}; {m.unit_ms}-ms units", float(row[column]))
        if m.contrasts:
            values = dict(zip(table["episode"], table["match_prop"], strict=True))
            for name, value in episode_contrasts(values).items():
                if not np.isnan(value):
                    a, b = next((a, b) for a, b in STILL_FACE_CONTRASTS if f"{a}_minus_{b}" == name)
                    rows.add(record.rec, f"match_prop_{name}", WHOLE_SESSION,
                             f"match proportion: {a} − {b}", "still-face contrast of match_prop", value)


def _latency_and_during(spec: SequentialSpec, scheme: Scheme, records: Sequence[Record], rows: _Rows) -> None:
    from coder.analysis.time_budget import co_occurrence, latency_after

    for n, lat in enumerate(spec.latency):
        if not _applies(scheme, [*lat.from_codes, *lat.to_codes], f"latency.{n}"):
            continue
        how = f"from each onset of {'/'.join(lat.from_codes)} to the next onset of {'/'.join(lat.to_codes)}"
        for record in records:
            values = latency_after(record.annotations, lat.from_codes, lat.to_codes) / 1000.0
            found = values[np.isfinite(values)]
            for suffix, label, value in (
                ("lat_mean", "mean latency (s)", float(found.mean()) if len(found) else None),
                ("lat_median", "median latency (s)", float(np.median(found)) if len(found) else None),
                ("lat_n", "onsets followed", float(len(found))),
                ("lat_none", "onsets not followed", float(len(values) - len(found))),
            ):
                rows.add(record.rec, f"{lat.name}_{suffix}", WHOLE_SESSION, f"{lat.name}: {label}", how, value)
    for n, item in enumerate(spec.during):
        if not _applies(scheme, [item.a, item.b], f"during.{n}"):
            continue
        for record in records:
            c = co_occurrence(record.annotations, item.a, item.b)
            rows.add(record.rec, f"{item.name}_prop_of_b", WHOLE_SESSION,
                     f"{item.name}: share of {item.b} time with {item.a}",
                     f"time {item.a} and {item.b} are both on / time of {item.b}", c.proportion_of_b)
            rows.add(record.rec, f"{item.name}_onsets_in_b", WHOLE_SESSION,
                     f"{item.name}: {item.a} onsets during {item.b}",
                     f"onsets of {item.a} inside a {item.b} bout", float(c.a_onsets_during_b))


def _bins(spec: SequentialSpec, scheme: Scheme, records: Sequence[Record], rows: _Rows) -> None:
    from coder.analysis.time_budget import SessionData, time_budget

    bins = spec.bins
    assert bins is not None
    data = [SessionData(str(r.rec), r.annotations, r.duration_ms) for r in records]
    frame = time_budget(data, scheme, by="bins", bin_ms=bins.bin_ms, codes=bins.codes, measures=bins.measures)
    labels = {c.id: c.label or c.id for c in scheme.codes}
    for rec, window, code, measure, value in frame.itertuples(index=False):
        rows.add(int(rec), f"{code}_{measure}", window, f"{labels[code]}: {measure}, {window} ({bins.bin_ms} ms bins)",
                 f"the export's '{measure}' in fixed {bins.bin_ms}-ms bins from the session start",
                 None if value != value else float(value))
