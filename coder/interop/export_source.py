"""What an export to a foreign format starts from: one coder's record of a session and its scheme."""

from __future__ import annotations

from coder.annotations.model import AnnotationSet
from coder.errors import InteropError
from coder.project.project import Project
from coder.scheme import Scheme


def load_for_export(project: Project, session: str, coder: str) -> tuple[AnnotationSet, Scheme]:
    """``coder``'s annotations of ``session`` and the scheme version they were coded with.

    Raises ``InteropError`` naming the annotation file when the coder has none for the session,
    and ``AnnotationError`` naming file, field and value when it holds an invalid value.
    """
    checked = project.checked_annotations(coder, session)
    # The door check of every use of a record: a file with invalid values is not exported.
    annotations = None if checked is None else checked.refuse()
    if annotations is None:
        raise InteropError(
            f"coder '{coder}' has no annotations of session '{session}'",
            path=project.annotation_path(coder, session),
        )
    scheme = project.scheme(annotations.header.scheme_id, annotations.header.scheme_version)
    return annotations, scheme
