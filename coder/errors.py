"""One error hierarchy for everything a user can run into.

Every error carries a message a person can act on: which file, which field or line, what is wrong
and what to do. The CLI prints ``str(error)`` and exits non-zero; the GUI shows it in one dialog.
Nothing below ``CoderError`` is ever shown to a user as a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class CoderError(Exception):
    """Base of every error Coder reports to a user.

    ``path`` names the file concerned (when there is one); ``hint`` says what to do about it.
    """

    def __init__(
        self, message: str, *, path: str | Path | None = None, hint: str | None = None
    ) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}" if self.path is not None else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class SchemeError(CoderError):
    """A coding-scheme file is missing, unreadable or invalid.

    ``problems`` lists every problem found, each already naming the field path.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        hint: str | None = None,
        problems: Sequence[str] = (),
    ) -> None:
        self.problems = list(problems) or [message]
        super().__init__(message, path=path, hint=hint)


class ProjectError(CoderError):
    """A project folder or one of its files is missing, invalid or inconsistent."""


class StorageError(CoderError):
    """A file could not be read or written safely (corrupt, truncated, foreign, too new)."""


class AnnotationError(CoderError):
    """An annotation or an edit is not valid (unknown code, overlap in an exclusive stream …)."""


class MediaError(CoderError):
    """A video or audio file cannot be opened or decoded."""


class ReliabilityError(CoderError):
    """Reliability cannot be computed on the data given (too few units, no coders …)."""


class ExportError(CoderError):
    """An export specification or its result is invalid (missing key rows, bad names …)."""


class AnalysisError(CoderError):
    """A sequential, contingency or time-budget analysis cannot be run on the data given."""


class InteropError(CoderError):
    """A file from another tool (ELAN, BORIS) cannot be imported or exported."""


class WorkflowError(CoderError):
    """An assignment, sample, package or consensus step is not allowed."""
