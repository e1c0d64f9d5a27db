"""Shared fixtures: the published reliability examples kept beside the project in ../shared."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "reliability"


def _read(name: str, **kwargs: object) -> pd.DataFrame:
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"reference data {path} not available")
    return pd.read_csv(path, **kwargs)  # type: ignore[call-overload]


@pytest.fixture
def reference() -> object:
    return _read
