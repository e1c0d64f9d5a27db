"""A project folder: the lead's ``project.json`` plus schemes, key, annotations, consensus, audit.

project.json                       schemes, sessions, coders, assignments, settings
schemes/<id>-<version>.yaml        exact scheme copies (sha256 in project.json)
key.csv                            unblinding key (lead only)
annotations/<coder>/<session>.json one coder's work on one session
consensus/<session>.json           the agreed record
audit.jsonl                        append-only log
exports/                           default output folder
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from coder.annotations.model import AnnotationSet
from coder.errors import ProjectError, StorageError
from coder.faults import kill_point
from coder.media.file_hash import sha256_file
from coder.project.audit_log import recover_audit
from coder.project.change import PENDING_DIR, recover_changes, sweep_temp_files
from coder.project.folder_store import AUDIT_FILE, KEY_FILE, PROJECT_FILE, FolderStore
from coder.project.key_file import key_text
from coder.project.model import (
    Assignment,
    CoderEntry,
    ProjectFile,
    SchemeEntry,
    SessionEntry,
    Settings,
    VideoEntry,
)
from coder.project.new_sessions import plan_sessions, stored_path
from coder.project.project_paths import check_coder_id
from coder.project.record_check import CheckedRecord, check_record
from coder.project.record_header import record_header
from coder.scheme.loader import load_scheme, load_scheme_bytes
from coder.scheme.model import Scheme
from coder.server.connection import is_server_address
from coder.server.store import ServerStore
from coder.server.videos import locate_videos
from coder.storage.annotation_file import annotation_bytes, load_annotations
from coder.storage.annotation_store import AnnotationStore, now_iso
from coder.storage.atomic import atomic_write_bytes, dumps_json
from coder.storage.json_file import validation_problem
from coder.storage.store import NO_VERSION, ProjectStore, StoreChange

ROLES = ("primary", "reliability", "training", "gold_check")


class Project:
    """An open project: a folder, or a team server (``postgresql://…``) — its store.

    Only the lead changes the project content; coders write their annotation records. Callers
    never need to know which store a project has: every read and change goes through here.
    """

    def __init__(
        self,
        root: Path,
        data: ProjectFile,
        store: ProjectStore | None = None,
        version: str = NO_VERSION,
    ) -> None:
        self.store: ProjectStore = store if store is not None else FolderStore(root)
        self._data = data
        self._version = version
        self._schemes: dict[str, Scheme] = {}
        self._change: StoreChange | None = None
        self.video_folders: list[Path] = []
        """Folders on this machine where videos are looked for by sha256 (never stored)."""
        self._video_paths: dict[str, Path] | None = None
        self._searched: list[Path] = []
        # What opening found and finished or removed after an interrupted command (shown by
        # `coder validate`).
        self.recovered: list[str] = []

    @property
    def data(self) -> ProjectFile:
        """The project file's content, to read. Change it only through Project's methods, which
        validate, save and write the audit entry."""
        return self._data

    # --- opening and creating ------------------------------------------------------------
    @property
    def root(self) -> Path:
        """The project folder (for a server project: its address, to name things in messages)."""
        return self.store.root

    @property
    def is_folder(self) -> bool:
        """Whether the project is a local folder (a team server is not)."""
        return self.store.is_folder

    def require_folder(self, what: str) -> None:
        """Refuse ``what`` (e.g. "coder package") on a project that is not a local folder."""
        if not self.store.is_folder:
            raise ProjectError(
                f"{what} needs a project folder; {self.store.location} is a team server",
                hint=f"pull a copy first (`coder pull {self.store.location} FOLDER`) and "
                "run it on the folder",
            )

    @staticmethod
    def names_server(text: str | Path) -> bool:
        """Whether ``text`` is the address of a project on a team server (postgresql://…)."""
        return isinstance(text, str) and is_server_address(text)

    @staticmethod
    def names_project(text: str | Path) -> bool:
        """Whether ``text`` names a project (its folder, its project.json or a server address)
        rather than another file (a scheme)."""
        if isinstance(text, str) and is_server_address(text):
            return True
        path = Path(text)
        return path.is_dir() or path.name == PROJECT_FILE

    @property
    def cache_folder(self) -> Path:
        """Where this machine keeps derived data (audio waveforms …): the folder's cache/, or
        for a project on a team server a folder of this user's (never stored on the server)."""
        if self.store.is_folder:
            return self.root / "cache"
        digest = hashlib.sha256(self.store.location.encode("utf-8")).hexdigest()[:16]
        return Path.home() / ".cache" / "coder" / "server-projects" / digest

    def default_export_folder(self, name: str) -> Path:
        """Where an export named ``name`` goes unless told: the project's exports/ folder, or
        for a project on a team server ./exports/ on this machine."""
        if self.store.is_folder:
            return self.root / "exports" / name
        return Path.cwd() / "exports" / name

    @classmethod
    def open(cls, path: str | Path) -> Project:
        """Open the project at ``path``: its folder, its project.json, or a ``postgresql://``
        address (credentials from libpq's environment and ~/.pgpass only)."""
        if isinstance(path, str) and is_server_address(path):
            return cls._open_store(ServerStore.open(path))
        root = Path(path)
        if root.name == PROJECT_FILE:
            root = root.parent
        file = root / PROJECT_FILE
        if root.is_file():
            raise ProjectError("is a file, not a project folder", path=root,
                               hint="give the folder that holds project.json")
        if not root.is_dir():
            raise ProjectError("no such project folder", path=root)
        if not file.exists():
            raise ProjectError(
                "is not a Coder project (no project.json)",
                path=root,
                hint="create one with `coder init`",
            )
        project = cls._open_store(FolderStore(root))
        if project._recover():
            reread = cls.open(root)  # a change was finished: read its project.json
            reread.recovered = project.recovered + reread.recovered
            return reread
        return project

    @classmethod
    def _open_store(cls, store: ProjectStore) -> Project:
        stored = store.read_project()
        try:
            data = ProjectFile.model_validate(stored.content)
        except ValidationError as error:
            raise ProjectError(
                f"invalid project file: {validation_problem(error)}",
                path=store.root / PROJECT_FILE,
            ) from None
        return cls(store.root, data, store, stored.version)

    def _recover(self) -> bool:
        """Finish or roll back what an interrupted command left; True when project.json changed."""
        before = self.file.stat().st_mtime_ns
        try:
            recover_audit(self.audit_path)
            self.recovered = recover_changes(self.root, self.audit_path)
            self.recovered += sweep_temp_files(self.root)
        except (StorageError, OSError):
            # A read-only copy (e.g. on a share) opens as it is; `coder validate` reports leftovers.
            return False
        return self.file.stat().st_mtime_ns != before

    @classmethod
    def create(
        cls, path: str | Path, *, name: str | None = None, schemes: Sequence[str | Path] = ()
    ) -> Project:
        """Create a new project in an empty (or new) folder, copying the given scheme files."""
        root = Path(path)
        if root.exists() and not root.is_dir():
            raise ProjectError("is a file, not a folder", path=root, hint="choose a new folder")
        if root.exists() and any(root.iterdir()):
            raise ProjectError(
                "folder is not empty", path=root, hint="choose a new or empty folder"
            )
        loaded = [load_scheme(s) for s in schemes]  # validate all before creating anything
        # Built in a hidden folder beside it and renamed into place: a kill leaves no half project.
        staging = root.parent / f".{root.name}.new.partial"
        try:
            root.parent.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(staging, ignore_errors=True)  # left by an earlier interrupted create
            staging.mkdir()
            for sub in ("schemes", "annotations", "consensus", "exports"):
                (staging / sub).mkdir()
        except OSError as error:
            raise ProjectError(f"cannot create the folder: {error.strerror}", path=root) from None
        try:
            project = cls(staging, ProjectFile(name=name or root.name, created=now_iso()))
            # The genesis entry of the audit chain comes first: nothing exists before it.
            project.audit("project_created", name=project.name)
            for source, scheme in zip(schemes, loaded, strict=True):
                project._add_loaded_scheme(Path(source), scheme)
            # Caches (audio waveforms …) are per machine and never belong in sync or version control.
            atomic_write_bytes(staging / ".gitignore", b"cache/\n")
            atomic_write_bytes(staging / PROJECT_FILE, project._project_bytes())
            kill_point("project.created")
            if root.is_dir():
                root.rmdir()
            os.replace(staging, root)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        project.store = FolderStore(root)
        return project

    # --- basics --------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.data.name

    @property
    def file(self) -> Path:
        return self.root / PROJECT_FILE

    @property
    def key_path(self) -> Path:
        return self.root / KEY_FILE

    @property
    def audit_path(self) -> Path:
        return self.root / AUDIT_FILE

    def _project_bytes(self) -> bytes:
        return dumps_json(self._data.model_dump(mode="json")).encode("utf-8")

    def save(self) -> None:
        """Write project.json (inside a change: when the change is applied, with its entries)."""
        if self._change is not None:
            self._version = self.store.write_project(
                self._data.model_dump(mode="json"), self._version
            )
            return
        with self.change():
            # Saved outside a method that says what it changed: still never without an entry.
            self.audit("project_saved", sha256=hashlib.sha256(self._project_bytes()).hexdigest())
            self.save()

    def update_settings(self, *, actor: str = "lead", **changes: Any) -> Settings:
        """Change lab thresholds and defaults (validated, saved, audited)."""
        try:
            settings = Settings.model_validate(
                {**self._data.settings.model_dump(), **changes}
            )
        except ValidationError as error:
            raise ProjectError(
                f"invalid settings: {validation_problem(error)}", path=self.file
            ) from None
        with self.change():
            self._update(settings=settings)
            self.save()
            self.audit("settings_changed", actor=actor, changes=changes)
        return settings

    def audit(self, action: str, *, actor: str = "lead", **details: Any) -> dict[str, Any]:
        """Record an entry in the audit log; inside a change, as one of its intent entries."""
        return self.store.append_audit(action, actor=actor, **details)

    def audit_entries(self) -> list[dict[str, Any]]:
        """The audit log's entries of what was done: an entry of a folder change whose
        completion was never logged (interrupted, then rolled back) is left out; a server's
        changes are transactions, logged only when made."""
        entries = self.store.read_audit()
        done = {e.get("op") for e in entries if e.get("action") == "completed"}
        return [e for e in entries
                if not self.store.is_folder or "op" not in e or e["op"] in done]

    @contextlib.contextmanager
    def change(self) -> Iterator[StoreChange]:
        """Group file writes and audit entries into one all-or-nothing change.

        Inside the block, :meth:`save` and :meth:`audit` (and ``change.write``) only stage; at the
        end the change is committed (see :mod:`coder.project.change`). On an error nothing is
        written and the in-memory project is as before. Nested blocks join the outer change.
        """
        if self._change is not None:
            yield self._change
            return
        before = self._data  # a frozen value: nothing to copy
        version = self._version
        try:
            with self.store.transaction() as change:
                self._change = change
                try:
                    yield change
                finally:
                    self._change = None
        except BaseException:
            self._data = before
            self._version = version
            raise

    @property
    def pending_dir(self) -> Path:
        return self.root / PENDING_DIR

    # --- schemes -------------------------------------------------------------------------
    def add_scheme(self, path: str | Path, *, actor: str = "lead") -> Scheme:
        """Copy a scheme file into ``schemes/`` and register it (a new version is kept beside old ones)."""
        scheme = load_scheme(path)
        with self.change():
            if self._add_loaded_scheme(Path(path), scheme):
                self.save()
                self.audit("scheme_added", actor=actor, scheme=scheme.id,
                           version=scheme.version, sha256=scheme.sha256)
        return scheme

    def write_file(self, path: Path, data: bytes, *, backup: str = "", actor: str = "lead",
                   action: str = "") -> None:
        """Write a file of the project as (part of) a change; ``action`` logs it on its own."""
        with self.change() as change:
            change.write(path, data, backup=backup)
            if action:
                self.audit(action, actor=actor, path=path.relative_to(self.root).as_posix())

    def _add_loaded_scheme(self, source: Path, scheme: Scheme) -> bool:
        for entry in self.data.schemes:
            if entry.id == scheme.id and entry.version == scheme.version:
                if entry.sha256 != scheme.sha256:
                    raise ProjectError(
                        f"scheme '{scheme.id}' version {scheme.version} is already in the project with other content",
                        path=source,
                        hint="give the changed scheme a new version",
                    )
                return False
        target = f"schemes/{scheme.id}-{scheme.version}.yaml"
        # Copy exactly the bytes that were validated and hashed (the source may change meanwhile).
        raw = source.read_bytes()
        if hashlib.sha256(raw).hexdigest() != scheme.sha256:
            raise ProjectError(
                "the scheme file changed while it was being added", path=source, hint="try again"
            )
        self.store.write_scheme(target, raw)
        self._update(schemes=(
            *self._data.schemes,
            SchemeEntry(id=scheme.id, version=scheme.version, sha256=scheme.sha256, file=target),
        ))
        self._schemes[f"{scheme.id}@{scheme.version}"] = scheme
        return True

    def scheme(self, scheme_id: str, version: str | None = None) -> Scheme:
        """The project's copy of a scheme (its newest version unless ``version`` is given)."""
        entries = [
            e
            for e in self.data.schemes
            if e.id == scheme_id and (version is None or e.version == version)
        ]
        if not entries:
            raise ProjectError(
                f"scheme '{scheme_id}' is not in the project",
                path=self.file,
                hint="add it with `coder init --scheme` or `coder add-scheme`",
            )
        entry = entries[-1]
        cache_key = f"{entry.id}@{entry.version}"
        if cache_key not in self._schemes:
            scheme = load_scheme_bytes(self.store.read_scheme(entry.file),
                                       source=self.root / entry.file)
            if scheme.sha256 != entry.sha256:
                raise ProjectError(
                    "the scheme copy was changed after it was added to the project",
                    path=self.root / entry.file,
                    hint="restore the original or add the new file as a new scheme version",
                )
            self._schemes[cache_key] = scheme
        return self._schemes[cache_key]

    def scheme_for(self, session: str) -> Scheme:
        return self.scheme(self.session(session).scheme)

    # --- sessions ------------------------------------------------------------------------
    @property
    def sessions(self) -> list[SessionEntry]:
        return list(self.data.sessions)

    def session(self, code: str) -> SessionEntry:
        for entry in self.data.sessions:
            if entry.code == code:
                return entry
        raise ProjectError(f"no session '{code}' in the project", path=self.file)

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

    def file_digest(self, path: Path) -> str | None:
        """The sha256 of a project file named by ``path`` (project.json, a scheme copy, key.csv,
        a record or a consensus record), None when it does not exist. On a team server: of the
        bytes the folder form would hold (what a pull writes)."""
        if self.store.is_folder:
            return sha256_file(path) if path.exists() else None
        data = self._stored_bytes(path.relative_to(self.root).as_posix())
        return None if data is None else hashlib.sha256(data).hexdigest()

    def _stored_bytes(self, name: str) -> bytes | None:
        parts = name.split("/")
        if name == PROJECT_FILE:
            return self._project_bytes()
        if name == KEY_FILE:
            rows = self.store.read_key()
            return key_text(rows).encode("utf-8") if rows else None
        if parts[0] == "schemes":
            return self.store.read_scheme(name)
        if parts[0] == "annotations" and len(parts) == 3:
            record = self.store.read_record(parts[1], parts[2].removesuffix(".json"))
            return None if record is None else annotation_bytes(record.annotations)
        if parts[0] == "consensus" and len(parts) == 2:
            stored = self.store.read_consensus(parts[1].removesuffix(".json"))
            return None if stored is None else dumps_json(stored.content).encode("utf-8")
        return None

    def key(self) -> list[dict[str, str]]:
        """The unblinding key rows (lead only); empty when the project has no key yet."""
        return self.store.read_key()

    # --- coders and assignments ----------------------------------------------------------
    @property
    def coders(self) -> list[CoderEntry]:
        return list(self.data.coders)

    def add_coder(self, coder_id: str, name: str = "", *, actor: str = "lead") -> CoderEntry:
        if any(c.id == coder_id for c in self.data.coders):
            raise ProjectError(f"coder '{coder_id}' already exists", path=self.file)
        entry = CoderEntry(id=check_coder_id(coder_id), name=name)
        with self.change():
            self._update(coders=(*self._data.coders, entry))
            self.save()
            self.audit("coder_added", actor=actor, coder=coder_id)
        return entry

    def has_coder(self, coder_id: str) -> bool:
        return any(c.id == coder_id for c in self.data.coders)

    def assign(
        self, coder: str, sessions: Sequence[str], *, role: str = "primary", actor: str = "lead"
    ) -> list[Assignment]:
        """Give sessions to a coder (recorded in the audit log); already given ones are skipped."""
        if not self.has_coder(coder):
            raise ProjectError(f"no coder '{coder}' in the project", hint="add the coder first")
        if role not in ROLES:
            raise ProjectError(
                f"'{role}' is not an assignment role", hint="use " + ", ".join(ROLES)
            )
        made = []
        for code in sessions:
            self.session(code)
            if any(a.session == code and a.coder == coder for a in self.data.assignments):
                continue
            made.append(Assignment(session=code, coder=coder, role=role, assigned=now_iso()))  # type: ignore[arg-type]
        if made:
            with self.change():
                self._update(assignments=(*self._data.assignments, *made))
                self.save()
                self.audit("assigned", actor=actor, coder=coder,
                           sessions=[a.session for a in made], role=role)
        return made

    def unassign(self, coder: str, session: str, *, actor: str = "lead") -> None:
        """Take a session back from a coder (their record, if any, stays in the project)."""
        kept = tuple(a for a in self._data.assignments
                     if not (a.coder == coder and a.session == session))
        if len(kept) == len(self._data.assignments):
            raise ProjectError(f"session '{session}' is not assigned to coder '{coder}'",
                               path=self.file)
        with self.change():
            self._update(assignments=kept)
            self.save()
            self.audit("unassigned", actor=actor, coder=coder, session=session)

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

    def _update(self, **fields: Any) -> None:
        """Replace fields of the project content with validated values (inside a change)."""
        try:
            self._data = ProjectFile.model_validate(
                {**self._data.model_dump(), **{
                    k: v.model_dump() if isinstance(v, Settings) else v
                    for k, v in fields.items()
                }}
            )
        except ValidationError as error:
            raise ProjectError(
                f"invalid project content: {validation_problem(error)}", path=self.file
            ) from None

    def _update_session(self, code: str, **fields: Any) -> None:
        self._update(sessions=tuple(
            s.model_copy(update=fields) if s.code == code else s for s in self._data.sessions
        ))

    def assignments_of(self, coder: str) -> list[Assignment]:
        return [a for a in self.data.assignments if a.coder == coder]

    def coders_of(self, session: str) -> list[str]:
        """Coders with an annotation record of ``session`` (sorted)."""
        return self.store.record_coders(session)

    # --- annotations ---------------------------------------------------------------------
    def annotation_path(self, coder: str, session: str) -> Path:
        """``annotations/<coder>/<session>.json``; a coder id that is not one, or a name that
        leads outside the project (``../../outside``), is refused with a ProjectError. (On a
        team server: the record's name in messages.)"""
        return self.store.record_label(coder, session)

    def load_annotations(self, coder: str, session: str) -> AnnotationSet | None:
        """A coder's saved annotations of a session, or None if they have not started."""
        record = self.store.read_record(coder, session)
        return None if record is None else record.annotations

    def checked_annotations(
        self, coder: str, session: str, *, path: Path | None = None
    ) -> CheckedRecord | None:
        """``coder``'s record of ``session`` after the door check (``coder.project.record_check``),
        or None when there is none; ``path`` reads it from another file (the consensus record)."""
        if path is not None and path != self.annotation_path(coder, session):
            if not path.exists():
                return None
            return self.check_annotations(load_annotations(path), coder, session, path=path)
        record = self.store.read_record(coder, session)
        if record is None:
            return None
        return self.check_annotations(
            record.annotations, coder, session, path=self.annotation_path(coder, session)
        )

    def usable_annotations(self, coder: str, session: str) -> AnnotationSet | None:
        """The valid part of ``coder``'s record of ``session`` (invalid values left out; list
        them with ``checked_annotations``), None when there is none; a record that is not this
        coder's of this session at all is refused (AnnotationError)."""
        checked = self.checked_annotations(coder, session)
        if checked is None:
            return None
        if checked.annotations is None:
            checked.refuse()
        return checked.annotations

    def check_annotations(
        self, annotations: AnnotationSet, coder: str | None, session: str, *, path: Path
    ) -> CheckedRecord:
        """The door check of a record of ``coder`` (None: the consensus) for ``session`` read
        from ``path``."""
        entry = self.session(session)
        scheme = self.scheme(entry.scheme)
        version = annotations.header.scheme_version
        # An older version of the session's scheme stays readable when the project keeps it.
        if (
            annotations.header.scheme_id == entry.scheme
            and version != scheme.version
            and any(e.id == entry.scheme and e.version == version for e in self.data.schemes)
        ):
            scheme = self.scheme(entry.scheme, version)
        return check_record(
            annotations,
            path=path,
            coder=coder,
            session=session,
            scheme=scheme,
            duration_ms=entry.duration_ms,
            root=self.root,
        )

    def import_record(
        self, coder: str, session: str, annotations: AnnotationSet, *, source: str,
        actor: str = "lead",
    ) -> None:
        """Put a record brought in from elsewhere (an ELAN/BORIS file, a table) in place of
        ``coder``'s record of ``session``, the replaced one kept as a backup, logged."""
        self.session(session)
        with self.change():
            self.store.write_record(coder, session, annotations)
            self.audit("annotations_imported", actor=actor, source=source, coder=coder,
                       session=session)

    def open_annotations(
        self, coder: str, session: str, *, read_only: bool = False, take_over: bool = False
    ) -> AnnotationStore:
        """The live, self-saving annotation store of ``coder`` for ``session``.

        An existing file must pass the door check (``coder.project.record_check``): one naming
        another coder or session, or holding an invalid value, is refused (AnnotationError
        naming the file, the field and the value) and left untouched, and no lease is taken.
        Read-only (with a notice saying where) when the session is open for editing elsewhere;
        ``take_over`` replaces an abandoned lease, recorded in the audit log.
        """
        path = self.annotation_path(coder, session)
        checked = self.checked_annotations(coder, session, path=path)
        if checked is not None:
            # A file with values the scheme or the media cannot hold is not opened for coding.
            checked.refuse()
        entry = self.session(session)
        scheme = self.scheme(entry.scheme)
        header = record_header(coder, entry, scheme)
        return self.store.open_record(
            coder,
            session,
            header,
            read_only=read_only,
            take_over=take_over,
            audit=lambda action, **details: self.audit(action, actor=coder, **details),
        )

