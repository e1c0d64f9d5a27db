"""Fixtures for the lead views: a fresh copy of the demo project per test."""

from __future__ import annotations

import pytest

from coder.project.project import Project


@pytest.fixture
def project(demo_path) -> Project:  # type: ignore[no-untyped-def]
    """The demo project (8 s sessions; coders ana and ben coded all six sessions)."""
    return Project.open(demo_path)
