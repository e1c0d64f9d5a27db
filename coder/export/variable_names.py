"""Column names valid in SPSS and Stata: ≤ 32 ASCII characters, a letter first, unique.

Names are made ASCII (accents dropped), other characters become ``_``, a leading non-letter gets
a ``v`` prefix, and reserved words get a ``_`` suffix. A name that is still too long, or that
clashes (case-insensitively, as SPSS compares names) with an earlier one, is cut and given a
suffix of 6 hex digits of its sha1, so the shortening is deterministic; the codebook maps each
long name to its short name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

MAX_LENGTH = 32
_RESERVED = {
    # SPSS
    "all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with",
    # Stata
    "_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long", "_n",
    "_pi", "_pred", "_rc", "_skip", "strl", "using",
}


def _ascii(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9_]", "_", text)
    if not text or not text[0].isalpha():
        text = "v" + text
    if text.lower() in _RESERVED:
        text += "_"
    return text


def _hashed(name: str, salt: int) -> str:
    digest = hashlib.sha1(f"{name}#{salt}".encode()).hexdigest()[:6]
    return f"{_ascii(name)[: MAX_LENGTH - 7]}_{digest}"


def is_valid_name(name: str) -> bool:
    """True when ``name`` is a valid SPSS/Stata variable name."""
    return (
        0 < len(name) <= MAX_LENGTH
        and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name) is not None
        and name.lower() not in _RESERVED
    )


def short_names(names: Iterable[str]) -> dict[str, str]:
    """Map each long name (in order; duplicates are not allowed) to a unique valid short name."""
    result: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        if name in result:
            raise ValueError(f"duplicate column name '{name}'")
        candidate = _ascii(name)
        salt = 0
        while len(candidate) > MAX_LENGTH or candidate.lower() in taken:
            candidate = _hashed(name, salt)
            salt += 1
        taken.add(candidate.lower())
        result[name] = candidate
    return result
