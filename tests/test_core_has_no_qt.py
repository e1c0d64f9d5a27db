"""The core never imports Qt: only coder/gui/ may (DESIGN, STYLE principle 1).

Checked twice: statically by import-linter (the contract in pyproject.toml) and at run time by
importing every core module in a fresh interpreter.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Modules are found on disk: pkgutil.walk_packages would import coder.gui itself to recurse.
IMPORT_ALL = """
import importlib, pathlib, sys
import coder
root = pathlib.Path(coder.__file__).parent
names = []
for path in sorted(root.rglob("*.py")):
    parts = path.relative_to(root.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    name = ".".join(parts)
    if name.endswith(".__main__") or name == "coder.__main__" or name.startswith("coder.gui"):
        continue
    importlib.import_module(name)
    names.append(name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
gui = sorted(m for m in sys.modules if m.startswith("coder.gui"))
print(len(names))
assert not qt and not gui, (qt, gui)
"""


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        list(command), cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_import_linter_contract_is_kept() -> None:
    result = _run(str(Path(sys.executable).with_name("lint-imports")), "--no-cache")
    assert "The core never imports Qt KEPT" in result.stdout
    assert "Layers KEPT" in result.stdout
    assert "No import cycles between the subpackages of a package KEPT" in result.stdout


def test_importing_every_core_module_loads_no_qt() -> None:
    result = _run(sys.executable, "-c", IMPORT_ALL)
    assert int(result.stdout.split()[-1]) > 50  # every core module was imported
