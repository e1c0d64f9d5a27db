"""The one check of a coder's (or the consensus) record that every door of a project applies.

``check_record`` judges a record read from a file against the project: its header must name the
coder and session of the file and the scheme the session is coded with, and every value must be
one the scheme and the media allow (``coder.annotations.validation.invalid_values``: ratings on
their scale and finite, states ending after they start, times within the media). What enters
(open, collect, import) is refused when anything is invalid (``CheckedRecord.refuse``); what is
used (export, reliability, consensus) takes ``CheckedRecord.annotations``, the valid part, and
reports ``CheckedRecord.invalid`` as warnings — an invalid value is never used as data.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from coder.annotations.model import AnnotationSet, SessionStatus
from coder.annotations.status import status_of
from coder.annotations.validation import invalid_values, without_invalid
from coder.errors import AnnotationError, CoderError
from coder.scheme.model import Scheme

_LISTED = 5
_WHOLE_FILE = "(file)"  # the field of a record that cannot be read at all


@dataclass(frozen=True)
class InvalidValue:
    """One value of a record that cannot be used: its file, field, value and what is wrong."""

    path: Path
    field: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field} = {self.value}: {self.message}"


@dataclass(frozen=True)
class CheckedRecord:
    """A record after the door check: the valid part (None when the whole record is unusable,
    e.g. its header names another session) and every invalid value found."""

    path: Path
    annotations: AnnotationSet | None
    invalid: tuple[InvalidValue, ...] = ()

    def refuse(self, hint: str | None = None) -> AnnotationSet:
        """The record when every value is valid; else an AnnotationError naming file, field, value."""
        if not self.invalid and self.annotations is not None:
            return self.annotations
        raise invalid_record_error(self.invalid, hint=hint, path=self.path)

    def problem(self, hint: str | None = None) -> AnnotationError | None:
        """What is wrong with the record (its file within the project, field, value, what to do),
        None when nothing is."""
        return invalid_record_error(self.invalid, hint=hint) if self.invalid else None


def invalid_record_error(
    invalid: tuple[InvalidValue, ...], *, hint: str | None = None, path: Path | None = None
) -> AnnotationError:
    """One error listing the first invalid values (field and value of each) of the file
    ``path`` (default: as the values name it)."""
    first = invalid[0]
    listed = "; ".join(
        v.message if v.field == _WHOLE_FILE else f"{v.field} = {v.value}: {v.message}"
        for v in invalid[:_LISTED]
    )
    more = f" (and {len(invalid) - _LISTED} more)" if len(invalid) > _LISTED else ""
    what = "cannot be read" if first.field == _WHOLE_FILE else "invalid value(s)"
    return AnnotationError(
        f"{what}: {listed}{more}",
        path=path or first.path,
        hint=hint
        or ("restore the file from its backup" if first.field == _WHOLE_FILE
            else "correct the value or restore the file from its backup")
        + "; `coder validate` lists every problem",
    )


def shown_path(path: Path, root: Path | None) -> Path:
    """``path`` relative to the project ``root`` when it lies inside it (for messages)."""
    if root is not None:
        with contextlib.suppress(ValueError):
            return path.relative_to(root)
    return path


def check_record(
    annotations: AnnotationSet,
    *,
    path: Path,
    coder: str | None,
    session: str,
    scheme: Scheme,
    duration_ms: int | None,
    root: Path | None = None,
) -> CheckedRecord:
    """Check ``annotations`` read from ``path`` as ``coder``'s record of ``session`` coded with
    ``scheme`` on media of ``duration_ms`` (None: unknown); see the module docstring. ``coder``
    None (a consensus record, seeded from a coder's) leaves the header's coder unchecked."""
    shown = shown_path(path, root)
    header = annotations.header
    wrong = [
        (name, got, expected)
        for name, got, expected in (
            ("coder", header.coder, coder if coder is not None else header.coder),
            ("session", header.session, session),
            ("scheme.id", header.scheme_id, scheme.id),
        )
        if got != expected
    ]
    if not wrong and header.scheme_sha256 != scheme.sha256:
        wrong.append(("scheme.sha256", header.scheme_sha256, scheme.sha256))
    if wrong:
        return CheckedRecord(
            path,
            None,
            tuple(
                InvalidValue(
                    shown, name, repr(got),
                    f"not the {name.replace('.', ' ')} of this file's place in the project "
                    f"({expected!r})",
                )
                for name, got, expected in wrong
            ),
        )
    problems = invalid_values(annotations, scheme, duration_ms=duration_ms)
    if not problems:
        return CheckedRecord(path, annotations)
    return CheckedRecord(
        path,
        without_invalid(annotations, problems),
        tuple(
            InvalidValue(shown, p.field, p.value, f"{p.message} ({p.where})") for p in problems
        ),
    )


def unreadable(path: Path, error: CoderError, root: Path | None = None) -> CheckedRecord:
    """A record whose file cannot be read at all: nothing of it is used."""
    return CheckedRecord(
        path, None, (InvalidValue(shown_path(path, root), _WHOLE_FILE, "", error.message),)
    )


class _Records(Protocol):
    """What ``read_checked`` needs of a project (``coder.project.Project``)."""

    @property
    def root(self) -> Path: ...

    def annotation_path(self, coder: str, session: str) -> Path: ...

    def checked_annotations(self, coder: str, session: str) -> CheckedRecord | None: ...


def read_checked(project: _Records, coder: str, session: str) -> CheckedRecord | None:
    """``coder``'s record of ``session`` after the door check, for a view that lists records:
    like ``Project.checked_annotations``, but a file that cannot be read at all (damaged JSON, a
    newer format) is a record with nothing usable and why, not an error that stops the listing."""
    try:
        return project.checked_annotations(coder, session)
    except CoderError as error:
        return unreadable(project.annotation_path(coder, session), error, project.root)


def record_status(checked: CheckedRecord | None) -> SessionStatus:
    """The status of a coder's session from their record after the door check: not started
    without a record; in progress when nothing of it is usable (a damaged file is work begun);
    else the status of its valid part (``coder.annotations.status.status_of``)."""
    if checked is None:
        return SessionStatus.NOT_STARTED
    if checked.annotations is None:
        return SessionStatus.IN_PROGRESS
    return status_of(checked.annotations)
