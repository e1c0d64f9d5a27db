"""A project's sessions: adding them, their cameras and where their videos are."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from coder.errors import ProjectError
from coder.media.file_hash import sha256_file
from coder.project.model import SessionEntry, VideoEntry
from coder.project.new_sessions import plan_sessions, stored_path
from coder.project.project_content import ProjectContent
from coder.server.videos import locate_videos


class ProjectSessions(ProjectContent):
    """Adding and changing sessions and their cameras; finding their videos."""

    def video_path(self, code: str, index: int = 0) -> Path:
        """Absolute path of a session's video (``index`` 0 is the primary camera)."""
        videos = self.session(code).videos
        if not videos:
            raise ProjectError(f"session '{code}' has no video", path=self.file)
        video = videos[index]
        path = Path(video.path)
        path = path if path.is_absolute() else self.root / path
        if self.store.is_folder and path.exists():
            return path
        # Found by its sha256 in the folders this machine was told about (``video_folders``).
        found = self._located_videos().get(video.sha256)
        if found is not None:
            return found
        if not self.store.is_folder and not video.to_locate:
            where = ", ".join(str(f) for f in self.video_folders) or "no folder given"
            raise ProjectError(
                f"the video of session {code} (camera {index + 1}) is not on this machine "
                f"(looked for by its sha256 in: {where})",
                hint="give the folder that holds the session's videos with --videos DIR, or ask "
                "your lead for a copy",
            )
        return path

    def _located_videos(self) -> dict[str, Path]:
        if self._video_paths is None or self._searched != self.video_folders:
            wanted = {v.sha256: v.size for s in self.data.sessions for v in s.videos if v.sha256}
            self._searched = list(self.video_folders)
            self._video_paths = locate_videos(self.video_folders, wanted) if wanted else {}
        return self._video_paths

    def add_sessions(
        self,
        videos: Sequence[str | Path],
        *,
        scheme: str | None = None,
        key_rows: dict[str, dict[str, str]] | None = None,
        codes: Sequence[str] | None = None,
        allow_duplicate_videos: bool = False,
        actor: str = "lead",
    ) -> list[SessionEntry]:
        """Register videos as new sessions under fresh pseudonymous codes.

        ``key_rows`` maps a video's file name to its key columns (participant, arm, timepoint …),
        which go to ``key.csv``. Each video's size and sha256 are recorded. A video the project
        already has — the same content (sha256) or the same file — or one given twice is refused
        (nothing is added) unless ``allow_duplicate_videos``.
        """
        scheme_id = scheme or (self.data.schemes[0].id if self.data.schemes else None)
        if scheme_id is None:
            raise ProjectError(
                "the project has no scheme", path=self.file, hint="add one with --scheme"
            )
        self.scheme(scheme_id)
        self.require_folder("adding sessions")
        added, new_key = plan_sessions(
            self.root,
            self.data.sessions,
            videos,
            scheme_id=scheme_id,
            key_rows=key_rows,
            codes=codes,
            allow_duplicate_videos=allow_duplicate_videos,
            project_file=self.file,
        )
        with self.change():
            self._update(sessions=(*self._data.sessions, *added))
            if new_key:
                self.store.write_key(self.store.read_key() + new_key)
            self.save()
            self.audit("sessions_added", actor=actor, sessions=[s.code for s in added])
        return added

    def add_camera(self, code: str, video: Path, *, offset_ms: int = 0, label: str = "",
                   actor: str = "lead") -> VideoEntry:
        """Add another camera angle to a session (``offset_ms``: its time against the primary)."""
        entry = self.session(code)
        self.require_folder("adding a camera")
        if not video.is_file():
            raise ProjectError("no such video file", path=video)
        camera = VideoEntry(path=self._stored_path(video), size=video.stat().st_size,
                            sha256=sha256_file(video), offset_ms=offset_ms, label=label)
        with self.change():
            self._update_session(code, videos=(*entry.videos, camera))
            self.save()
            self.audit("camera_added", actor=actor, session=code, video=camera.path,
                       offset_ms=offset_ms)
        return camera

    def set_camera_offset(self, code: str, index: int, offset_ms: int, *,
                          actor: str = "lead") -> None:
        """Set the offset (ms against the primary) of a session's ``index``-th camera (1 …)."""
        entry = self.session(code)
        if not 0 < index < len(entry.videos):
            raise ProjectError(f"session '{code}' has no camera {index + 1}", path=self.file)
        moved = entry.videos[index].model_copy(update={"offset_ms": offset_ms})
        with self.change():
            self._update_session(code, videos=tuple(
                moved if n == index else v for n, v in enumerate(entry.videos)))
            self.save()
            self.audit("camera_offset_set", actor=actor, session=code,
                       video=moved.path, offset_ms=offset_ms)

    def set_session_scheme(self, code: str, scheme_id: str, *, actor: str = "lead") -> None:
        """Let a session nobody has coded yet code with another of the project's schemes."""
        self.session(code)  # an unknown code is an error
        self.scheme(scheme_id)
        if self.coders_of(code):
            raise ProjectError(f"session '{code}' already has annotations; its scheme stays",
                               path=self.file)
        with self.change():
            self._update_session(code, scheme=scheme_id)
            self.save()
            self.audit("session_scheme_set", actor=actor, session=code, scheme=scheme_id)

    def _stored_path(self, video: Path) -> str:
        return stored_path(self.root, video)

    def register_session(
        self, entry: SessionEntry, *, action: str, actor: str = "lead", **details: Any
    ) -> SessionEntry:
        """Add a session made elsewhere in the core (e.g. one whose media is still to locate),
        logged as ``action`` with ``details``; its code must be new and its scheme known."""
        if any(s.code == entry.code for s in self._data.sessions):
            raise ProjectError(f"session code '{entry.code}' is already used", path=self.file)
        self.scheme(entry.scheme)
        with self.change():  # entry and session together (logged first), or neither
            self.audit(action, actor=actor, session=entry.code, **details)
            self._update(sessions=(*self._data.sessions, entry))
            self.save()
        return entry

    def replace_video(
        self, code: str, index: int, video: VideoEntry, *, duration_ms: int | None = None,
        action: str, actor: str = "lead", **details: Any,
    ) -> None:
        """Put ``video`` in place of a session's ``index``-th camera (0: the primary; and set
        the session's duration when it had none), logged as ``action`` with ``details``."""
        entry = self.session(code)
        if not 0 <= index < len(entry.videos):
            raise ProjectError(f"session '{code}' has no camera {index + 1}", path=self.file)
        update: dict[str, Any] = {
            "videos": tuple(video if n == index else v for n, v in enumerate(entry.videos))
        }
        if duration_ms is not None and entry.duration_ms is None:
            update["duration_ms"] = duration_ms
        with self.change():  # entry and change together (logged first), or neither
            self.audit(action, actor=actor, session=code, **details)
            self._update_session(code, **update)
            self.save()
