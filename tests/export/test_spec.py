"""Export specs: shipped examples load; errors name the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.errors import ExportError
from coder.export.spec import load_spec, parse_spec
from coder.shipped import shipped_specs_dir

EXPORTS = shipped_specs_dir()


@pytest.mark.parametrize("path", sorted(EXPORTS.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_specs_load(path: Path) -> None:
    spec = load_spec(path)
    assert spec.name == path.stem
    assert len(spec.sha256) == 64


def test_errors_name_the_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\ntimed:\n  latency_absent: sometimes\n", encoding="utf-8")
    with pytest.raises(ExportError) as error:
        load_spec(path)
    assert "bad.yaml" in str(error.value) and "timed.latency_absent" in str(error.value)


def test_unknown_fields_and_bad_yaml_are_errors() -> None:
    with pytest.raises(ExportError, match="layuot"):
        parse_spec("name: x\nlayuot: wide\n")
    with pytest.raises(ExportError, match="YAML"):
        parse_spec("name: [x\n")
    with pytest.raises(ExportError, match="mapping"):
        parse_spec("- a\n")


def test_defaults() -> None:
    spec = parse_spec("name: minimal\n")
    assert spec.source == ["consensus", "primary"]
    assert spec.layout == "long" and spec.incomplete == "exclude"
    assert spec.timed.latency_absent == "na" and spec.timed.proportion_denominator == "window"


def test_a_yaml_syntax_error_is_one_line_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("format_version: 1\nname: x\nlayout: [\n", encoding="utf-8")
    with pytest.raises(ExportError) as error:
        load_spec(path)
    text = str(error.value)
    assert "\n" not in text and "broken.yaml: line 4, column 1: YAML syntax error" in text
