"""Shared fixtures: the published reliability examples, copied into ``tests/data/reference``."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.data_files import REFERENCE


def _read(name: str, **kwargs: object) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / name, **kwargs)  # type: ignore[call-overload]


@pytest.fixture
def reference() -> object:
    return _read
