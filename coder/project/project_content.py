"""The project's content and how it changes: project.json read and saved in all-or-nothing
changes with their audit entries, the scheme copies, and the lookups every part of a project uses."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from coder.errors import ProjectError
from coder.project.change import PENDING_DIR
from coder.project.folder_store import AUDIT_FILE, KEY_FILE, PROJECT_FILE, FolderStore
from coder.project.model import ProjectFile, SchemeEntry, SessionEntry, Settings
from coder.scheme.loader import load_scheme_bytes
from coder.scheme.model import Scheme
from coder.storage.atomic import dumps_json
from coder.storage.json_file import validation_problem
from coder.storage.store import NO_VERSION, ProjectStore, StoreChange


class ProjectContent:
    """The content of an open project (its store, project.json, schemes) and its changes; the
    base of :class:`coder.project.project.Project`."""

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

    @property
    def sessions(self) -> list[SessionEntry]:
        return list(self.data.sessions)

    def session(self, code: str) -> SessionEntry:
        for entry in self.data.sessions:
            if entry.code == code:
                return entry
        raise ProjectError(f"no session '{code}' in the project", path=self.file)

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

    def coders_of(self, session: str) -> list[str]:
        """Coders with an annotation record of ``session`` (sorted)."""
        return self.store.record_coders(session)

    def key(self) -> list[dict[str, str]]:
        """The unblinding key rows (lead only); empty when the project has no key yet."""
        return self.store.read_key()
