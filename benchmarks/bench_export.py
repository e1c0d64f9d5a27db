"""Export benchmark: 1,000 sessions × 2 coders × 40 codes (~500 events per file) → wide .sav.

Run: ``.venv/bin/python benchmarks/bench_export.py`` (``make bench`` runs it too). The project is
generated once into ``benchmarks/.cache/export-project`` (annotation files written directly, no
videos). Measured in the same run: the reference — just reading every annotation file with
``load_annotations`` — and the export (wide layout, SPSS .sav, codebook, manifest, audit entry)
as absolute time and as a ratio to the reference. Prints a table and writes
``benchmarks/results/export.json``. Not part of the pytest suite.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

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
from coder.export import parse_spec, run_export  # noqa: E402
from coder.project.key_file import write_key  # noqa: E402
from coder.project.project import Project  # noqa: E402

CACHE = ROOT / ".cache" / "export-project"
RESULTS = ROOT / "results" / "export.json"
SESSIONS = 1000
CODERS = ("ann", "bob")
EVENTS = 500
DURATION_MS = 600_000
TARGET_S = 5.0
STREAMS = 4
STATES_PER_STREAM = 8
POINTS = 8  # 4 × 8 state codes + 8 point codes = 40 codes


def _scheme_text() -> str:
    lines = [
        "format_version: 1", "id: bench", 'version: "1.0"', "title: Benchmark scheme",
        "segments:",
        *[f"  - {{id: part{i}, label: Part {i}, nominal_ms: 200000}}" for i in (1, 2, 3)],
        "streams:",
        *[f"  - {{id: stream{s}, label: Stream {s}, exclusive: true}}" for s in range(STREAMS)],
        "  - {id: points, label: Points}",
        "modifiers:", "  - {id: tone, values: [positive, neutral, negative]}",
        "codes:",
    ]
    for s in range(STREAMS):
        for c in range(STATES_PER_STREAM):
            uncodable = ", uncodable: true" if c == STATES_PER_STREAM - 1 else ""
            lines.append(f"  - {{id: s{s}_c{c}, label: State {s}.{c}, kind: state, stream: stream{s}{uncodable}}}")
    for p in range(POINTS):
        mods = ", modifiers: [tone]" if p == 0 else ""
        lines.append(f"  - {{id: p{p}, label: Point {p}, kind: point, stream: points{mods}}}")
    lines += [
        "ratings:",
        *[f"  - {{id: item{i}, min: 1, max: 7, segments: [part1, part2, part3]{', reverse: true' if i == 2 else ''}}}" for i in range(4)],
        "composites:", "  - {id: quality, items: [item0, item1, item2]}",
    ]
    return "\n".join(lines) + "\n"


def _events(rng: random.Random) -> list[Event]:
    events: list[Event] = []
    per_stream = (EVENTS - 100) // STREAMS
    for s in range(STREAMS):
        bounds = sorted(rng.sample(range(1, DURATION_MS // 100), per_stream - 1))
        edges = [0, *[b * 100 for b in bounds], DURATION_MS]
        for i in range(per_stream):
            code = f"s{s}_c{rng.randrange(STATES_PER_STREAM)}"
            events.append(Event.make(code, edges[i], edges[i + 1], id=f"s{s}e{i}"))
    for i in range(100):
        p = rng.randrange(POINTS)
        mods = {"tone": rng.choice(["positive", "neutral", "negative"])} if p == 0 else {}
        events.append(Event.make(f"p{p}", rng.randrange(DURATION_MS), modifiers=mods, id=f"p{i}"))
    return events


def build_project() -> Project:
    """The benchmark project (reused from the cache when complete)."""
    return cached_project(CACHE, _generate)


def _generate(cache: Path) -> Project:
    scheme_file = cache.parent / "bench_scheme.yaml"
    scheme_file.parent.mkdir(parents=True, exist_ok=True)
    scheme_file.write_text(_scheme_text(), encoding="utf-8")
    project = Project.create(cache, name="export benchmark", schemes=[scheme_file])
    scheme = project.scheme("bench")
    codes = [f"S{n:05d}" for n in range(SESSIONS)]
    add_videoless_sessions(project, codes, "bench", DURATION_MS, CODERS)
    for coder in CODERS:
        project.assign(coder, codes, role="primary" if coder == CODERS[0] else "reliability")
    write_key(project.key_path, [
        {"session": c, "participant": f"P{n // 2:04d}", "arm": "PIP" if (n // 2) % 2 else "TAU",
         "timepoint": f"t{n % 2}"}
        for n, c in enumerate(codes)
    ])
    rng = random.Random(11)
    segments = (Segment.make("part1", 0, 200_000), Segment.make("part2", 200_000, 400_000),
                Segment.make("part3", 400_000, 600_000))
    for code in codes:
        for coder in CODERS:
            ratings = tuple(Rating(f"item{i}", f"part{p}", float(rng.randint(1, 7)))
                            for p in (1, 2, 3) for i in range(4))
            save_record(project, scheme, coder, code, _events(rng), segments, ratings)
    return project


def main() -> int:
    started = time.perf_counter()
    project = build_project()
    generated = time.perf_counter() - started
    files, events, reference, reference_cpu = read_every_annotation_file(project)
    spec = parse_spec("name: bench_wide\nlayout: wide\nformats: [sav]\n"
                      "timed: {proportion_denominator: codable, latency_absent: censored}\n")
    out = CACHE.parent / "export-out"
    t0, c0 = time.perf_counter(), time.process_time()
    result = run_export(project, spec, ["sav"], out)
    export, export_cpu = time.perf_counter() - t0, time.process_time() - c0
    report = {
        "sessions": SESSIONS, "coders": len(CODERS), "annotation_files": files,
        "events_read_in_reference": events, "dataset_rows": result.rows, "dataset_columns": result.columns,
        "generate_or_open_s": round(generated, 3),
        "reference_read_all_files_s": round(reference, 3),
        "export_wide_sav_s": round(export, 3),
        "ratio_export_to_reference": round(export / reference, 3),
        # CPU time of this process: the machine may be shared, which inflates wall time.
        "reference_cpu_s": round(reference_cpu, 3),
        "export_cpu_s": round(export_cpu, 3),
        "ratio_export_to_reference_cpu": round(export_cpu / reference_cpu, 3),
        "target_s": TARGET_S, "ok": export <= TARGET_S, "ok_cpu": export_cpu <= TARGET_S,
    }
    report_figures(report, RESULTS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
