"""Files shipped inside the package: coding schemes and export specifications.

They are package data (``coder/data/``), read through ``importlib.resources`` so an installed
wheel finds them exactly as a checkout does.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _data_dir(name: str) -> Path:
    # A wheel installs unzipped, so the resource folder is a real directory on disk.
    return Path(str(files("coder").joinpath("data", name)))


def shipped_schemes_dir() -> Path:
    """The folder of shipped coding schemes (SSP, CIB, EAS, CARE-Index, ICEP-R, PIIOS, demo)."""
    return _data_dir("schemes")


def shipped_specs_dir() -> Path:
    """The folder of shipped export specifications."""
    return _data_dir("export_specs")


def shipped_analysis_specs_dir() -> Path:
    """The folder of shipped analysis specifications (``coder analyze --spec``)."""
    return _data_dir("analysis_specs")


def shipped_analysis_spec(name: str) -> Path | None:
    """The shipped analysis spec called ``name`` (with or without ``.yaml``), or None."""
    path = shipped_analysis_specs_dir() / f"{name.removesuffix('.yaml')}.yaml"
    return path if path.is_file() else None


def shipped_scheme(name: str) -> Path | None:
    """The shipped scheme file called ``name`` (with or without ``.yaml``), or None."""
    path = shipped_schemes_dir() / f"{name.removesuffix('.yaml')}.yaml"
    return path if path.is_file() else None


def shipped_scheme_names() -> list[str]:
    """Names of the shipped schemes, sorted."""
    return sorted(p.stem for p in shipped_schemes_dir().glob("*.yaml"))
