"""The files that describe a coder package: ``package.json`` in the package, and the issue record
``packages/<package id>.json`` the lead's project keeps of what it handed out.

``package.json`` (format ``coder-package``): package id, coder id, sessions (code, scheme, video
file, sha256 of the remuxed video, duration in ms), schemes with their sha256, the sessions that
may take machine suggestions (format version 2), and a manifest of the sha256 of every other
file in the package. The issue record (format ``coder-package-issue``)
keeps the same manifest plus each session's original video hash and the hashes of the coder's
annotation files as issued, so collecting can tell which side changed since. Collecting trusts the
issue record, never the package's own claims.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coder.errors import StorageError
from coder.project.model import SESSION_CODE_PATTERN, CoderId
from coder.storage.atomic import atomic_write_json
from coder.storage.json_file import read_versioned, register_migration, validation_problem

PACKAGE_FILE = "package.json"
PACKAGE_FORMAT = "coder-package"
PACKAGE_FORMAT_VERSION = 2
ISSUE_FORMAT = "coder-package-issue"
ISSUE_FORMAT_VERSION = 1
PACKAGES_DIR = "packages"
PACKAGE_ID_PATTERN = r"^pkg-[0-9a-f]{16}$"
_SAFE_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PackageSession(_Strict):
    code: str = Field(pattern=SESSION_CODE_PATTERN)
    scheme: str
    videos: list[str]
    video_sha256: list[str]
    duration_ms: int | None = None


class PackageScheme(_Strict):
    id: str
    version: str
    file: str
    sha256: str


class PackageFile(_Strict):
    """``package.json``: what a package holds, for whom."""

    format: str = PACKAGE_FORMAT
    format_version: int = PACKAGE_FORMAT_VERSION
    package_id: str = Field(pattern=PACKAGE_ID_PATTERN)
    coder: CoderId
    created: str = ""
    sessions: list[PackageSession]
    schemes: list[PackageScheme]
    manifest: dict[str, str]
    # Sessions on which the coder may see and make machine suggestions. Listed rather than
    # derived: the package does not say which sessions are double-coded.
    suggestions_on: list[str] = Field(default_factory=list)


@register_migration(PACKAGE_FORMAT, 1)
def _from_version_1(data: dict[str, Any]) -> dict[str, Any]:
    """Packages of format 1 carried no suggestions and allowed none."""
    return {**data, "suggestions_on": []}


class IssuedAnnotation(_Strict):
    """The coder's file of one session when the package was made (None: there was none)."""

    project_sha256: str | None = None
    package_sha256: str | None = None


class IssuedSession(_Strict):
    code: str = Field(pattern=SESSION_CODE_PATTERN)
    original_video_sha256: list[str]
    package_video_sha256: list[str]
    annotation: IssuedAnnotation = Field(default_factory=IssuedAnnotation)


class IssueRecord(_Strict):
    """``packages/<id>.json`` in the lead's project: what was handed to whom."""

    format: str = ISSUE_FORMAT
    format_version: int = ISSUE_FORMAT_VERSION
    package_id: str = Field(pattern=PACKAGE_ID_PATTERN)
    coder: CoderId
    issued: str = ""
    sessions: list[IssuedSession]
    manifest: dict[str, str]
    # The audit log's head (seq, hash) when the package was made: ties it to the log.
    audit_head: dict[str, Any] | None = None

    def session(self, code: str) -> IssuedSession | None:
        return next((s for s in self.sessions if s.code == code), None)


def safe_relative(name: str) -> bool:
    """True for a relative path of plain parts (no ``..``, no absolute path, no backslash)."""
    if not name or name.startswith("/") or "\\" in name:
        return False
    return all(_SAFE_PART.match(part) for part in name.split("/"))


def _validated(model: type[BaseModel], data: dict[str, Any], path: Path, what: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise StorageError(f"is not a valid {what}: {validation_problem(error)}", path=path) from None


def read_package_file(folder: Path) -> PackageFile:
    """The ``package.json`` of a package folder (StorageError when missing or invalid)."""
    path = folder / PACKAGE_FILE
    data = read_versioned(path, PACKAGE_FORMAT, PACKAGE_FORMAT_VERSION)
    package: PackageFile = _validated(PackageFile, data, path, "package file")
    return package


def write_package_file(folder: Path, package: PackageFile) -> None:
    atomic_write_json(folder / PACKAGE_FILE, package.model_dump(mode="json"))


def package_coder(path: str | Path) -> str | None:
    """The coder a package folder was made for, or None when ``path`` is not a package.

    ``path`` is the folder or its project.json. A damaged package.json is a StorageError.
    """
    folder = Path(path)
    if folder.name == "project.json":
        folder = folder.parent
    if not (folder / PACKAGE_FILE).is_file():
        return None
    return read_package_file(folder).coder


def issue_path(project_root: Path, package_id: str) -> Path:
    return project_root / PACKAGES_DIR / f"{package_id}.json"


def collected_base_path(project_root: Path, package_id: str, session: str) -> Path:
    """The version of ``session`` last collected from (at first: issued in) a package, in the
    project's form: the base of the next collect's three-way comparison."""
    return project_root / PACKAGES_DIR / f"{package_id}.collected" / f"{session}.json"


def collected_regions_path(project_root: Path, package_id: str, session: str) -> Path:
    """The regions of ``session`` last collected from (at first: issued in) a package, in the
    project's form: the base of the next collect's comparison."""
    return project_root / PACKAGES_DIR / f"{package_id}.collected" / "regions" / f"{session}.json"


def collected_decisions_path(project_root: Path, package_id: str, session: str) -> Path:
    """The coder's decisions on ``session`` last collected from (at first: issued in) a
    package, as the package holds them: lines beyond these are the coder's new decisions."""
    folder = project_root / PACKAGES_DIR / f"{package_id}.collected" / "decisions"
    return folder / f"{session}.decisions.jsonl"


def read_issue_record(project_root: Path, package_id: str) -> IssueRecord | None:
    """The project's record of an issued package, or None when it never issued it."""
    path = issue_path(project_root, package_id)
    if not path.is_file():
        return None
    data = read_versioned(path, ISSUE_FORMAT, ISSUE_FORMAT_VERSION)
    record: IssueRecord = _validated(IssueRecord, data, path, "package issue record")
    return record


def write_issue_record(project_root: Path, record: IssueRecord) -> None:
    atomic_write_json(issue_path(project_root, record.package_id), record.model_dump(mode="json"))
