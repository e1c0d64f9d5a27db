"""Analysis benchmark: a pooled lag table and a frame-unit time-window contingency.

Run: ``.venv/bin/python benchmarks/bench_analysis.py`` (``make bench`` runs it too). Measured in
the same run, each against a numpy reference over the same data:

- pooled lag-1 table of 1,000 sessions × 2,000 events (8 codes, given as lists of code text, the
  form ``coder analyze`` builds from annotations): ``lag_table`` (encoding, counting within
  sessions, expected counts, adjusted residuals, Yule's Q, p-values, G²) against
  ``numpy.bincount`` of the same pre-encoded within-session pairs. Target ≤ 2 s.
- time-window contingency over a 30-minute session at 40-ms frame units (45,000 units; 600
  given onsets, 400 target states): ``time_window_contingency`` against ``numpy.bincount`` of
  the same 45,000 unit labels. Target ≤ 50 ms.

Prints a table and writes ``benchmarks/results/analysis.json``. Not part of the pytest suite.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from generated_project import report_figures  # noqa: E402

from coder.analysis.lag_sequential import lag_table  # noqa: E402
from coder.analysis.time_window import time_window_contingency  # noqa: E402

RESULTS = ROOT / "results" / "analysis.json"
SESSIONS, EVENTS, CODES = 1000, 2000, 8
SESSION_MS, FRAME_MS = 30 * 60 * 1000, 40
LAG_TARGET_S, WINDOW_TARGET_MS = 2.0, 50.0


def _best(fn, repeats: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    best, value = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def main() -> None:
    rng = np.random.default_rng(2026)
    names = [f"code{i}" for i in range(CODES)]
    encoded = rng.integers(0, CODES, size=(SESSIONS, EVENTS))
    sequences = [[names[i] for i in row] for row in encoded]

    def reference_lag() -> np.ndarray:
        given, target = encoded[:, :-1].ravel(), encoded[:, 1:].ravel()
        return np.bincount(given * CODES + target, minlength=CODES * CODES).reshape(CODES, CODES)

    ref_lag_s, ref_counts = _best(reference_lag, 5)
    lag_s, result = _best(lambda: lag_table(sequences, codes=names), 3)
    assert (result.counts.to_numpy() == ref_counts).all()  # type: ignore[union-attr]

    onsets = np.sort(rng.integers(0, SESSION_MS, size=600))
    given = np.stack([onsets, onsets], axis=1)
    starts = np.sort(rng.integers(0, SESSION_MS - 5000, size=400))
    target = np.stack([starts, starts + rng.integers(200, 5000, size=400)], axis=1)
    n_units = SESSION_MS // FRAME_MS
    labels = rng.integers(0, 4, size=n_units)
    ref_win_s, _ = _best(lambda: np.bincount(labels, minlength=4), 50)
    win_s, contingency = _best(
        lambda: time_window_contingency(given, target, window_ms=(0, 3000), start_ms=0, end_ms=SESSION_MS,
                                        unit_ms=FRAME_MS), 50)
    assert contingency.n_units == n_units  # type: ignore[union-attr]

    report_figures({
        "lag_sessions": SESSIONS,
        "lag_events_per_session": EVENTS,
        "lag_codes": CODES,
        "lag_table_s": round(lag_s, 3),
        "lag_reference_bincount_s": round(ref_lag_s, 4),
        "lag_ratio_to_reference": round(lag_s / ref_lag_s, 1),
        "lag_target_s": LAG_TARGET_S,
        "lag_meets_target": lag_s <= LAG_TARGET_S,
        "window_units": n_units,
        "window_unit_ms": FRAME_MS,
        "window_contingency_ms": round(win_s * 1000, 2),
        "window_reference_bincount_ms": round(ref_win_s * 1000, 3),
        "window_ratio_to_reference": round(win_s / ref_win_s, 1),
        "window_target_ms": WINDOW_TARGET_MS,
        "window_meets_target": win_s * 1000 <= WINDOW_TARGET_MS,
    }, RESULTS)


if __name__ == "__main__":
    main()
