"""The one YAML reader: schemes and export specs refuse a key given twice, naming both lines."""

from __future__ import annotations

import pytest

from coder.errors import CoderError, ExportError, SchemeError
from coder.export.spec import parse_spec
from coder.scheme.loader import load_scheme_bytes
from coder.scheme.yaml_load import load_yaml


def test_a_duplicate_key_is_refused_naming_both_lines() -> None:
    text = "name: a\nsource: [primary]\nlayout: long\nsource: [coder:ben]\n"
    with pytest.raises(CoderError) as caught:
        load_yaml(text, path="spec.yaml")
    assert str(caught.value) == (
        "spec.yaml: line 4, column 1: key 'source' appears twice in this mapping (first on line 2)"
    )


def test_a_nested_duplicate_key_is_refused() -> None:
    with pytest.raises(CoderError, match=r"line 3, column 3: key 'id' appears twice .*line 2"):
        load_yaml("wide:\n  id: participant\n  id: dyad\n", path="s.yaml")


def test_an_export_spec_with_a_duplicate_key_is_refused() -> None:
    # Before, the last 'source' silently won: the export switched to another coder's records.
    with pytest.raises(ExportError) as caught:
        parse_spec("name: a\nsource: [primary]\nsource: [coder:ben]\n", path="lab/spec.yaml")
    assert "lab/spec.yaml: line 3, column 1: key 'source' appears twice" in str(caught.value)


def test_a_scheme_with_a_duplicate_key_is_refused() -> None:
    text = b'format_version: 1\nid: mini\nversion: "1"\ntitle: Mini\ntitle: Again\n'
    with pytest.raises(SchemeError, match=r"line 5, column 1: key 'title' appears twice"):
        load_scheme_bytes(text, source="mini.yaml")


def test_syntax_errors_and_binary_text_name_the_place() -> None:
    with pytest.raises(ExportError, match=r"s.yaml: line 2, column 1: YAML syntax error"):
        load_yaml("name: [unclosed\n", path="s.yaml", error=ExportError)
    with pytest.raises(CoderError, match="not a text file"):
        load_yaml("name: \x00\n", path="s.yaml")


def test_equal_keys_in_different_mappings_are_fine() -> None:
    assert load_yaml("a: {id: 1}\nb: {id: 2}\n", path="s.yaml") == {"a": {"id": 1}, "b": {"id": 2}}
