"""Sessions whose media file is not here yet: created "to locate", attached later by ``relink``.

An ELAN or BORIS file names its media by a path on the machine it was made on; when that file is
not beside the imported file, the import still creates the session, with a video entry that
holds the name it was given, no size and no hash, and ``to_locate`` set. ``coder validate``
lists such sessions; ``coder relink`` (and the GUI's "Locate media…") attaches the file.

Checks when attaching (``relink``): the file must be readable media; when the entry already has
a hash (a located file that moved) the new file must have that hash; when the session's duration
is known it must match within ``DURATION_TOLERANCE_MS`` or 0.5 %, whichever is larger; and the
file must be long enough for every coder's annotations of the session.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coder.errors import CoderError, ProjectError
from coder.media import open_video
from coder.media.file_hash import sha256_file
from coder.project.model import SessionEntry, VideoEntry
from coder.project.project import Project
from coder.project.session_codes import new_session_code
from coder.storage.annotation_store import now_iso

DURATION_TOLERANCE_MS = 500
"""Containers report a recording's duration differently (last frame's start or end, audio
priming); a relinked file may differ from a known duration by this much (or 0.5 %)."""


def media_duration_ms(path: Path) -> int:
    """The duration of a video or audio file in ms; ProjectError when it is not media."""
    try:
        with open_video(path) as opened:
            return int(opened.duration_ms)
    except CoderError as video_error:
        try:
            import av  # audio-only recordings have no video stream for open_video

            with av.open(str(path)) as container:
                if container.streams.audio and container.duration:
                    return round(container.duration / 1000)
        except (av.error.FFmpegError, OSError, ValueError):
            pass
        raise ProjectError(
            f"cannot use it as the session's media: {video_error.message}",
            path=path,
            hint="give the recording's video or audio file",
        ) from None


def add_session_to_locate(
    project: Project,
    names: Sequence[tuple[str, int]],
    *,
    scheme: str,
    duration_ms: int | None = None,
    source: str = "",
) -> SessionEntry:
    """A new session whose media (``(name, offset_ms)`` per camera, primary first) is to locate."""
    project.scheme(scheme)
    names = list(names) or [("", 0)]  # the source named no media: still one camera to locate
    code = new_session_code({s.code for s in project.sessions})
    entry = SessionEntry(
        code=code,
        scheme=scheme,
        videos=tuple(
            VideoEntry(path=name, size=0, sha256="", offset_ms=offset, to_locate=True)
            for name, offset in names
        ),
        duration_ms=duration_ms,
        added=now_iso(),
    )
    return project.register_session(
        entry, action="session_added_to_locate", media=[n for n, _ in names], source=source
    )


def sessions_to_locate(project: Project) -> list[tuple[str, int, str]]:
    """``(session, camera index, name given)`` of every video entry still to locate."""
    return [
        (s.code, i, v.path) for s in project.sessions for i, v in enumerate(s.videos) if v.to_locate
    ]


def _latest_annotation_ms(project: Project, session: str) -> int:
    latest = 0
    for coder in project.coders_of(session):
        record = project.load_annotations(coder, session)
        if record is None:
            continue
        for event in record.events:
            latest = max(latest, event.end_ms or event.start_ms)
        for segment in record.segments:
            latest = max(latest, segment.end_ms)
    return latest


def relink(project: Project, session: str, file: str | Path, *, camera: int = 0) -> VideoEntry:
    """Attach ``file`` as camera ``camera`` of ``session`` after checking it (see module doc)."""
    project.require_folder("relinking a video")
    entry = project.session(session)
    if not 0 <= camera < len(entry.videos):
        raise ProjectError(
            f"session {session} has {len(entry.videos)} camera(s); no camera {camera}",
            path=project.file,
        )
    path = Path(file)
    if not path.is_file():
        raise ProjectError("no such media file", path=path)
    old = entry.videos[camera]
    digest = sha256_file(path)
    if old.sha256 and digest != old.sha256:
        raise ProjectError(
            f"is not the recording of session {session} camera {camera}: its content differs "
            "from the file first added",
            path=path,
            hint="give the original file (the same bytes), or add the new one as a new session",
        )
    duration = media_duration_ms(path)
    if camera == 0 and entry.duration_ms is not None:
        allowed = max(DURATION_TOLERANCE_MS, entry.duration_ms // 200)
        if abs(duration - entry.duration_ms) > allowed:
            raise ProjectError(
                f"lasts {duration} ms but session {session}'s recording lasted "
                f"{entry.duration_ms} ms",
                path=path,
                hint="check that it is this session's recording (not another take or a cut)",
            )
    latest = _latest_annotation_ms(project, session) - (old.offset_ms if camera else 0)
    if camera == 0 and latest > duration + DURATION_TOLERANCE_MS:
        raise ProjectError(
            f"lasts {duration} ms but session {session} has annotations up to {latest} ms",
            path=path,
            hint="check that it is this session's recording (not a shorter cut)",
        )
    new = VideoEntry(
        path=project._stored_path(path),
        size=path.stat().st_size,
        sha256=digest,
        offset_ms=old.offset_ms,
        label=old.label or path.stem,
    )
    project.replace_video(
        session, camera, new, duration_ms=duration if camera == 0 else None,
        action="media_relinked", camera=camera, was=old.path, file=new.path, sha256=digest,
    )
    return new
