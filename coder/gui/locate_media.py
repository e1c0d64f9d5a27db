""""Locate media…": attach the file of a session an import made with its media to locate."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from coder.errors import CoderError
from coder.gui import dialogs
from coder.project.media_to_locate import relink
from coder.project.project import Project


def cameras_to_locate(project: Project, session: str) -> list[int]:
    return [i for i, v in enumerate(project.session(session).videos) if v.to_locate]


def locate_media(parent: QWidget | None, project: Project, session: str) -> bool:
    """Ask for each camera still to locate and attach it (checked by ``relink``); True when
    every camera of the session has its file."""
    for camera in cameras_to_locate(project, session):
        name = project.session(session).videos[camera].path or "not named"
        path = dialogs.choose_file(
            parent, f"Locate the media of session {session} (camera {camera}: {name})",
            str(Path(name).parent) if Path(name).parent.is_dir() else "",
        )  # fmt: skip
        if path is None:
            return False
        try:
            relink(project, session, path, camera=camera)
        except CoderError as error:
            dialogs.show_error(parent, error)
            return False
    return not cameras_to_locate(project, session)
