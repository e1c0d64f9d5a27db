"""Reliability report benchmark: 200 double-coded 20-min sessions, 2,000 events per coder each.

Run: ``.venv/bin/python benchmarks/bench_reliability_report.py``. The project (demo_interaction
scheme: two exclusive streams, a non-exclusive state stream and point vocalisations, three
segments, ratings) is generated once into ``benchmarks/.cache/reliability-project`` (annotation
files written directly, no videos). Coder b is coder a with jittered boundaries, ~10% changed
codes and a few dropped and added events. Measured in the same run: the reference — reading
every annotation file with ``load_annotations`` — and the full ``project_report`` (bootstrap
B = 1000 over sessions included), absolute and as a ratio, with how much of it is reading the
files and pairing events (``event_agreement`` of the statistics API) and the rest. Prints a table and writes
``benchmarks/results/reliability_report.json``. Not part of the pytest suite.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

from generated_project import (  # noqa: E402
    add_videoless_sessions,
    cached_project,
    read_every_annotation_file,
    report_figures,
    save_record,
)

from coder.annotations.model import Event, Rating, Segment  # noqa: E402
from coder.project.project import Project  # noqa: E402
from coder.reliability.report import pairs as pairs_module  # noqa: E402
from coder.reliability.report import project_report, report_to_html, report_to_json  # noqa: E402
from coder.reliability.report import timed as timed_module  # noqa: E402
from coder.shipped import shipped_schemes_dir  # noqa: E402

CACHE = ROOT / ".cache" / "reliability-project"
RESULTS = ROOT / "results" / "reliability_report.json"
SCHEME = shipped_schemes_dir() / "demo_interaction.yaml"
SESSIONS = 200
CODERS = ("ann", "bob")
DURATION_MS = 20 * 60 * 1000
BOOTSTRAP = 1000
TARGET_S = 10.0
# 2,000 events per coder: 600 gaze + 500 affect + 2 × 150 touch states + 600 vocal points
GAZE, AFFECT, TOUCH, VOCAL = 600, 500, 150, 600


def _partition(rng: np.random.Generator, n: int, codes: list[str], prefix: str) -> list[Event]:
    edges = np.concatenate(([0], np.sort(rng.choice(DURATION_MS // 100, n - 1, replace=False) * 100),
                            [DURATION_MS]))
    picks = rng.integers(0, len(codes), n)
    return [Event.make(codes[c], int(s), int(e), id=f"{prefix}{i}")
            for i, (c, s, e) in enumerate(zip(picks, edges[:-1], edges[1:], strict=True))
            if e > s]


def _coder_a(rng: np.random.Generator) -> list[Event]:
    events = _partition(rng, GAZE, ["gaze_mother", "gaze_object", "gaze_away"], "g")
    events += _partition(rng, AFFECT, ["affect_positive", "affect_neutral", "affect_negative"], "a")
    for code in ("touch_affectionate", "touch_instrumental"):
        starts = np.sort(rng.choice(DURATION_MS // 1000, TOUCH, replace=False)) * 1000
        for i, s in enumerate(starts):
            events.append(Event.make(code, int(s), int(s) + int(rng.integers(200, 900)),
                                     id=f"{code[6:]}{i}"))
    times = np.sort(rng.choice(DURATION_MS // 500, VOCAL, replace=False)) * 500
    for i, t in enumerate(times):
        code = "infant_vocal" if rng.random() < 0.5 else "mother_vocal"
        events.append(Event.make(code, int(t), modifiers={"voc_tone": "neutral"}, id=f"v{i}"))
    return events


def _coder_b(rng: np.random.Generator, events: list[Event]) -> list[Event]:
    """A second coder: the same stream structure, jittered onsets, some codes changed."""
    alternatives = {
        "gaze_mother": "gaze_object", "gaze_object": "gaze_away", "gaze_away": "gaze_mother",
        "affect_positive": "affect_neutral", "affect_neutral": "affect_negative",
        "affect_negative": "affect_neutral", "infant_vocal": "mother_vocal",
        "mother_vocal": "infant_vocal",
    }
    out = []
    for e in events:
        code = alternatives.get(e.code, e.code) if rng.random() < 0.1 else e.code
        if e.end_ms is None or e.code.startswith("touch"):
            shift = int(rng.integers(-700, 700)) // 100 * 100
            start = max(0, e.start_ms + shift)
            end = None if e.end_ms is None else start + e.duration_ms
            if rng.random() < 0.03:
                continue
            out.append(Event.make(code, start, end, modifiers=e.modifiers, id=e.id))
        else:
            out.append(Event.make(code, e.start_ms, e.end_ms, id=e.id))
    return out


def build_project() -> Project:
    """The benchmark project (reused from the cache when complete)."""
    return cached_project(CACHE, _generate)


def _generate(cache: Path) -> Project:
    project = Project.create(cache, name="reliability benchmark", schemes=[SCHEME])
    scheme = project.scheme("demo_interaction")
    codes = [f"S{n:04d}" for n in range(SESSIONS)]
    add_videoless_sessions(project, codes, scheme.id, DURATION_MS, CODERS)
    project.save()
    rng = np.random.default_rng(5)
    third = DURATION_MS // 3
    segments = tuple(Segment.make(f"play{i + 1}", i * third, (i + 1) * third) for i in range(3))
    for n, code in enumerate(codes):
        a = _coder_a(rng)
        b = _coder_b(rng, a)
        day = f"2026-{1 + n * 6 // SESSIONS:02d}-{1 + n % 28:02d}T10:00:00Z"
        for coder, events in zip(CODERS, (a, b), strict=True):
            ratings = tuple(
                Rating(item, f"play{p}", float(np.clip(base + rng.integers(-1, 2), 1, 7)))
                for p, base in zip((1, 2, 3), rng.integers(2, 7, 3), strict=True)
                for item in ("m_sensitivity", "m_intrusive", "i_involvement")
            )
            save_record(project, scheme, coder, code, events, segments, ratings, day)
    return project


def main() -> int:
    started = time.perf_counter()
    project = build_project()
    generated = time.perf_counter() - started
    files, events, reference, reference_cpu = read_every_annotation_file(project)
    spent = {"event_pairing": 0.0, "reading": 0.0}
    pairing, reading = timed_module.event_agreement, pairs_module.Project.load_annotations

    def timed_pairing(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return pairing(*args, **kwargs)
        finally:
            spent["event_pairing"] += time.perf_counter() - t

    def timed_reading(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return reading(*args, **kwargs)
        finally:
            spent["reading"] += time.perf_counter() - t

    timed_module.event_agreement = timed_pairing  # type: ignore[assignment]
    pairs_module.Project.load_annotations = timed_reading  # type: ignore[method-assign]
    t0, c0 = time.perf_counter(), time.process_time()
    report = project_report(project, unit_ms=1000, tolerance_ms=2000, bootstrap=BOOTSTRAP, seed=1)
    elapsed, elapsed_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    html = report_to_html(report)
    data = json.dumps(report_to_json(report))
    formatting = time.perf_counter() - t0
    gaze = next(t for t in report.timed if t.row == "infant_gaze")
    result = {
        "sessions": SESSIONS, "coders": len(CODERS), "annotation_files": files,
        "events_read_in_reference": events, "bootstrap": BOOTSTRAP,
        "generate_or_open_s": round(generated, 3),
        "reference_read_all_files_s": round(reference, 3),
        "report_s": round(elapsed, 3),
        "ratio_report_to_reference": round(elapsed / reference, 3),
        "of_which_reading_files_s": round(spent["reading"], 3),
        "of_which_event_pairing_s": round(spent["event_pairing"], 3),
        "of_which_rest_s": round(elapsed - spent["reading"] - spent["event_pairing"], 3),
        "reference_cpu_s": round(reference_cpu, 3),
        "report_cpu_s": round(elapsed_cpu, 3),
        "html_and_json_s": round(formatting, 3),
        "html_kb": len(html) // 1024, "json_kb": len(data) // 1024,
        "units_pooled_infant_gaze": gaze.unit_exact.n,
        "kappa_infant_gaze": round(gaze.unit_exact.estimate or float("nan"), 4),
        "disagreements": len(report.disagreements),
        "target_s": TARGET_S, "ok": elapsed <= TARGET_S,
    }
    report_figures(result, RESULTS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
