"""Assisted coding: machine suggestions a coder accepts or rejects, kept apart from the record.

Suggestions live in their own files per coder and session (``coder.assist.store``); only the
accept command turns one into an event, through the ordinary command path, with provenance and
an audit entry (``coder.assist.accept``). Sessions of the reliability sample get none unless the
lead allows it. Pre-coders: voice activity (Silero VAD via onnxruntime), motion energy per
region, episode boundaries; labs add their own detectors as ``coder.assist`` entry points.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coder.assist.accept import SuggestionQueue
from coder.assist.model import Decision, Provenance, Suggestion
from coder.assist.store import allow_suggestions, load_suggestions, suggestions_allowed

if TYPE_CHECKING:
    from coder.assist.run import SuggestRequest, suggest


def __getattr__(name: str) -> Any:
    """The pre-coders (``suggest``) load OpenCV and the voice model: imported when first asked
    for, so opening a session with suggestions to review does not wait for them."""
    if name in ("SuggestRequest", "suggest"):
        from coder.assist import run

        return getattr(run, name)
    raise AttributeError(f"module 'coder.assist' has no attribute {name!r}")


__all__ = [
    "Decision",
    "Provenance",
    "SuggestRequest",
    "Suggestion",
    "SuggestionQueue",
    "allow_suggestions",
    "load_suggestions",
    "suggest",
    "suggestions_allowed",
]
