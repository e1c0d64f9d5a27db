"""The error hierarchy: one base, messages that name the file and say what to do.

(Named test_error_hierarchy, not test_errors, because tests/media/test_errors.py already holds
the module name ``test_errors`` under pytest's default import mode.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coder import errors
from coder.errors import CoderError, SchemeError


def test_every_error_is_a_coder_error() -> None:
    subclasses = [
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, Exception) and value is not CoderError
    ]
    assert len(subclasses) >= 9
    assert all(issubclass(cls, CoderError) for cls in subclasses)
    for cls in subclasses:
        error = cls("went wrong", path="a/b.json", hint="do this")
        assert str(error) == f"{Path('a/b.json')}: went wrong (do this)"


def test_message_path_and_hint() -> None:
    plain = CoderError("plain")
    assert (str(plain), plain.path, plain.hint) == ("plain", None, None)
    located = CoderError("is corrupt", path=Path("/p/x.json"))
    assert str(located) == "/p/x.json: is corrupt"
    assert located.path == Path("/p/x.json")
    hinted = CoderError("not a time", hint="write hh:mm:ss")
    assert str(hinted) == "not a time (write hh:mm:ss)"
    with pytest.raises(CoderError, match="is corrupt"):
        raise located
    assert located.args == ("/p/x.json: is corrupt",)


def test_scheme_error_lists_problems() -> None:
    error = SchemeError(
        "2 problems", path="s.yaml", problems=["codes[0].id: bad", "title: missing"]
    )
    assert error.problems == ["codes[0].id: bad", "title: missing"]
    assert SchemeError("one thing").problems == ["one thing"]
