"""Assisted coding: machine suggestions a coder accepts or rejects, kept apart from the record.

Suggestions live in their own files per coder and session (``coder.assist.store``); only the
accept command turns one into an event, through the ordinary command path, with provenance and
an audit entry (``coder.assist.accept``). Sessions of the reliability sample get none unless the
lead allows it. Pre-coders: voice activity (Silero VAD via onnxruntime), motion energy per
region, episode boundaries; labs add their own detectors as ``coder.assist`` entry points.
"""

from coder.assist.accept import SuggestionQueue
from coder.assist.model import Decision, Provenance, Suggestion
from coder.assist.run import SuggestRequest, suggest
from coder.assist.store import allow_suggestions, load_suggestions, suggestions_allowed

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
