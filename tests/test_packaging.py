"""What the package declares matches what it does: run-time imports, package data, entry points."""

from __future__ import annotations

import ast
import importlib
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _top_level_imports(package: Path) -> dict[str, set[str]]:
    """Top-level module name → files of ``package`` that import it (absolute imports only)."""
    found: dict[str, set[str]] = {}
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(requirements: list[str]) -> set[str]:
    return {_normalise(re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0]) for r in requirements}


def test_every_run_time_import_is_a_declared_dependency() -> None:
    declared = _declared(PYPROJECT["project"]["dependencies"])
    distributions = packages_distributions()
    missing = {}
    for module, files in sorted(_top_level_imports(ROOT / "coder").items()):
        if module in sys.stdlib_module_names or module == "coder":
            continue
        owners = {_normalise(d) for d in distributions.get(module, [module])}
        if not owners & declared:
            missing[module] = sorted(files)
    assert not missing, f"imported at run time but not in [project].dependencies: {missing}"


def test_package_data_globs_take_every_shipped_file() -> None:
    globs = PYPROJECT["tool"]["setuptools"]["package-data"]["coder"]
    package = ROOT / "coder"
    shipped = {
        p.relative_to(package)
        for p in (package / "data").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert shipped, "coder/data is empty"
    taken = {p.relative_to(package) for pattern in globs for p in package.glob(pattern)}
    assert shipped <= taken, f"not in the wheel: {sorted(map(str, shipped - taken))}"
    assert Path("py.typed") in taken


def test_entry_points_name_functions_that_exist() -> None:
    project = PYPROJECT["project"]
    targets = {**project["scripts"], **project["gui-scripts"]}
    assert set(targets) == {"coder", "coder-gui"}
    for target in targets.values():
        module, function = target.split(":")
        assert callable(getattr(importlib.import_module(module), function)), target


def test_coder_gui_answers_version(capsys: pytest.CaptureFixture[str]) -> None:
    from coder import __version__
    from coder.cli.gui import main

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"coder {__version__}"
