"""A project folder: the lead's ``project.json`` plus schemes, key, annotations, consensus, audit.

project.json                       schemes, sessions, coders, assignments, settings
schemes/<id>-<version>.yaml        exact scheme copies (sha256 in project.json)
key.csv                            unblinding key (lead only)
annotations/<coder>/<session>.json one coder's work on one session
consensus/<session>.json           the agreed record
audit.jsonl                        append-only log
exports/                           default output folder

The parts of :class:`Project` live beside it: its content and changes
(``project_content``), sessions and cameras (``project_sessions``), coders and assignments
(``project_coders``), annotation records (``project_records``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from coder.errors import ProjectError, StorageError
from coder.faults import kill_point
from coder.project.audit_log import recover_audit
from coder.project.change import recover_changes, sweep_temp_files
from coder.project.folder_store import PROJECT_FILE, FolderStore
from coder.project.model import ProjectFile
from coder.project.project_coders import ProjectCoders
from coder.project.project_records import ProjectRecords
from coder.project.project_sessions import ProjectSessions
from coder.scheme.loader import load_scheme
from coder.scheme.model import Scheme
from coder.server.connection import is_server_address
from coder.server.store import ServerStore
from coder.storage.annotation_store import now_iso
from coder.storage.atomic import atomic_write_bytes
from coder.storage.json_file import validation_problem
from coder.storage.store import ProjectStore


class Project(ProjectRecords, ProjectSessions, ProjectCoders):
    """An open project: a folder, or a team server (``postgresql://…``) — its store.

    Only the lead changes the project content; coders write their annotation records. Callers
    never need to know which store a project has: every read and change goes through here.
    """

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

    def add_scheme(self, path: str | Path, *, actor: str = "lead") -> Scheme:
        """Copy a scheme file into ``schemes/`` and register it (a new version is kept beside old ones)."""
        scheme = load_scheme(path)
        with self.change():
            if self._add_loaded_scheme(Path(path), scheme):
                self.save()
                self.audit("scheme_added", actor=actor, scheme=scheme.id,
                           version=scheme.version, sha256=scheme.sha256)
        return scheme
