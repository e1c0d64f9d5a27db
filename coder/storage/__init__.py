"""Safe storage: atomic writes, versioned files with migrations, backups, annotation files."""

from coder.storage.annotation_file import (
    ANNOTATION_FORMAT,
    ANNOTATION_FORMAT_VERSION,
    annotations_from_dict,
    annotations_to_dict,
    load_annotations,
    save_annotations,
)
from coder.storage.annotation_store import (
    AnnotationStore,
    StorageConflictError,
    StoreState,
    now_iso,
)
from coder.storage.atomic import (
    append_line,
    atomic_write_bytes,
    atomic_write_json,
    atomic_write_text,
    dumps_json,
)
from coder.storage.backups import latest_backup, restore_backup, rotate_backup
from coder.storage.json_file import migrate, read_json, read_versioned, register_migration

__all__ = [
    "ANNOTATION_FORMAT",
    "ANNOTATION_FORMAT_VERSION",
    "AnnotationStore",
    "StorageConflictError",
    "StoreState",
    "annotations_from_dict",
    "annotations_to_dict",
    "append_line",
    "atomic_write_bytes",
    "atomic_write_json",
    "atomic_write_text",
    "dumps_json",
    "latest_backup",
    "load_annotations",
    "migrate",
    "now_iso",
    "read_json",
    "read_versioned",
    "register_migration",
    "restore_backup",
    "rotate_backup",
    "save_annotations",
]
