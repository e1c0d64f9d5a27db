"""Running pre-coders over a project's sessions and storing what they suggest.

Suggestions go to the coders a session is given to as primary coder (or the coders named).
Sessions of the reliability sample are skipped (and counted) unless the lead allowed them. Each
tool's run records its name, version and every parameter; a new run of a tool replaces its last.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from coder.annotations.model import new_id
from coder.assist import episodes as ep
from coder.assist.model import Provenance, Suggestion
from coder.assist.motion import Region, bursts, smooth
from coder.assist.motion_cache import MOTION_TOOL, MOTION_VERSION, session_motion
from coder.assist.plugins import DetectorRequest, load_detector
from coder.assist.regions import load_regions
from coder.assist.store import save_run, suggestions_allowed
from coder.assist.voice import VoiceSettings, detector, read_mono, voice_segments
from coder.errors import MediaError, WorkflowError
from coder.media import open_video
from coder.progress import Progress, no_progress, within
from coder.project.project import Project
from coder.scheme.model import CodeKind, Scheme


@dataclass(frozen=True, kw_only=True)
class SuggestRequest:
    """Which pre-coders to run and with what: ``voice_code`` is the scheme code speech
    becomes; ``motion_codes`` maps a region name to the code its movement bursts become.
    ``regions`` empty: each session's drawn regions (``coder.assist.regions``)."""

    voice: bool = False
    voice_code: str | None = None
    voice_settings: VoiceSettings = field(default_factory=VoiceSettings)
    motion: bool = False
    regions: tuple[Region, ...] = ()
    motion_codes: dict[str, str] = field(default_factory=dict)
    episodes: bool = False
    plugin: str | None = None
    plugin_parameters: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class SuggestOutcome:
    written: tuple[tuple[str, str, str, int], ...]  # (session, coder, tool, suggestions)
    skipped_sample: tuple[str, ...]


def _code(scheme: Scheme, code: str, what: str) -> CodeKind:
    found = scheme.code(code)
    if found is None:
        raise WorkflowError(
            f"scheme '{scheme.id}' has no code '{code}' for {what}",
            hint="name one of: " + ", ".join(c.id for c in scheme.codes),
        )
    return found.kind


def _events(
    spans: Sequence[tuple[int, int]], code: str, kind: CodeKind, provenance: Provenance,
    confidence: float | None = None,
) -> list[Suggestion]:
    return [
        Suggestion(
            id=new_id(),
            code=code,
            start_ms=start,
            end_ms=None if kind is CodeKind.POINT else end,
            confidence=confidence,
            provenance=provenance,
        )
        for start, end in spans
    ]


def _check(project: Project, sessions: Sequence[str], request: SuggestRequest) -> None:
    if not (request.voice or request.motion or request.episodes or request.plugin):
        raise WorkflowError("choose what to suggest: --voice, --motion, --episodes or --plugin")
    for session in sessions:
        scheme = project.scheme_for(session)
        if request.voice:
            if not request.voice_code:
                raise WorkflowError("say which code speech becomes: --voice-code CODE")
            _code(scheme, request.voice_code, "voice activity")
        if request.motion:
            regions = _regions(project, session, request)
            if not regions:
                raise WorkflowError(
                    f"session {session} has no regions to measure motion in",
                    hint=f"draw them (Session ▸ Regions… in the workstation, or `coder regions "
                    f"PROJECT {session} --set mother=x,y,w,h`), or give --region NAME=x,y,w,h",
                )
            for region in regions:
                if region.name not in request.motion_codes:
                    raise WorkflowError(
                        f"say which code movement in '{region.name}' becomes: "
                        f"--motion-code {region.name}=CODE"
                    )
                _code(scheme, request.motion_codes[region.name], f"movement in {region.name}")


def _regions(project: Project, session: str, request: SuggestRequest) -> tuple[Region, ...]:
    """The regions given with the request, else those drawn for the session."""
    return request.regions or load_regions(project, session)


def _coders(project: Project, session: str, coders: Sequence[str] | None) -> list[str]:
    if coders:
        return list(coders)
    return sorted(
        a.coder for a in project.data.assignments if a.session == session and a.role == "primary"
    )


def _session_runs(
    project: Project, session: str, request: SuggestRequest, progress: Progress | None
) -> list[tuple[Provenance, list[Suggestion]]]:
    entry = project.session(session)
    scheme = project.scheme(entry.scheme)
    media = project.video_path(session)
    try:
        with open_video(media) as video:
            origin, duration = video.origin_s, video.duration_ms
    except MediaError:
        origin, duration = 0.0, entry.duration_ms or 0
    runs: list[tuple[Provenance, list[Suggestion]]] = []
    speech: list[tuple[int, int]] | None = None
    if request.voice or request.episodes:
        samples = read_mono(media, origin_s=origin)
        vad = detector()
        speech, name, version = voice_segments(samples, request.voice_settings, vad)
        if request.voice and request.voice_code:
            provenance = Provenance(
                tool=name, version=version, parameters=asdict(request.voice_settings)
            )
            kind = _code(scheme, request.voice_code, "voice activity")
            runs.append((provenance, _events(speech, request.voice_code, kind, provenance)))
    series = None
    drawn = _regions(project, session, request)
    if request.motion or request.episodes:
        regions = drawn or (Region(name="picture", x=0, y=0, w=1, h=1),)
        series = session_motion(project, session, regions, progress=progress).series
    if request.motion and series is not None:
        parameters: dict[str, Any] = {
            "regions": [asdict(r) for r in drawn],
            "codes": request.motion_codes,
            "width": series.width,
            "noise": series.noise,
            "smooth_frames": 5,
        }
        provenance = Provenance(tool=MOTION_TOOL, version=MOTION_VERSION, parameters=parameters)
        found: list[Suggestion] = []
        for region in drawn:
            code = request.motion_codes[region.name]
            spans = bursts(series.times_ms, smooth(series.energy[region.name], 5))
            found += _events(spans, code, _code(scheme, code, "movement"), provenance)
        runs.append((provenance, found))
    if request.episodes and series is not None and speech is not None:
        settings = ep.EpisodeSettings()
        total = np.sum(list(series.energy.values()), axis=0)
        cues = ep.scene_cuts(media, settings, progress)
        cues += ep.silences(speech, duration, settings)
        cues += ep.motion_changes(series.times_ms, total, settings)
        episodes = ep.episode_spans(
            ep.merge_cues(cues, settings.merge_ms), [s.id for s in scheme.segments], duration
        )
        provenance = Provenance(tool="episode-boundaries", version="1", parameters=asdict(settings))
        runs.append(
            (
                provenance,
                [
                    Suggestion(
                        id=new_id(), code=segment, start_ms=start, end_ms=end,
                        confidence=confidence, provenance=provenance, kind="segment",
                    )
                    for segment, start, end, confidence in episodes
                ],
            )
        )
    if request.plugin:
        plugin = load_detector(request.plugin, request.plugin_parameters)
        provenance = Provenance(
            tool=plugin.name, version=plugin.version, parameters=request.plugin_parameters
        )
        made = plugin.suggest(
            DetectorRequest(
                session=session, media=Path(media), origin_s=origin, duration_ms=duration,
                scheme=scheme, parameters=request.plugin_parameters,
            )
        )
        runs.append((provenance, [_with(s, provenance, scheme) for s in made]))
    return runs


def _with(suggestion: Suggestion, provenance: Provenance, scheme: Scheme) -> Suggestion:
    known = scheme.code(suggestion.code) is not None or (
        suggestion.kind == "segment" and scheme.segment(suggestion.code) is not None
    )
    if not known:
        raise WorkflowError(
            f"detector '{provenance.tool}' suggested '{suggestion.code}', "
            f"which scheme '{scheme.id}' does not have"
        )
    return Suggestion(
        id=suggestion.id or new_id(), code=suggestion.code, start_ms=int(suggestion.start_ms),
        end_ms=None if suggestion.end_ms is None else int(suggestion.end_ms),
        confidence=suggestion.confidence, provenance=provenance, kind=suggestion.kind,
    )


def suggest(
    project: Project,
    sessions: Sequence[str],
    request: SuggestRequest,
    *,
    coders: Sequence[str] | None = None,
    progress: Progress = no_progress,
) -> SuggestOutcome:
    """Run the requested pre-coders on ``sessions`` (default: all) and store the suggestions
    for each session's coders."""
    chosen = list(sessions) or [s.code for s in project.sessions]
    allowed = [s for s in chosen if suggestions_allowed(project, s)]
    skipped = tuple(s for s in chosen if s not in allowed)
    _check(project, allowed, request)
    written: list[tuple[str, str, str, int]] = []
    for step, session in enumerate(allowed):
        stage = within(progress, step / len(allowed), (step + 1) / len(allowed))
        stage(0.0, f"suggesting for {session}")
        targets = _coders(project, session, coders)
        if not targets:
            continue
        for provenance, found in _session_runs(project, session, request, stage):
            for coder in targets:
                save_run(project, coder, session, provenance, found)
                written.append((session, coder, provenance.tool, len(found)))
    progress(1.0, "done")
    return SuggestOutcome(written=tuple(written), skipped_sample=skipped)
