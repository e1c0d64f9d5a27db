"""Database role names of a project: the lead group, the coders group and one role per coder.

Roles are cluster-wide in PostgreSQL, so every name carries the project's role prefix; two
projects on one server use two prefixes and never share a role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coder.server.errors import ServerError

ROLE_PREFIX_PATTERN = r"^[a-z][a-z0-9_]{0,23}$"
MAX_ROLE_NAME = 63  # PostgreSQL's NAMEDATALEN - 1


@dataclass(frozen=True)
class RoleNames:
    """The role names under one prefix (``coder`` gives coder_lead, coder_coders, coder_coder_<id>)."""

    prefix: str

    def __post_init__(self) -> None:
        if not re.fullmatch(ROLE_PREFIX_PATTERN, self.prefix):
            raise ServerError(
                f"'{self.prefix}' is not a valid role prefix",
                hint="use up to 24 lower-case letters, digits or '_', starting with a letter",
            )

    @property
    def lead(self) -> str:
        """The group role whose members read everything and manage the project."""
        return f"{self.prefix}_lead"

    @property
    def coders(self) -> str:
        """The group role every coder's role belongs to."""
        return f"{self.prefix}_coders"

    @property
    def coder_role_prefix(self) -> str:
        return f"{self.prefix}_coder_"

    def coder(self, coder_id: str) -> str:
        """The login role of one coder."""
        name = self.coder_role_prefix + coder_id
        if len(name) > MAX_ROLE_NAME:
            raise ServerError(
                f"coder id '{coder_id}' is too long for a database role under prefix '{self.prefix}'",
                hint="use a shorter role prefix",
            )
        return name
