"""Detectors a lab adds: Python entry points in the group ``coder.assist``.

An entry point names a class (or factory) that takes the parameters given on the command line
(``--param key=value``) and has ``name``, ``version`` and ``suggest(request) -> list of
Suggestion``. Its suggestions get the same provenance (the detector's name, version and
parameters) and the same blinding rules as the built-in pre-coders. A model file a lab supplies
is passed as a parameter (a path); nothing is downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Protocol

from coder.assist.model import Suggestion
from coder.errors import WorkflowError
from coder.scheme.model import Scheme

GROUP = "coder.assist"


@dataclass(frozen=True, kw_only=True)
class DetectorRequest:
    """What a detector gets: the session's media (``origin_s``: container time of media time
    0), its length, the coding scheme, and the parameters."""

    session: str
    media: Path
    origin_s: float
    duration_ms: int
    scheme: Scheme
    parameters: dict[str, Any] = field(default_factory=dict)


class Detector(Protocol):
    name: str
    version: str

    def suggest(self, request: DetectorRequest) -> list[Suggestion]: ...


def available_detectors() -> dict[str, Any]:
    """Installed detectors by entry-point name (not yet loaded)."""
    return {ep.name: ep for ep in entry_points(group=GROUP)}


def load_detector(name: str, parameters: dict[str, Any]) -> Detector:
    """The detector called ``name``, built with ``parameters``; a clear error when it is not
    installed or does not load."""
    found = available_detectors()
    if name not in found:
        listed = ", ".join(sorted(found)) or "none installed"
        raise WorkflowError(f"no detector '{name}'", hint=f"installed detectors: {listed}")
    try:
        factory = found[name].load()
        detector: Detector = factory(**parameters)
    except WorkflowError:
        raise
    except Exception as error:  # a lab's code: report it as a message, not a traceback
        raise WorkflowError(f"detector '{name}' could not start: {error}") from error
    for attribute in ("name", "version", "suggest"):
        if not hasattr(detector, attribute):
            raise WorkflowError(f"detector '{name}' has no '{attribute}'")
    return detector
