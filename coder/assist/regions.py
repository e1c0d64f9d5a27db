"""The named regions of a session's picture (mother, infant …) that motion is measured in.

One file per session, shared by everyone who works on it (regions say where people are in the
picture, nothing about arm or timepoint, so coders may see and draw them):

    regions/<session>.json   {"format": "coder-regions", "format_version": 1, "session": …,
                              "regions": [{"name", "x", "y", "w", "h"}, …], "updated_by", "updated"}

Coordinates are fractions (0–1) of the first camera's upright picture. The GUI's region editor,
``coder regions`` and ``coder suggest --motion`` (when no ``--region`` is given) and the export's
motion variables all read and write them here. ``RegionEditor`` is the undoable editing of one
session's regions; each change is saved at once.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from coder.assist.motion import Region
from coder.errors import CoderError, StorageError, WorkflowError
from coder.project import assist_files
from coder.project.assist_files import (
    REGION_NAME_PATTERN,
    REGIONS_FORMAT,
    REGIONS_FORMAT_VERSION,
    RegionsFile,
)
from coder.project.project import Project
from coder.storage import now_iso
from coder.storage.atomic import atomic_write_json
from coder.storage.json_file import read_versioned, validation_problem

NAME_PATTERN = REGION_NAME_PATTERN


def regions_path(project: Project, session: str) -> Path:
    return assist_files.regions_path(project.root, session)


def check_name(name: str) -> str:
    """``name`` when it can name a region, else a WorkflowError saying what is allowed."""
    if not re.fullmatch(NAME_PATTERN, name):
        raise WorkflowError(
            f"'{name}' cannot name a region",
            hint="use a letter, then letters, digits or _ (at most 24), e.g. mother or infant",
        )
    return name


def _checked(regions: Sequence[Region]) -> tuple[Region, ...]:
    seen: set[str] = set()
    for region in regions:
        check_name(region.name)
        if region.name.lower() in seen:
            raise WorkflowError(f"two regions are called '{region.name}'", hint="rename one")
        seen.add(region.name.lower())
    return tuple(regions)


def load_regions(project: Project, session: str) -> tuple[Region, ...]:
    """The regions drawn for ``session`` (none when none were drawn)."""
    path = regions_path(project, session)
    if not path.exists():
        return ()
    data = read_versioned(path, REGIONS_FORMAT, REGIONS_FORMAT_VERSION)
    hint = "draw the regions again (Session ▸ Regions…) or fix the file"
    try:
        raw = RegionsFile.model_validate(data)
    except ValidationError as error:
        raise StorageError(f"invalid regions: {validation_problem(error)}", path=path, hint=hint) from None
    if raw.session != session:
        raise StorageError(f"holds the regions of session {raw.session}, not {session}", path=path)
    try:
        return _checked([Region(name=r.name, x=r.x, y=r.y, w=r.w, h=r.h) for r in raw.regions])
    except CoderError as error:
        raise StorageError(f"invalid regions: {error.message}", path=path, hint=hint) from None


def save_regions(project: Project, session: str, regions: Sequence[Region], *, by: str) -> Path:
    """Replace the regions of ``session`` (an atomic write); no regions removes none of the
    session's other files, only empties its region list."""
    project.require_folder("drawing regions")
    project.session(session)
    path = regions_path(project, session)
    atomic_write_json(
        path,
        {
            "format": REGIONS_FORMAT,
            "format_version": REGIONS_FORMAT_VERSION,
            "session": session,
            "regions": [
                {"name": r.name, "x": r.x, "y": r.y, "w": r.w, "h": r.h} for r in _checked(regions)
            ],
            "updated_by": by,
            "updated": now_iso(),
        },
    )
    return path


def parse_region(text: str, *, option: str = "--region") -> Region:
    """A region from ``NAME=x,y,w,h`` (fractions of the picture), e.g. ``mother=0,0,0.5,1``."""
    name, sep, box = text.partition("=")
    if not sep or not name:
        raise WorkflowError(f"{option} must look like NAME=x,y,w,h, not '{text}'",
                            hint="e.g. mother=0,0,0.5,1 (fractions of the picture)")
    try:
        x, y, w, h = (float(v) for v in box.split(","))
    except ValueError:
        raise WorkflowError(f"{option} {name}= needs four numbers x,y,w,h, not '{box}'",
                            hint="e.g. mother=0,0,0.5,1 (fractions of the picture)") from None
    return Region(name=check_name(name), x=x, y=y, w=w, h=h)


def fitted(name: str, x: float, y: float, w: float, h: float) -> Region:
    """The region ``name`` at x, y, w, h (fractions, possibly outside the picture, as a drag or
    a key press may leave them) moved and cut to lie inside it, at least 1% wide and high."""
    w = min(max(w, 0.01), 1.0)
    h = min(max(h, 0.01), 1.0)
    x = min(max(x, 0.0), 1.0 - w)
    y = min(max(y, 0.0), 1.0 - h)
    return Region(name=name, x=round(x, 4), y=round(y, 4), w=round(w, 4), h=round(h, 4))


@dataclass
class RegionEditor:
    """Undoable editing of one session's regions: every change is saved at once and can be
    undone and redone (the states are small immutable tuples, so each step keeps the whole)."""

    project: Project
    session: str
    by: str
    regions: tuple[Region, ...] = ()
    _undo: list[tuple[Region, ...]] = field(default_factory=list)
    _redo: list[tuple[Region, ...]] = field(default_factory=list)

    @classmethod
    def open(cls, project: Project, session: str, *, by: str) -> RegionEditor:
        return cls(project, session, by, load_regions(project, session))

    def _set(self, regions: Sequence[Region]) -> None:
        new = _checked(regions)
        save_regions(self.project, self.session, new, by=self.by)
        self._undo.append(self.regions)
        self._redo.clear()
        self.regions = new

    def find(self, name: str) -> Region | None:
        return next((r for r in self.regions if r.name == name), None)

    def add(self, region: Region) -> None:
        """Add ``region`` (refused when its name is taken)."""
        self._set([*self.regions, region])

    def replace(self, name: str, region: Region) -> None:
        """Move, resize or rename the region called ``name``."""
        if self.find(name) is None:
            raise WorkflowError(f"no region called '{name}'")
        self._set([region if r.name == name else r for r in self.regions])

    def rename(self, name: str, new_name: str) -> None:
        found = self.find(name)
        if found is not None and new_name != name:
            self.replace(name, dataclasses.replace(found, name=check_name(new_name)))

    def remove(self, name: str) -> None:
        if self.find(name) is not None:
            self._set([r for r in self.regions if r.name != name])

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> None:
        if self._undo:
            previous = self._undo.pop()
            save_regions(self.project, self.session, previous, by=self.by)
            self._redo.append(self.regions)
            self.regions = previous

    def redo(self) -> None:
        if self._redo:
            following = self._redo.pop()
            save_regions(self.project, self.session, following, by=self.by)
            self._undo.append(self.regions)
            self.regions = following
