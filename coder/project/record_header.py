"""The header a new annotation record of a session gets: who, which session, scheme and video."""

from __future__ import annotations

from coder import __version__
from coder.annotations.model import AnnotationHeader
from coder.project.model import SessionEntry
from coder.scheme.model import Scheme


def record_header(
    coder: str, entry: SessionEntry, scheme: Scheme, *, stamp: str = ""
) -> AnnotationHeader:
    """The header of ``coder``'s new record of session ``entry`` coded with ``scheme``.

    ``stamp`` (an ISO time) sets the created and modified times and the tool version; without
    it they are left for the store to fill in when it first saves.
    """
    return AnnotationHeader(
        coder=coder,
        session=entry.code,
        scheme_id=scheme.id,
        scheme_version=scheme.version,
        scheme_sha256=scheme.sha256,
        video_sha256=entry.videos[0].sha256 if entry.videos else "",
        created=stamp,
        modified=stamp,
        tool_version=__version__ if stamp else "",
    )
