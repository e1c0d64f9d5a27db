"""The one YAML reader of Coder (schemes, export specs): safe, and strict about duplicate keys.

PyYAML silently keeps the last of two equal keys in a mapping, so a second ``ratings:`` in a
scheme or a second ``source:`` in an export spec would quietly replace what the lab wrote first.
Here a key given twice is an error naming both lines; so is any syntax error (with its place).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from coder.errors import CoderError


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that rejects a key given twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                first = seen.get(key)
            except TypeError:  # an unhashable key: let PyYAML report it
                continue
            if first is not None:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"key '{key}' appears twice in this mapping (first on line {first})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


def load_yaml(
    text: str,
    *,
    path: str | Path,
    error: type[CoderError] = CoderError,
    hint: str | None = None,
) -> Any:
    """Parse YAML ``text`` read from ``path``; a syntax error or a duplicate key raises ``error``
    naming the file, the line and column, and what is wrong."""
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass: no objects
    except yaml.reader.ReaderError:
        raise error("not a text file", path=path, hint="a UTF-8 YAML file is expected") from None
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        what = getattr(problem, "problem", None) or str(problem).replace("\n", " ")
        if "appears twice" not in what:
            what = f"YAML syntax error: {what}"
        raise error(f"{where}{what}", path=path, hint=hint) from None
