"""``coder demo DIR``: a complete small project to try every feature on.

Four free-play sessions (two dyads × two timepoints, demo interaction scheme) and two Strange
Situation sessions, each with a generated video (timecode burnt in, audio with vocalisations),
two coders' annotations that mostly agree, a key with arm and timepoint, and assignments.
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

from coder import __version__
from coder.annotations.model import (
    AnnotationHeader,
    AnnotationSet,
    Classification,
    Event,
    Rating,
    Segment,
    SessionStatus,
)
from coder.demo import demo_annotations as gen
from coder.demo.synthetic_video import write_video
from coder.project.project import Project
from coder.shipped import shipped_schemes_dir
from coder.storage.annotation_file import save_annotations
from coder.storage.annotation_store import now_iso

CODERS = (("ana", "Ana (coder 1)"), ("ben", "Ben (coder 2)"))


@dataclass(frozen=True)
class _Plan:
    participant: str
    arm: str
    timepoint: str
    scheme: str
    hue: int


PLANS = (
    _Plan("P101", "PIP", "t0", "demo_interaction", 100),
    _Plan("P101", "PIP", "t1", "demo_interaction", 110),
    _Plan("P102", "TAU", "t0", "demo_interaction", 20),
    _Plan("P102", "TAU", "t1", "demo_interaction", 30),
    _Plan("P101", "PIP", "t2", "ssp", 140),
    _Plan("P102", "TAU", "t2", "ssp", 160),
)
# Practice sessions: something for each coder to do. In the first, ana has not started and ben is
# half-way; in the second the other way round (the six above are complete and double-coded).
PRACTICE = (
    _Plan("P103", "PIP", "t0", "demo_interaction", 60),
    _Plan("P104", "TAU", "t0", "demo_interaction", 200),
)
HALF_DONE = ("ben", "ana")  # who is half-way through each practice session


def create_demo(path: str | Path, *, seconds: int = 45, seed: int = 7, practice: bool = False) -> Project:
    """Create the demo project in ``path`` (a new or empty folder) and return it.

    Six sessions are complete and double-coded (for reliability, consensus and export); with
    ``practice`` two more give each coder an untouched and a half-done session."""
    rng = random.Random(seed)
    root = Path(path)
    project = Project.create(
        root,
        name="Demo: parent–infant interaction",
        schemes=[shipped_schemes_dir() / "demo_interaction.yaml", shipped_schemes_dir() / "ssp.yaml"],
    )
    for coder_id, name in CODERS:
        project.add_coder(coder_id, name)
    staging = Path(tempfile.mkdtemp(prefix="coder-demo-"))
    records: list[tuple[_Plan, list[list[Event]], int]] = []
    videos: list[Path] = []
    plans = PLANS + (PRACTICE if practice else ())
    for number, plan in enumerate(plans, start=1):
        scheme = project.scheme(plan.scheme)
        duration = seconds * 1000 if plan.scheme != "ssp" else seconds * 2000
        if plan.scheme == "ssp":
            first: list[Event] = []
        else:
            first = gen.first_coder_events(scheme, duration, rng)
        second = gen.second_coder_events(scheme, first, duration, rng)
        bursts = [e.start_ms for e in first if e.end_ms is None]
        # The staging name stands for a lab's original file name; sessions get pseudonymous codes.
        video = staging / f"{plan.participant}_{plan.arm}_{plan.timepoint}_{plan.scheme}.mp4"
        write_video(
            video,
            duration_ms=duration,
            hue=plan.hue,
            bursts_ms=bursts,
            seed=number,
            title="Coder demo",
        )
        videos.append(video)
        records.append((plan, [first, second], duration))
    (root / "videos").mkdir(exist_ok=True)
    placed: list[Path] = []
    for video in videos:
        target = root / "videos" / f"recording-{len(placed) + 1:02d}.mp4"
        video.replace(target)
        placed.append(target)
    staging.rmdir()
    key_rows = {
        target.name: {"participant": plan.participant, "arm": plan.arm, "timepoint": plan.timepoint}
        for target, (plan, _events, _d) in zip(placed, records, strict=True)
    }
    sessions = []
    for target, (plan, _events, _duration) in zip(placed, records, strict=True):
        sessions += project.add_sessions(
            [target], scheme=plan.scheme, key_rows={target.name: key_rows[target.name]}
        )
    for coder_id, _name in CODERS:
        project.assign(
            coder_id,
            [s.code for s in sessions],
            role="primary" if coder_id == "ana" else "reliability",
        )
    for entry, (plan, events, duration) in zip(sessions, records, strict=True):
        scheme = project.scheme(plan.scheme)
        base: dict[str, float] | None = None
        if plan in PRACTICE:
            coder_id = HALF_DONE[PRACTICE.index(plan)]
            half = [e for e in events[0] if e.start_ms < duration // 2 and (e.end_ms or 0) < duration // 2]
            _save(project, coder_id, entry.code, scheme.id, scheme.version, scheme.sha256,
                  entry.videos[0].sha256, half, gen.free_play_segments(scheme, duration)[:1], [],
                  Classification(), status=SessionStatus.IN_PROGRESS)
            continue
        for index, (coder_id, _name) in enumerate(CODERS):
            if plan.scheme == "ssp":
                segments = gen.ssp_segments(duration, rng)
                classification = gen.ssp_classification(
                    "secure" if plan.participant == "P101" else "disorganised", second=index == 1
                )
            else:
                segments = gen.free_play_segments(scheme, duration)
                classification = Classification()
            ratings = gen.ratings_for(scheme, segments, rng, base=base)
            base = {f"{r.item}/{r.segment}": r.value for r in ratings if r.value is not None}
            _save(
                project,
                coder_id,
                entry.code,
                scheme.id,
                scheme.version,
                scheme.sha256,
                entry.videos[0].sha256,
                events[index],
                segments,
                ratings,
                classification,
            )
    project.audit("demo_created", tool_version=__version__)
    return project


def _save(
    project: Project,
    coder: str,
    session: str,
    scheme_id: str,
    scheme_version: str,
    scheme_sha256: str,
    video_sha256: str,
    events: list[Event],
    segments: list[Segment],
    ratings: list[Rating],
    classification: Classification,
    *,
    status: SessionStatus = SessionStatus.COMPLETE,
) -> None:
    stamp = now_iso()
    header = AnnotationHeader(
        coder,
        session,
        scheme_id,
        scheme_version,
        scheme_sha256,
        video_sha256,
        stamp,
        stamp,
        __version__,
    )
    annotations = AnnotationSet(
        header=header,
        events=tuple(sorted(events, key=lambda e: (e.start_ms, e.code, e.id))),
        segments=tuple(segments),
        ratings=tuple(ratings),
        classification=classification,
        status=status,
    )
    save_annotations(project.annotation_path(coder, session), annotations)
