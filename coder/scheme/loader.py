"""Load a scheme file (YAML) and validate it, with messages naming file, field path and problem."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from coder.errors import SchemeError
from coder.scheme.model import SCHEME_FORMAT_VERSION, Scheme
from coder.scheme.validation import scheme_problems
from coder.scheme.yaml_load import load_yaml


def _field_path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _pydantic_problems(error: ValidationError) -> list[str]:
    problems = []
    for detail in error.errors():
        loc = tuple(p for p in detail["loc"] if not str(p).startswith("function-after"))
        message = detail["msg"]
        if detail["type"] == "extra_forbidden":
            message = "unknown field (check its spelling)"
        elif detail["type"] == "string_pattern_mismatch" and loc and loc[-1] == "key":
            message = "a key must be one letter or digit, F1–F12, or one of ; , . / ' [ ] - = `"
        elif detail["type"] == "string_pattern_mismatch" and loc and loc[-1] == "color":
            message = "a colour must be written #RRGGBB"
        elif detail["type"] == "string_pattern_mismatch":
            message = "an id must start with a letter and hold only letters, digits and _"
        problems.append(f"{_field_path(loc)}: {message}")
    return problems


def parse_scheme(data: Any, *, source: str | Path = "<scheme>", sha256: str = "") -> Scheme:
    """Validate an already-parsed scheme mapping; raise SchemeError listing every problem."""
    if not isinstance(data, dict):
        raise SchemeError(
            "not a coding scheme: the file must be a YAML mapping with id, version and title",
            path=source,
        )
    version = data.get("format_version", SCHEME_FORMAT_VERSION)
    if (
        isinstance(version, int | float)
        and not isinstance(version, bool)
        and (version > SCHEME_FORMAT_VERSION)
    ):
        raise SchemeError(
            f"scheme format version {version} is newer than this Coder understands "
            f"({SCHEME_FORMAT_VERSION})",
            path=source,
            hint="update Coder to open it",
        )
    try:
        scheme = Scheme.model_validate({**data, "sha256": sha256})
    except ValidationError as error:
        problems = _pydantic_problems(error)
        raise SchemeError(
            f"{len(problems)} problem(s): " + "; ".join(problems), path=source, problems=problems
        ) from None
    problems = scheme_problems(scheme)
    if problems:
        raise SchemeError(
            f"{len(problems)} problem(s): " + "; ".join(problems), path=source, problems=problems
        )
    return scheme


def load_scheme_bytes(raw: bytes, *, source: str | Path = "<scheme>") -> Scheme:
    """Parse and validate scheme YAML given as bytes (``source`` names it in messages)."""
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SchemeError(
            "not a text file", path=source, hint="a scheme is a UTF-8 YAML file"
        ) from None
    data = load_yaml(text, path=source, error=SchemeError)
    return parse_scheme(data, source=source, sha256=digest)


def load_scheme(path: str | Path) -> Scheme:
    """Load and validate a scheme file; raise SchemeError naming file, field path and problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SchemeError("no such scheme file", path=path) from None
    except IsADirectoryError:
        raise SchemeError("is a folder, not a scheme file", path=path) from None
    except OSError as error:
        raise SchemeError(f"cannot read the file: {error.strerror}", path=path) from None
    return load_scheme_bytes(raw, source=path)
