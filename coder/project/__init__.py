"""The project folder: sessions, coders, assignments, key, audit log."""

from coder.media.file_hash import sha256_file
from coder.project.audit_log import append_audit, read_audit
from coder.project.key_file import read_key, write_key
from coder.project.model import (
    Assignment,
    CoderEntry,
    SchemeEntry,
    SessionEntry,
    Settings,
    VideoEntry,
)
from coder.project.project import Project

__all__ = [
    "Assignment",
    "CoderEntry",
    "Project",
    "SchemeEntry",
    "SessionEntry",
    "Settings",
    "VideoEntry",
    "append_audit",
    "read_audit",
    "read_key",
    "sha256_file",
    "write_key",
]
