"""Motion variables of the dataset, per session × window: the producer of an export spec's ``motion:``.

The export layer sits below assisted coding, so ``run_export`` receives this producer from its
caller (``coder export`` and the GUI's export dialog pass ``motion_variables``).

Windows are the record's marked segments (still-face phases, SSP episodes …) and, with
``whole_session``, the whole video (``session``). Names and definitions (the codebook repeats
each one, with the parameters used):

- ``motion_<region>_mean``: mean motion energy of the region over the frames in the window —
  per frame, the share (0–1) of the region's pixels whose grey level changed by more than
  ``noise`` (of 255) since the previous frame, with frames scaled to ``width`` px.
- ``sync_<a>_<b>_peak``: windowed cross-lagged correlation (Boker et al. 2002) of the two
  regions' smoothed motion energy: the mean, over consecutive ``window_ms`` windows, of the
  largest |r| within ±``max_lag_ms``.
- ``sync_<a>_<b>_mean``: mean |r| over the windows and all lags.
- ``sync_<a>_<b>_lag`` (s): median over windows of the lag at the largest |r|; positive when
  ``b`` moves after ``a``.
- ``sync_<a>_<b>_base``: ``peak`` with ``b``'s windows shuffled in time (segment shuffling,
  Ramseyer & Tschacher 2011), the mean over ``surrogates`` shuffles drawn with ``seed``.
- ``sync_<a>_<b>_excess``: peak − base (synchrony beyond what chance pairing of the same
  movement gives).
- ``sync_<a>_<b>_windows``: windows the peak was averaged over.

A session whose video cannot be read, or that lacks a region, gets NA for what needs it and a
warning naming the session and what to do; the export goes on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from coder import __version__
from coder.assist.motion import (
    MotionSeries,
    Region,
    frame_interval_ms,
    segment_slice,
    smooth,
    synchrony,
)
from coder.assist.motion_cache import MOTION_TOOL, MOTION_VERSION, session_motion
from coder.assist.regions import load_regions, regions_path
from coder.errors import CoderError
from coder.export.motion_spec import MotionRows, MotionSpec, SynchronySpec
from coder.export.timed_variables import build_windows, window_names
from coder.export.variables import Record, Registry, VariableInfo, rows_from_lists, stem_of
from coder.progress import Progress
from coder.project.project import Project
from coder.scheme.model import WHOLE_SESSION, Scheme

_SYNC_LABELS = {
    "peak": "peak cross-lagged correlation |r|",
    "mean": "mean cross-lagged correlation |r|",
    "lag": "lag at peak (s)",
    "base": "surrogate baseline of the peak |r|",
    "excess": "peak |r| beyond the surrogate baseline",
    "windows": "windows",
}


def _tool() -> str:
    return f"{MOTION_TOOL} {MOTION_VERSION} (Coder {__version__})"


def _energy_derivation(spec: MotionSpec, region: str) -> str:
    return (
        f"mean over the window's frames of the share (0–1) of region '{region}' pixels whose grey "
        f"level changed by more than {spec.noise}/255 since the previous frame (frames scaled to "
        f"{spec.width} px wide; frame differencing, motion energy analysis); region '{region}' as "
        f"drawn for each session (coordinates per session in manifest.json); {_tool()}"
    )


def _sync_derivation(pair: SynchronySpec, spec: MotionSpec, measure: str) -> str:
    common = (
        f"regions '{pair.a}' (a) and '{pair.b}' (b), motion energy smoothed over "
        f"{spec.smooth_frames} frames; windows of {pair.window_ms / 1000:g} s, lags up to "
        f"±{pair.max_lag_ms / 1000:g} s; windowed cross-lagged correlation (Boker et al. 2002)"
    )
    surrogate = (
        f"b's windows shuffled in time (segment shuffling, Ramseyer & Tschacher 2011), mean over "
        f"{pair.surrogates} surrogates, seed {pair.seed}"
    )
    what = {
        "peak": "mean over windows of the largest |r| within the lags",
        "mean": "mean |r| over windows and lags",
        "lag": "median over windows of the lag (s) of the largest |r|; positive: b moves after a",
        "base": f"the peak statistic with {surrogate}",
        "excess": f"peak − base (base: {surrogate})",
        "windows": "number of whole windows in the segment (NA values when fewer than 1)",
    }[measure]
    return f"{what}; {common}; NA when the segment holds less than one window; {_tool()}"


def _label(what: str, window: str) -> str:
    return f"{what}, {'whole session' if window == WHOLE_SESSION else window}"


@dataclass
class _Out:
    registry: Registry
    scheme: str
    rec: list[int]
    var: list[int]
    value: list[float | None]

    def add(self, rec: int, info: VariableInfo, value: float | None) -> None:
        self.rec.append(rec)
        self.var.append(self.registry.add(info))
        self.value.append(None if value is None or not np.isfinite(value) else float(value))

    def info(self, base: str, window: str, label: str, derivation: str) -> VariableInfo:
        return VariableInfo(base=base, segment=window, stem=stem_of(base, window),
                            label=_label(label, window), derivation=derivation, scheme=self.scheme)


def _sync_values(series: MotionSeries | None, pair: SynchronySpec, spec: MotionSpec,
                 start: int, end: int) -> dict[str, float | None]:
    if series is None or pair.a not in series.energy or pair.b not in series.energy:
        return dict.fromkeys(pair.measures)
    frame_ms = frame_interval_ms(series)
    span = segment_slice(series, start, end)
    a = smooth(series.energy[pair.a], spec.smooth_frames)[span]
    b = smooth(series.energy[pair.b], spec.smooth_frames)[span]
    result = synchrony(a, b, frame_ms=frame_ms, window_ms=pair.window_ms,
                       max_lag_ms=pair.max_lag_ms, surrogates=pair.surrogates, seed=pair.seed)
    values: dict[str, float | None] = {
        "peak": result.observed, "mean": result.mean_r, "lag": result.lag_ms / 1000,
        "base": result.baseline, "excess": result.difference, "windows": float(result.windows),
    }
    return {m: values[m] for m in pair.measures}


def _session_series(project: Project, record: Record, spec: MotionSpec, needed: Sequence[str],
                    warnings: list[str], log: dict[str, Any]) -> MotionSeries | None:
    session = record.session
    try:
        drawn = load_regions(project, session)
    except CoderError as error:
        warnings.append(f"{session}: motion variables are NA: {error}")
        return None
    names = {r.name for r in drawn}
    missing = [n for n in needed if n not in names]
    if missing:
        warnings.append(
            f"{session}: no region {', '.join(repr(m) for m in missing)} drawn, so the motion "
            f"variables of {'it' if len(missing) == 1 else 'them'} are NA; draw "
            f"{'it' if len(missing) == 1 else 'them'} (Session ▸ Regions… in the workstation, or `coder regions "
            f"PROJECT {session} --set {missing[0]}=x,y,w,h`) and export again"
        )
    used: tuple[Region, ...] = tuple(drawn)
    if not used or not any(n in names for n in needed):
        return None
    try:
        measured = session_motion(project, session, used, width=spec.width, noise=spec.noise)
    except CoderError as error:
        warnings.append(
            f"{session}: motion variables are NA: the video cannot be read ({error}); locate the "
            "session's media (Lead ▸ Session ▸ Locate media…, or `coder relink`) and export again"
        )
        return None
    log[session] = {
        "video_sha256": measured.video_sha256,
        "regions": [asdict(r) for r in used],
        "frames": len(measured.series.times_ms),
        "cache_key": measured.key,
        "from_cache": measured.from_cache,
    }
    return measured.series


def motion_variables(project: Project, scheme: Scheme, records: Sequence[Record], spec: MotionSpec,
                     segments: Sequence[str] | None, registry: Registry, warnings: list[str],
                     progress: Progress | None = None) -> MotionRows:
    """Long rows of the motion variables of ``records`` (see the module's definitions);
    ``progress(fraction 0–1, message)`` as each session is measured."""
    names = window_names(scheme, segments, spec.whole_session)
    windows = build_windows(records, names, [])  # the timed variables already warn about these
    drawn: dict[str, tuple[Region, ...]] = {}
    for record in records:
        try:
            drawn[record.session] = load_regions(project, record.session)
        except CoderError:
            drawn[record.session] = ()  # warned about per session below
    energy_regions = list(spec.regions) if spec.regions is not None else sorted(
        {r.name for regions in drawn.values() for r in regions}
    )
    if not spec.energy:
        energy_regions = []
    needed = list(dict.fromkeys([*energy_regions, *(n for p in spec.synchrony for n in (p.a, p.b))]))
    sessions_log: dict[str, Any] = {}
    series: dict[int, MotionSeries | None] = {}
    if needed:
        for position, record in enumerate(records):
            if progress is not None:
                progress(position / len(records), f"Measuring motion in {record.session}")
            series[position] = _session_series(project, record, spec, needed, warnings, sessions_log)
    out = _Out(registry, scheme.id, [], [], [])
    # Register every variable for every window first, so the codebook lists them even when no
    # session has a value (and the columns keep the same order run after run).
    for region in energy_regions:
        for window in names:
            out.registry.add(out.info(f"motion_{region}_mean", window,
                                      f"mean motion energy of region {region} (0–1)",
                                      _energy_derivation(spec, region)))
    for pair in spec.synchrony:
        for measure in pair.measures:
            for window in names:
                out.registry.add(out.info(f"sync_{pair.a}_{pair.b}_{measure}", window,
                                          f"movement synchrony {pair.a}–{pair.b}: {_SYNC_LABELS[measure]}",
                                          _sync_derivation(pair, spec, measure)))
    for w in range(len(windows.rec)):
        position = int(windows.rec[w])
        record, window = records[position], names[int(windows.name[w])]
        start, end = int(windows.start[w]), int(windows.end[w])
        found = series.get(position)
        for region in energy_regions:
            value: float | None = None
            if found is not None and region in found.energy:
                frames = found.energy[region][segment_slice(found, start, end)]
                value = float(frames.mean()) if len(frames) else None
            info = out.info(f"motion_{region}_mean", window, f"mean motion energy of region {region} (0–1)",
                            _energy_derivation(spec, region))
            out.add(record.rec, info, value)
        for pair in spec.synchrony:
            values = _sync_values(found, pair, spec, start, end)
            for measure in pair.measures:
                info = out.info(f"sync_{pair.a}_{pair.b}_{measure}", window,
                                f"movement synchrony {pair.a}–{pair.b}: {_SYNC_LABELS[measure]}",
                                _sync_derivation(pair, spec, measure))
                out.add(record.rec, info, values[measure])
    provenance = {
        "tool": MOTION_TOOL,
        "version": MOTION_VERSION,
        "coder_version": __version__,
        "parameters": spec.model_dump(mode="json"),
        "sessions": sessions_log,
    }
    inputs = tuple(
        path for r in records if (path := regions_path(project, r.session)).exists()
    )
    return MotionRows(rows_from_lists(out.rec, out.var, out.value), provenance, inputs)
