"""Pseudonymous session codes."""

from __future__ import annotations

import re

from coder.project.model import SESSION_CODE_PATTERN
from coder.project.session_codes import ALPHABET, new_session_code


def test_codes_are_fresh_valid_and_unambiguous() -> None:
    taken: set[str] = set()
    for _ in range(500):
        code = new_session_code(taken)
        assert code not in taken
        assert re.match(SESSION_CODE_PATTERN, code)
        assert code.startswith("S-") and len(code) == 7
        assert set(code[2:]) <= set(ALPHABET)
        taken.add(code)
    assert not set(ALPHABET) & set("0O1IL2Z5S8B")
