"""A project's coders and the sessions assigned to them."""

from __future__ import annotations

from collections.abc import Sequence

from coder.errors import ProjectError
from coder.project.model import Assignment, CoderEntry
from coder.project.project_content import ProjectContent
from coder.project.project_paths import check_coder_id
from coder.storage.annotation_store import now_iso

ROLES = ("primary", "reliability", "training", "gold_check")


class ProjectCoders(ProjectContent):
    """The coders of a project and their assignments."""

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

    def assignments_of(self, coder: str) -> list[Assignment]:
        return [a for a in self.data.assignments if a.coder == coder]
