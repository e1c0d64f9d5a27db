"""Make tests/data/boris_kappa/cases.json: BORIS's own Cohen's kappa on designed cases.

BORIS is never a dependency of Coder and CI never runs this script. It documents where the
reference numbers of ``tests/reliability/test_boris_kappa.py`` come from. To regenerate them,
install BORIS in a throwaway environment outside the repository and run this script with it:

    python3 -m venv /tmp/boris-venv
    /tmp/boris-venv/bin/pip install boris-behav-obs
    QT_QPA_PLATFORM=offscreen /tmp/boris-venv/bin/python scripts/boris_kappa_cases.py \
        tests/data/boris_kappa/cases.json

Each case is two observations of one subject ("No focal subject"). Events are
``[code, start_ms, end_ms, modifier]`` with ``end_ms`` null for a point event. The script builds
a BORIS project dictionary, loads it into BORIS's aggregated-events database
(``db_functions.load_aggregated_events_in_db``) and calls BORIS's ``irr.cohen_kappa``. BORIS
rounds kappa to 3 decimals for display; the script records that figure and, with BORIS's
``round`` replaced by the identity inside ``boris.irr``, the unrounded kappa.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path
from typing import Any

SUBJECT = "No focal subject"

# code → kind; every case uses this ethogram.
ETHOGRAM = {
    "A": "State event",
    "B": "State event",
    "C": "State event",
    "r": "State event",
    "p": "Point event",
    "q": "Point event",
}

CASES: list[dict[str, Any]] = [
    {
        "name": "identical states with gaps",
        "interval_ms": 1000,
        "a": [["A", 1000, 3000, ""], ["B", 5000, 8000, ""]],
        "b": [["A", 1000, 3000, ""], ["B", 5000, 8000, ""]],
    },
    {
        "name": "states shifted by half a second",
        "interval_ms": 1000,
        "a": [["A", 0, 4000, ""], ["B", 6000, 10000, ""]],
        "b": [["A", 500, 4500, ""], ["B", 6500, 10500, ""]],
    },
    {
        "name": "uncoded lead and tail differ between coders",
        "interval_ms": 1000,
        "a": [["A", 10000, 20000, ""], ["B", 22000, 25000, ""]],
        "b": [["A", 12000, 20000, ""], ["B", 22000, 30000, ""]],
    },
    {
        "name": "state boundaries on instants: touching states make a combined category",
        "interval_ms": 1000,
        "a": [["A", 0, 2000, ""], ["B", 2000, 4000, ""], ["A", 4000, 6000, ""]],
        "b": [["A", 0, 3000, ""], ["B", 3000, 6000, ""]],
    },
    {
        "name": "state boundaries between instants",
        "interval_ms": 1000,
        "a": [["A", 300, 2700, ""], ["B", 2700, 5200, ""]],
        "b": [["A", 300, 2200, ""], ["B", 2200, 5200, ""]],
    },
    {
        "name": "points on instants",
        "interval_ms": 1000,
        "a": [["A", 0, 10000, ""], ["p", 2000, None, ""], ["p", 5000, None, ""]],
        "b": [["A", 0, 10000, ""], ["p", 2000, None, ""], ["q", 7000, None, ""]],
    },
    {
        "name": "points between instants count within half an interval on either side",
        "interval_ms": 1000,
        "a": [["A", 0, 8000, ""], ["p", 1500, None, ""], ["p", 4200, None, ""]],
        "b": [["A", 0, 8000, ""], ["p", 1400, None, ""], ["p", 4700, None, ""]],
    },
    {
        "name": "points exactly half an interval away in floating-point seconds",
        "interval_ms": 300,
        "a": [["A", 100, 2000, ""], ["p", 250, None, ""], ["p", 1150, None, ""]],
        "b": [["A", 100, 2000, ""], ["p", 250, None, ""], ["q", 700, None, ""]],
    },
    {
        "name": "last instant dropped: the float of 0.3 s is below 0.3",
        "interval_ms": 100,
        "a": [["A", 0, 300, ""]],
        "b": [["A", 0, 300, ""], ["p", 300, None, ""]],
    },
    {
        "name": "last instant kept: the float of 0.9 s is above 0.9",
        "interval_ms": 100,
        "a": [["A", 0, 900, ""]],
        "b": [["A", 0, 900, ""], ["p", 900, None, ""]],
    },
    {
        "name": "overlapping states of different codes",
        "interval_ms": 1000,
        "a": [["A", 0, 6000, ""], ["C", 2000, 4000, ""]],
        "b": [["A", 0, 6000, ""], ["C", 3000, 5000, ""]],
    },
    {
        "name": "modifiers ignored",
        "interval_ms": 1000,
        "include_modifiers": False,
        "a": [["r", 0, 4000, "m1"], ["r", 5000, 9000, "m2"], ["p", 2000, None, "x"]],
        "b": [["r", 0, 4000, "m2"], ["r", 5000, 9000, "m2"], ["p", 2000, None, "y"]],
    },
    {
        "name": "modifiers included",
        "interval_ms": 1000,
        "include_modifiers": True,
        "a": [["r", 0, 4000, "m1"], ["r", 5000, 9000, "m2"], ["p", 2000, None, "x"]],
        "b": [["r", 0, 4000, "m2"], ["r", 5000, 9000, "m2"], ["p", 2000, None, "y"]],
    },
    {
        "name": "same behaviour with two modifiers overlapping (paired per modifier)",
        "interval_ms": 1000,
        "include_modifiers": True,
        "a": [["r", 10000, 14000, "m1"], ["r", 12000, 16000, "m2"]],
        "b": [["r", 10000, 14000, "m1"], ["r", 13000, 16000, "m2"]],
    },
    {
        "name": "same behaviour with two modifiers overlapping, modifiers ignored",
        "interval_ms": 1000,
        "include_modifiers": False,
        "a": [["r", 10000, 14000, "m1"], ["r", 12000, 16000, "m2"]],
        "b": [["r", 10000, 14000, "m1"], ["r", 13000, 16000, "m2"]],
    },
    {
        "name": "half-second interval over a mixed stream",
        "interval_ms": 500,
        "a": [["A", 1200, 3400, ""], ["B", 3400, 6100, ""], ["p", 2250, None, ""],
              ["q", 5000, None, ""]],
        "b": [["A", 1000, 3600, ""], ["B", 3600, 6000, ""], ["p", 2500, None, ""],
              ["q", 4750, None, ""]],
    },
    {
        "name": "one coder's only category throughout (BORIS reports 1)",
        "interval_ms": 1000,
        "a": [["A", 0, 5000, ""]],
        "b": [["A", 0, 5000, ""]],
    },
    {
        "name": "two-second interval, disagreement on codes",
        "interval_ms": 2000,
        "a": [["A", 0, 10000, ""], ["B", 10000, 21000, ""], ["C", 25000, 31000, ""]],
        "b": [["B", 0, 9000, ""], ["A", 9000, 20000, ""], ["C", 24000, 31000, ""]],
    },
]


def _rows(events: list[list[Any]]) -> list[list[Any]]:
    """BORIS event rows [time (Decimal s), subject, code, modifier, comment], in time order."""
    rows = []
    for code, start, end, modifier in events:
        rows.append([Decimal(start) / 1000, "", code, modifier, ""])
        if end is not None:
            rows.append([Decimal(end) / 1000, "", code, modifier, ""])
    return sorted(rows, key=lambda r: r[0])


def _project(case: dict[str, Any]) -> dict[str, Any]:
    ethogram = {
        str(i): {"type": kind, "key": "", "code": code, "description": "", "category": "",
                 "modifiers": {}, "excluded": "", "coding map": ""}
        for i, (code, kind) in enumerate(ETHOGRAM.items())
    }
    observations = {
        name: {"file": {}, "type": "MEDIA", "date": "", "description": "", "time offset": 0,
               "events": _rows(case[name]), "independent_variables": {}}
        for name in ("a", "b")
    }
    return {"behaviors_conf": ethogram, "subjects_conf": {}, "observations": observations}


def _boris_modules() -> tuple[Any, Any]:
    """BORIS's database and IRR modules, without running ``boris/__init__`` (it starts the GUI
    and needs audio libraries a headless machine may lack)."""
    import importlib
    import importlib.util
    import types

    if "boris" not in sys.modules:
        spec = importlib.util.find_spec("boris")
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit("BORIS is not installed here (pip install boris-behav-obs)")
        package = types.ModuleType("boris")
        package.__path__ = list(spec.submodule_search_locations)
        sys.modules["boris"] = package
        # Media players BORIS binds at import time (libmpv, VLC); the statistics never use them.
        for player in ("boris.mpv2", "boris.mpv", "boris.vlc_local"):
            stub = sys.modules.setdefault(player, types.ModuleType(player))
            stub.sofile = stub.dll = ""  # type: ignore[attr-defined]
    return importlib.import_module("boris.db_functions"), importlib.import_module("boris.irr")


def boris_kappa_of(case: dict[str, Any]) -> tuple[float, float]:
    """BORIS's kappa of a case: (as BORIS shows it, unrounded)."""
    db_functions, irr = _boris_modules()

    interval = Decimal(case["interval_ms"]) / 1000
    modifiers = bool(case.get("include_modifiers", False))
    answers = []
    for rounding in (round, lambda value, digits=0: value):
        irr.round = rounding  # module global: shadows the builtin inside irr only
        ok, message, db = db_functions.load_aggregated_events_in_db(
            _project(case), [SUBJECT], ["a", "b"], list(ETHOGRAM)
        )
        if not ok:
            raise SystemExit(f"BORIS refused case {case['name']!r}: {message}")
        kappa, text = irr.cohen_kappa(db.cursor(), "a", "b", interval, [SUBJECT], modifiers)
        if kappa == -100:
            raise SystemExit(f"BORIS failed on case {case['name']!r}: {text}")
        answers.append(float(kappa))
    return answers[0], answers[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the JSON file to write")
    args = parser.parse_args()
    results = []
    for case in CASES:
        shown, exact = boris_kappa_of(case)
        results.append({**case, "include_modifiers": bool(case.get("include_modifiers", False)),
                        "boris_kappa": shown, "boris_kappa_unrounded": exact})
        print(f"{shown:7.3f}  {exact:.15f}  {case['name']}")
    data = {
        "made_by": "scripts/boris_kappa_cases.py",
        "boris_version": version("boris-behav-obs"),
        "subject": SUBJECT,
        "ethogram": ETHOGRAM,
        "cases": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
