"""A project's annotation records: reading them through the door check, importing and opening
them for coding, and the digests of the files a project holds."""

from __future__ import annotations

import hashlib
from pathlib import Path

from coder.annotations.model import AnnotationSet
from coder.media.file_hash import sha256_file
from coder.project.folder_store import KEY_FILE, PROJECT_FILE
from coder.project.key_file import key_text
from coder.project.project_content import ProjectContent
from coder.project.record_check import CheckedRecord, check_record
from coder.project.record_header import record_header
from coder.storage.annotation_file import annotation_bytes, load_annotations
from coder.storage.annotation_store import AnnotationStore
from coder.storage.atomic import dumps_json


class ProjectRecords(ProjectContent):
    """The coders' annotation records of a project and the digests of its files."""

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
