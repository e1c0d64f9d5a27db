"""Pseudonymous session codes: random, short, unambiguous, saying nothing about the recording."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: codes are read aloud and copied by hand.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def new_session_code(taken: Iterable[str], *, length: int = 5) -> str:
    """A fresh code such as ``S-K7QFA`` that is not in ``taken``."""
    used = set(taken)
    while True:
        code = "S-" + "".join(secrets.choice(ALPHABET) for _ in range(length))
        if code not in used:
            return code
