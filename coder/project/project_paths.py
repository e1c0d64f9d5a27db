"""Names that become files of a project, and paths that must stay inside it.

A coder id is a folder name (``annotations/<coder>/``) on every system a project is synced to, so
it must be a safe file name on Windows too: none of the device names Windows reserves (``con``,
``nul``, ``prn``, ``aux``, ``com1``–``com9``, ``lpt1``–``lpt9``, in any case and with any
extension, e.g. ``con.txt``), no trailing dot. ``inside_project`` is the one place where a name
given on the command line or read from a file becomes a path of the project: a path that would
lead outside the project folder (``../../outside``, an absolute path, a link out) is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

from coder.errors import ProjectError

CODER_ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,31}$"
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(1, 10)} | {f"lpt{i}" for i in range(1, 10)}
)
_CODER_ID_HINT = (
    "use 1–32 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, "
    "and not a device name Windows reserves: con, nul, prn, aux, com1–com9, lpt1–lpt9"
)


def file_name_problem(name: str) -> str | None:
    """Why ``name`` is not a safe file or folder name on every system, or None when it is."""
    if name in ("", ".", ".."):
        return f"'{name}' is not a file name"
    if any(c in name for c in '/\\:*?"<>|') or any(ord(c) < 32 for c in name):
        return f"'{name}' holds a character that is not allowed in a file name"
    device = name.split(".", 1)[0].rstrip(" ").lower()
    if device in WINDOWS_RESERVED:
        return f"'{name}' is a device name Windows reserves ({device.upper()}), not a file name there"
    if name[-1] in ". ":
        return f"'{name}' ends with '{name[-1]}', which Windows drops from file names"
    return None


def coder_id_problem(coder: str) -> str | None:
    """Why ``coder`` is not a valid coder id, or None when it is."""
    if not re.fullmatch(CODER_ID_PATTERN, coder):
        return f"'{coder}' is not a valid coder id"
    problem = file_name_problem(coder)
    return None if problem is None else f"'{coder}' is not a valid coder id: {problem}"


def check_coder_id(coder: str) -> str:
    """``coder`` when it is a valid coder id; else a ProjectError saying what ids may be."""
    problem = coder_id_problem(coder)
    if problem is not None:
        raise ProjectError(problem, hint=_CODER_ID_HINT)
    return coder


def inside_project(root: Path, *parts: str, what: str = "path") -> Path:
    """``root / parts``, refused (ProjectError) when it resolves to a place outside ``root``.

    Links are followed, so a folder of the project that links elsewhere is refused as well.
    """
    path = root.joinpath(*parts)
    base = root.resolve()
    target = path.resolve()
    if target != base and base not in target.parents:
        given = "/".join(parts)
        raise ProjectError(
            f"the {what} '{given}' leads outside the project folder",
            path=root,
            hint="give a name inside the project (a coder id, a session code), not a path",
        )
    return path
