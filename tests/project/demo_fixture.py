"""One small demo project per test session, copied for each test that changes it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coder.demo.build import create_demo

_TEMPLATE: list[Path] = []


def demo_template(factory: pytest.TempPathFactory) -> Path:
    """A small demo project (8-second videos), built once per test session; never change it."""
    if not _TEMPLATE:
        root = factory.mktemp("demo-template") / "demo"
        create_demo(root, seconds=8)
        _TEMPLATE.append(root)
    return _TEMPLATE[0]


def copy_of(template: Path, target: Path) -> Path:
    """A private copy of the demo project at ``target``."""
    shutil.copytree(template, target)
    return target
