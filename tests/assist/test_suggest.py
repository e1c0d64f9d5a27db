"""coder suggest: pre-coders and plug-ins over a project, with provenance and blinding rules."""

from __future__ import annotations

import itertools
import json
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from coder.assist import plugins
from coder.assist.model import Suggestion
from coder.assist.plugins import DetectorRequest
from coder.assist.store import load_suggestions, suggestions_path
from coder.cli import main
from coder.project import Project


def _sessions(project: Project) -> tuple[str, str]:
    sampled = next(a.session for a in project.data.assignments if a.role == "reliability")
    solo = next(s.code for s in project.sessions if s.code != sampled)
    return solo, sampled


@pytest.mark.slow
def test_suggest_writes_voice_motion_and_episodes_for_the_primary_coder(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    solo, sampled = _sessions(project)
    status = main([
        "suggest", str(project.root), "--voice", "--voice-code", "infant_vocal",
        "--motion", "--region", "mother=0,0,0.5,1", "--motion-code", "mother=touch_affectionate",
        "--episodes", "--json", "-",
    ])
    assert status == 0
    out = json.loads(capsys.readouterr().out)
    assert out["skipped_sample"] == [sampled]
    tools = {(w["session"], w["coder"], w["tool"]) for w in out["written"]}
    assert {t for _, _, t in tools} == {"silero-vad", "motion-energy", "episode-boundaries"}
    assert all(s == solo and c == "ana" for s, c, _ in tools)
    found = load_suggestions(project, "ana", solo)
    segments = [s for s in found if s.kind == "segment"]
    # The scheme's segments in order, as many as boundaries were found for, covering the session.
    assert [s.code for s in segments] == ["play1", "play2", "play3"][: len(segments)]
    assert segments[0].start_ms == 0
    assert all(a.end_ms == b.start_ms for a, b in itertools.pairwise(segments))
    assert all(s.end_ms is None for s in found if s.code == "infant_vocal")  # a point code
    assert not suggestions_path(project, "ana", sampled).exists()
    assert not suggestions_path(project, "ben", sampled).exists()
    assert project.load_annotations("ana", solo) is None  # nothing reached the record


def test_missing_codes_are_clear_errors(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", str(project.root), "--voice"]) == 2
    assert "--voice-code" in capsys.readouterr().err
    assert main(["suggest", str(project.root), "--voice", "--voice-code", "nope"]) == 2
    err = capsys.readouterr().err
    assert "has no code 'nope'" in err and "Traceback" not in err
    assert main(["suggest", str(project.root), "--motion", "--region", "m=0,0,2,1",
                 "--motion-code", "m=gaze_away"]) == 2
    assert "not inside the picture" in capsys.readouterr().err


class FixedDetector:
    """A lab's detector: one suggestion at a time given as a parameter."""

    name = "fixed"
    version = "2.0"

    def __init__(self, at_ms: str = "1000", code: str = "gaze_mother") -> None:
        self.at_ms, self.code = int(at_ms), code

    def suggest(self, request: DetectorRequest) -> list[Suggestion]:
        return [
            Suggestion(id="", code=self.code, start_ms=self.at_ms, end_ms=self.at_ms + 500,
                       confidence=None, provenance=None)  # type: ignore[arg-type]
        ]


def test_a_plugin_detector_gets_provenance_and_blinding(
    project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = EntryPoint(name="fixed", value=f"{__name__}:FixedDetector", group=plugins.GROUP)
    monkeypatch.setattr(plugins, "entry_points", lambda group: [entry] if group == plugins.GROUP else [])
    solo, sampled = _sessions(project)
    assert main(["suggest", str(project.root), "--plugin", "fixed", "--param", "at_ms=2500"]) == 0
    (found,) = load_suggestions(project, "ana", solo)
    assert (found.start_ms, found.provenance.tool, found.provenance.version) == (2500, "fixed", "2.0")
    assert found.provenance.parameters == {"at_ms": "2500"} and found.id
    assert load_suggestions(project, "ana", sampled) == []
    capsys.readouterr()
    assert main(["suggest", str(project.root), "--plugin", "nothere"]) == 2
    assert "no detector 'nothere'" in capsys.readouterr().err
    bad = Path(project.root)  # a detector suggesting a code the scheme lacks is refused
    assert main(["suggest", str(bad), "--plugin", "fixed", "--param", "code=zzz"]) == 2
    assert "does not have" in capsys.readouterr().err
