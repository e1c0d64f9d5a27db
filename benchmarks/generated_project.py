"""Benchmark projects generated once into ``benchmarks/.cache`` (gitignored), and the figures.

Shared by the export and reliability report benchmarks: a project reused while its ``.complete``
marker stands, sessions with a placeholder video (no file), annotation files written directly,
the reference measurement (reading every annotation file) and the printed table + results JSON.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from coder import __version__
from coder.annotations.model import (
    AnnotationHeader,
    AnnotationSet,
    Event,
    Rating,
    Segment,
    SessionStatus,
)
from coder.project.model import SessionEntry, VideoEntry
from coder.project.project import Project
from coder.scheme import Scheme
from coder.storage.annotation_file import load_annotations, save_annotations


def cached_project(cache: Path, build: Callable[[Path], Project]) -> Project:
    """The project in ``cache`` when a previous run completed it, else ``build(cache)`` afresh."""
    marker = cache / ".complete"
    if marker.exists():
        return Project.open(cache)
    if cache.exists():
        shutil.rmtree(cache)
    project = build(cache)
    marker.write_text("ok\n", encoding="utf-8")
    return project


def add_videoless_sessions(
    project: Project, codes: Sequence[str], scheme: str, duration_ms: int, coders: Sequence[str]
) -> None:
    """Add the project's coders and its sessions (one placeholder video each, never opened),
    through the project's methods like any change."""
    for coder in coders:
        project.add_coder(coder)
    with project.change():
        for code in codes:
            project.register_session(
                SessionEntry(code=code, scheme=scheme, duration_ms=duration_ms,
                             videos=(VideoEntry(path=f"videos/{code}.mp4", size=0,
                                                sha256="0" * 64),)),
                action="benchmark_session_added",
            )


def save_record(
    project: Project,
    scheme: Scheme,
    coder: str,
    session: str,
    events: Iterable[Event],
    segments: tuple[Segment, ...],
    ratings: tuple[Rating, ...],
    day: str = "",
) -> None:
    """Write ``coder``'s complete annotation file of ``session`` (``day``: created/modified)."""
    header = AnnotationHeader(coder, session, scheme.id, scheme.version, scheme.sha256, "0" * 64,
                              day, day, __version__)
    save_annotations(project.annotation_path(coder, session), AnnotationSet(
        header, tuple(events), segments, ratings, status=SessionStatus.COMPLETE))


def read_every_annotation_file(project: Project) -> tuple[int, int, float, float]:
    """The reference: (files, events, wall s, CPU s) for ``load_annotations`` of every file."""
    files = sorted((project.root / "annotations").glob("*/*.json"))
    t0, c0 = time.perf_counter(), time.process_time()
    events = sum(len(load_annotations(f).events) for f in files)
    return len(files), events, time.perf_counter() - t0, time.process_time() - c0


def report_figures(figures: dict[str, Any], results: Path) -> None:
    """Print ``figures`` as a two-column table and write them to ``results`` as JSON."""
    width = max(len(k) for k in figures)
    print(f"{'measure':<{width}}  value")
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
