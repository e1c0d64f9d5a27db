"""The installed product is the tested one: build the wheel, install it outside the checkout, run it.

The wheel is built from a copy of the sources (``pyproject.toml``, ``README.md``, ``coder/``) and
installed with ``--no-deps`` into a new virtual environment in a temporary folder. That
environment sees the standard library, the wheel, and one folder of dependencies installed from
exactly the wheel's ``Requires-Dist`` (``pip install --target``, nothing else): a run-time import
that is not a declared dependency fails here. The dependency folder takes a minute to install, so
it is kept between runs under the project's virtual environment, named by a hash of the declared
requirements and the Python version; a changed requirement makes a new one. Every command runs
with the temporary folder as working directory and no ``PYTHONPATH``, so the checkout's ``coder``
cannot be imported.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from coder import __version__
from tests.data_files import ELAN_SAMPLES

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(sys.prefix) / "wheel-test"
"""Kept between runs: dependency folders by requirement hash (inside the project's venv)."""

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]  # the first run installs the dependencies


def _run(command: list[str | Path], *, cwd: Path, env: dict[str, str], timeout: int = 300) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))} exited {result.returncode}\n"
        f"{result.stdout}\n{result.stderr}"
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def _pip(*args: str | Path, cwd: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    _run([sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check", *args],
         cwd=cwd, env=env, timeout=900)


def _build_wheel(tmp: Path) -> Path:
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "coder", source / "coder", ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp / "dist"
    # The venv's own setuptools (test extra): no build environment is downloaded per run.
    _pip("wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", dist, source, cwd=tmp)
    (wheel,) = dist.glob("coder-*.whl")
    return wheel


def _metadata(wheel: Path) -> tuple[list[str], str]:
    """The wheel's run-time requirements (no extras) and its ``entry_points.txt``."""
    with zipfile.ZipFile(wheel) as archive:
        info = next(n.split("/")[0] for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(f"{info}/METADATA").decode())
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
    requires = [r for r in metadata.get_all("Requires-Dist") or [] if "extra ==" not in r]
    return requires, entry_points


def _dependencies(requires: list[str], tmp: Path) -> Path:
    """A folder with the declared requirements installed (made once per requirement set)."""
    key = hashlib.sha256("\n".join([sys.version, *sorted(requires)]).encode()).hexdigest()[:16]
    folder = CACHE / f"deps-{key}"
    if folder.is_dir():
        return folder
    CACHE.mkdir(exist_ok=True)
    # The versions this venv runs with, so the wheel is tried against what the suite tested.
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        capture_output=True, text=True, check=True,
    ).stdout
    constraints = tmp / "constraints.txt"
    constraints.write_text("\n".join(
        line for line in frozen.splitlines() if not line.lower().startswith("coder")
    ))
    requirements = tmp / "requirements.txt"
    requirements.write_text("\n".join(requires))
    staging = CACHE / f".deps-{key}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    _pip("install", "--target", staging, "-c", constraints, "-r", requirements, cwd=tmp)
    try:
        staging.rename(folder)
    except OSError:  # another run made it meanwhile
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def _fresh_venv(tmp: Path, wheel: Path, dependencies: Path) -> Path:
    venv = tmp / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--without-pip", venv], check=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    Path(purelib, "coder_test_dependencies.pth").write_text(f"{dependencies}\n")
    _pip("--python", python, "install", "--no-deps", "--no-index", wheel, cwd=tmp)
    return venv


def test_the_wheel_installs_and_runs_outside_the_checkout(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    requires, entry_points = _metadata(wheel)
    assert "coder-gui = coder.cli.gui:main" in entry_points
    venv = _fresh_venv(tmp_path, wheel, _dependencies(requires, tmp_path))
    bin_dir = venv / "bin"
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env |= {"PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", "QT_QPA_PLATFORM": "offscreen"}

    def run(*command: str | Path) -> str:
        return _run(list(command), cwd=work, env=env)

    where = run(bin_dir / "python", "-c", "import coder; print(coder.__file__)")
    assert Path(where.strip()).is_relative_to(venv), where
    assert not Path(where.strip()).is_relative_to(ROOT)
    assert sysconfig.get_path("purelib") not in where

    assert run(bin_dir / "coder", "--version").strip() == f"coder {__version__}"
    assert "created demo project" in run(bin_dir / "coder", "demo", "demo", "--seconds", "6")
    run(bin_dir / "coder", "validate", "demo")
    run(bin_dir / "coder", "init", "study", "--scheme", "ssp")
    assert (work / "study" / "project.json").is_file()
    assert list((work / "study" / "schemes").glob("ssp*.yaml"))
    video = next((work / "demo").rglob("*.mp4"))
    run(bin_dir / "coder", "import-elan", "study", ELAN_SAMPLES / "sample_3.0.eaf",
        "--coder", "ana", "--video", video)
    assert list((work / "study" / "annotations" / "ana").glob("*.json"))
    assert run(bin_dir / "coder-gui", "--version").strip() == f"coder {__version__}"
    env["CODER_GUI_EXIT_AFTER_SHOW"] = "1"
    assert "shown after" in run(bin_dir / "coder-gui", "demo", "--lead")
