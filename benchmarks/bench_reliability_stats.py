"""Reliability statistics benchmarks: timed-code agreement on realistic session sizes.

Run: ``.venv/bin/python benchmarks/bench_reliability_stats.py``. Prints a table and writes
``benchmarks/results/reliability_stats.json``. Each figure is the median of several runs, shown
in ms and as a ratio against a trivial numpy baseline measured in the same run on the same data
(so a slower machine moves both). Not part of the pytest suite.

- ``time_unit_kappa`` at 1-frame units (40 ms) over a 30-min pair of exclusive streams
  (45,000 units, six ICEP-R-like infant phases, coder b = coder a with onset jitter and 10%
  recoded bouts), without and with a 1-s tolerance. Target ≤ 50 ms. Baseline:
  ``np.array_equal`` over the two unit arrays.
- ``event_agreement`` on 2,000 point events per coder (about one every 0.9 s, 5% omissions and
  5% commissions, onset jitter) by onset within 2 s, and 2,000 states by overlap. Baseline:
  ``np.sort`` of the 4,000 onsets.
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from coder.reliability import event_agreement, time_unit_kappa  # noqa: E402
from coder.reliability.time_units import NOTHING, stream_units  # noqa: E402

RESULTS = ROOT / "results" / "reliability_stats.json"
SESSION_MS = 30 * 60 * 1000
FRAME_MS = 40
PHASES = ["neg_protest", "neg_withdrawn", "object", "monitor", "social_pos", "unscorable"]
REPEATS = 15

Event = tuple[str, int, int]


@dataclass
class Result:
    """One measured figure, its baseline measured in the same run, and the target."""

    name: str
    median_ms: float
    baseline: str
    baseline_ms: float
    ratio: float
    target: str
    ok: bool | None


def _median_ms(action: Callable[[], object], repeats: int = REPEATS) -> float:
    action()  # warm caches and imports
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def _streams(rng: np.random.Generator) -> tuple[list[Event], list[Event]]:
    """Two coders' exclusive streams: bouts of ~3 s, uncoded gaps, b jittered and 10% recoded."""
    a: list[Event] = []
    b: list[Event] = []
    t = 0
    while t < SESSION_MS:
        length = int(rng.exponential(3000)) + 200
        gap = int(rng.exponential(500)) if rng.random() < 0.2 else 0
        code = str(rng.choice(PHASES))
        start, end = t + gap, min(t + gap + length, SESSION_MS)
        if end <= start:
            break
        a.append((code, start, end))
        other = str(rng.choice(PHASES)) if rng.random() < 0.1 else code
        jitter_start = int(np.clip(start + rng.normal(0, 150), 0, SESSION_MS))
        b.append((other, jitter_start, end))
        t = end
    # Keep b's stream exclusive after the jitter: each bout ends where the next begins.
    b.sort(key=lambda e: e[1])
    b_fixed = [
        (code, start, min(end, b[i + 1][1]) if i + 1 < len(b) else end)
        for i, (code, start, end) in enumerate(b)
    ]
    return a, [e for e in b_fixed if e[2] > e[1]]


def _points(rng: np.random.Generator, n: int) -> tuple[list[Event], list[Event]]:
    onsets = np.sort(rng.choice(SESSION_MS, size=n, replace=False))
    codes = rng.choice(["vocal", "touch", "gaze_shift", "smile"], size=n)
    a = [(str(c), int(t), int(t)) for c, t in zip(codes, onsets, strict=True)]
    keep = rng.random(n) > 0.05
    b = [
        (str(c), int(t + rng.normal(0, 300)), int(t + rng.normal(0, 300)))
        for c, t, k in zip(codes, onsets, keep, strict=True)
        if k
    ]
    b = [(c, s, s) for c, s, _ in b]
    extra = rng.choice(SESSION_MS, size=n - len(b), replace=False)
    b += [("vocal", int(t), int(t)) for t in extra]
    return a, b


def _states(rng: np.random.Generator, n: int) -> tuple[list[Event], list[Event]]:
    starts = np.sort(rng.choice(SESSION_MS - 5000, size=n, replace=False))
    lengths = rng.integers(300, 3000, size=n)
    codes = rng.choice(["look", "touch", "hold"], size=n)
    a = [(str(c), int(s), int(s + d)) for c, s, d in zip(codes, starts, lengths, strict=True)]
    b = [(c, s + int(rng.normal(0, 100)), e + int(rng.normal(0, 100))) for c, s, e in a]
    return a, [(c, s, max(e, s + 1)) for c, s, e in b]


def main() -> None:
    rng = np.random.default_rng(20261126)
    a, b = _streams(rng)
    cats = (*PHASES, NOTHING)
    window = {"start_ms": 0, "end_ms": SESSION_MS, "unit_ms": FRAME_MS, "categories": cats}
    ua, ub = stream_units(a, **window), stream_units(b, **window)  # type: ignore[arg-type]
    array_equal = _median_ms(lambda: np.array_equal(ua, ub), repeats=200)
    pa, pb = _points(rng, 2000)
    onsets = np.array([e[1] for e in pa + pb])
    sort_onsets = _median_ms(lambda: np.sort(onsets), repeats=200)
    sa, sb = _states(rng, 2000)
    n_units = len(ua)

    def tuk(tolerance: int) -> Callable[[], object]:
        return lambda: time_unit_kappa(
            a, b, start_ms=0, end_ms=SESSION_MS, unit_ms=FRAME_MS, tolerance_ms=tolerance
        )

    measured = [
        (
            "time_unit_kappa 40 ms units, 30 min, no tolerance",
            tuk(0),
            "array_equal",
            array_equal,
            50,
        ),
        (
            "time_unit_kappa 40 ms units, 30 min, tolerance 1 s",
            tuk(1000),
            "array_equal",
            array_equal,
            50,
        ),
        (
            "event_agreement 2,000 points/coder, onset ±2 s",
            lambda: event_agreement(pa, pb, tolerance_ms=2000),
            "np.sort onsets",
            sort_onsets,
            None,
        ),
        (
            "event_agreement 2,000 states/coder, overlap ≥ .6",
            lambda: event_agreement(sa, sb, match="overlap", min_overlap=0.6),
            "np.sort onsets",
            sort_onsets,
            None,
        ),
    ]
    results = []
    for name, action, baseline, baseline_ms, target in measured:
        value = _median_ms(action)
        results.append(
            Result(
                name=name,
                median_ms=round(value, 3),
                baseline=baseline,
                baseline_ms=round(baseline_ms, 4),
                ratio=round(value / baseline_ms, 1),
                target=f"≤ {target} ms" if target else "none (reported)",
                ok=None if target is None else value <= target,
            )
        )
    width = max(len(r.name) for r in results)
    print(f"{n_units} units per stream; {len(a)} / {len(b)} bouts; {len(pa)} / {len(pb)} points")
    print(f"{'benchmark':<{width}}  {'median ms':>10}  {'baseline ms':>11}  {'ratio':>8}  target")
    for r in results:
        verdict = "" if r.ok is None else (" ok" if r.ok else " MISSED")
        print(
            f"{r.name:<{width}}  {r.median_ms:>10.2f}  {r.baseline_ms:>11.4f}  "
            f"{r.ratio:>8.1f}  {r.target}{verdict}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "python": platform.python_version(),
                "machine": platform.machine(),
                "numpy": np.__version__,
                "units_per_stream": n_units,
                "results": [asdict(r) for r in results],
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {RESULTS.relative_to(ROOT.parent)}")


if __name__ == "__main__":
    main()
