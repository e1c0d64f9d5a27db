"""New sessions before they are added: each file checked, hashed, probed and given a code.

``plan_sessions`` refuses a missing file, a used code, a file the project already has (the same
content or the same file) or one given twice — unless duplicates are allowed — and a file the
participants rows do not name; nothing is written here (``Project.add_sessions`` adds the plan in
one change with its audit entry).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from coder.errors import CoderError, ProjectError
from coder.media import media_duration_ms
from coder.media.file_hash import sha256_file
from coder.project.model import SessionEntry, VideoEntry
from coder.project.session_codes import new_session_code
from coder.storage import now_iso


def stored_path(root: Path, video: Path) -> str:
    """How project.json names ``video``: relative to the project folder when inside it."""
    resolved = video.resolve()
    try:
        return resolved.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(resolved)


def probe_duration(video: Path) -> int | None:
    """The media's duration in ms (a video, or a sound recording: an audio-only session); a
    file no decoder can read is refused (its MediaError).

    None only when probing is switched off (``CODER_SKIP_PROBE``).
    """
    if os.environ.get("CODER_SKIP_PROBE"):
        return None
    try:
        return media_duration_ms(video)  # a video, or an audio-only recording
    except CoderError as error:
        # Registering a file that is not media would leave a session no one can code.
        raise ProjectError(f"cannot add it as a session: {error.message}", path=video,
                           hint=error.hint or "check that it is a video file") from None


def plan_sessions(
    root: Path,
    existing: Sequence[SessionEntry],
    videos: Sequence[str | Path],
    *,
    scheme_id: str,
    key_rows: dict[str, dict[str, str]] | None,
    codes: Sequence[str] | None,
    allow_duplicate_videos: bool,
    project_file: Path,
) -> tuple[list[SessionEntry], list[dict[str, str]]]:
    """The new sessions for ``videos`` and their key rows (with the session code)."""
    taken = {s.code for s in existing}
    known: dict[str, str] = {}  # sha256 or stored path -> what already has it
    for session in existing:
        for stored in session.videos:
            known.setdefault(stored.sha256, f"session {session.code}")
            known.setdefault(stored.path, f"session {session.code}")
    added: list[SessionEntry] = []
    new_key: list[dict[str, str]] = []
    for i, video in enumerate(videos):
        video = Path(video)
        if not video.is_file():
            raise ProjectError("no such video file", path=video)
        code = codes[i] if codes else new_session_code(taken)
        if code in taken:
            raise ProjectError(f"session code '{code}' is already used", path=project_file)
        taken.add(code)
        stored = VideoEntry(
            path=stored_path(root, video), size=video.stat().st_size, sha256=sha256_file(video)
        )
        twin = known.get(stored.sha256) or known.get(stored.path)
        if twin is not None and not allow_duplicate_videos:
            same = "the same file" if known.get(stored.path) == twin else "the same content"
            raise ProjectError(
                f"is {same} as the video of {twin}; nothing was added",
                path=video,
                hint="leave it out, or pass --allow-duplicate-video to add it as another session",
            )
        known.setdefault(stored.sha256, f"'{video}' given before it")
        known.setdefault(stored.path, f"'{video}' given before it")
        added.append(
            SessionEntry(
                code=code,
                scheme=scheme_id,
                videos=(stored,),
                duration_ms=probe_duration(video),
                added=now_iso(),
            )
        )
        if key_rows is not None:
            row = key_rows.get(video.name)
            if row is None:
                raise ProjectError(f"the participants file has no row for video '{video.name}'")
            new_key.append({**row, "session": code})
    return added, new_key
