"""The team server: a project on PostgreSQL with the folder store's records and rules.

Blinding is enforced by the database (roles, grants, row-level security), edits are versioned
(compare-and-swap), and the audit table is append-only and hash-chained by the server. No Qt.
"""

from coder.server.errors import RecordConflict, ServerError
from coder.server.migrations import LATEST_VERSION, migrate
from coder.server.records import StoredRecord, load_record, save_record
from coder.server.roles import RoleNames

__all__ = [
    "LATEST_VERSION",
    "RecordConflict",
    "RoleNames",
    "ServerError",
    "StoredRecord",
    "load_record",
    "migrate",
    "save_record",
]
