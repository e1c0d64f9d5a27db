"""Autosave and load of annotation files, each beside a reference measured in the same run.

Run: ``.venv/bin/python benchmarks/bench_autosave.py`` (``make bench`` runs it too). Prints a
table and writes ``benchmarks/results/autosave.json``. Not part of the pytest suite.

- autosave of a 10,000-event session: one edit through ``AnnotationStore.execute`` (lease check,
  compare-and-swap against the file on disk, backup check, serialise, atomic durable write);
  reference: the plain save path (snapshot, serialise, atomic durable write) on the same
  document. Target: the lease and the check add at most a few ms.
- the lease and compare-and-swap check alone (what a save does before writing).
- serialising 10,000 events: the record-by-record encoder against the earlier serialiser that
  split one JSON text by editing it (kept here only as a speed reference: it corrupted files).
- loading a 100,000-event file with ``load_annotations``; reference: ``json.loads`` of its bytes.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from coder.annotations.commands import AddEvent, Compound  # noqa: E402
from coder.annotations.model import AnnotationHeader, AnnotationSet, Event  # noqa: E402
from coder.storage.annotation_file import annotations_to_dict, load_annotations, save_annotations  # noqa: E402
from coder.storage.annotation_store import AnnotationStore  # noqa: E402
from coder.storage.atomic import dumps_json_records  # noqa: E402

RESULTS = ROOT / "results" / "autosave.json"
HEADER = AnnotationHeader("bench", "S-BENCH", "demo_interaction", "1.0", "abc", "vid")
CODES = ["gaze_mother", "gaze_object", "gaze_away", "touch_affectionate", "infant_vocal"]


def _events(n: int, seed: int) -> list[Event]:
    rng = random.Random(seed)
    made = []
    for _ in range(n):
        start = rng.randrange(0, 30 * 60 * 1000)
        end = None if rng.random() < 0.4 else start + rng.randrange(200, 5000)
        modifiers = {"voc_tone": "positive"} if rng.random() < 0.3 else {}
        comment = "see {a},{ note" if rng.random() < 0.05 else ""
        made.append(Event.make(rng.choice(CODES), start, end, modifiers=modifiers, comment=comment))
    return made


def _median_ms(run: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _text_split_serialiser(data: Any) -> str:
    # The earlier serialiser, for speed comparison only (it broke on comments like "see {a},{").
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace('},{"', '},\n{"').replace(':[{"', ':[\n{"') + "\n"


def bench(folder: Path, repeat: int = 30) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    path = folder / "S-BENCH.json"
    store = AnnotationStore.open(path, HEADER)
    store.execute(Compound(tuple(AddEvent(e) for e in _events(10_000, 1)), text="bench"))
    plain = folder / "plain.json"
    step = iter(range(10**9))

    def edit() -> None:
        store.execute(AddEvent(Event.make("gaze_mother", next(step))))

    def plain_save() -> None:
        save_annotations(plain, store.document.snapshot())

    plain_save()
    # Interleaved, so both see the same disk and load.
    after, before = [], []
    for _ in range(repeat):
        after.append(_median_ms(edit, 1))
        before.append(_median_ms(plain_save, 1))
    a, b = statistics.median(after), statistics.median(before)
    rows.append({"what": "autosave, 10,000 events: store (lease + compare-and-swap)", "ms": a,
                 "reference": "plain save path", "reference_ms": b, "ratio": a / b, "added_ms": a - b})
    check = getattr(store, "_check_ownership", None)
    if check is not None:
        c = _median_ms(check, repeat * 10)
        rows.append({"what": "lease + compare-and-swap check alone", "ms": c,
                     "reference": "plain save path", "reference_ms": b, "ratio": c / b})
    data = annotations_to_dict(store.document.snapshot())
    new = _median_ms(lambda: dumps_json_records(data), repeat)
    old = _median_ms(lambda: _text_split_serialiser(data), repeat)
    rows.append({"what": "serialise 10,000 events record by record", "ms": new,
                 "reference": "earlier text-splitting serialiser", "reference_ms": old, "ratio": new / old})
    store.close()

    big = folder / "big.json"
    save_annotations(big, AnnotationSet(header=HEADER, events=tuple(_events(100_000, 2))))
    raw = big.read_bytes()
    load = _median_ms(lambda: load_annotations(big), 5)
    parse = _median_ms(lambda: json.loads(raw), 5)
    rows.append({"what": "load 100,000 events", "ms": load, "reference": "json.loads of the bytes",
                 "reference_ms": parse, "ratio": load / parse})
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory(dir=ROOT.parent) as folder:  # the project's disk, not tmpfs
        rows = bench(Path(folder))
    for row in rows:
        print(f"{row['what']:<60} {row['ms']:8.2f} ms   ref {row['reference_ms']:8.2f} ms "
              f"({row['reference']})   ratio {row['ratio']:.2f}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"rows": rows}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
