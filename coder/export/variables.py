"""The variable registry: every derived variable of an export, and the long rows holding values.

Producers (timed codes, ratings, classification, segment info) register each variable once — its
long name (``base``, e.g. ``gaze_mother_freq``), segment, wide stem (``gaze_mother_freq_play1``),
label, kind and how it was derived — and return values as a numeric frame of long rows
``rec`` (record index), ``var`` (registry index), ``value``. Categorical variables hold the
1-based index of their category, so every value is a float and the writers add labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from coder.annotations.model import AnnotationSet
from coder.scheme.model import WHOLE_SESSION

Kind = Literal["numeric", "categorical", "string"]
Measure = Literal["scale", "ordinal", "nominal"]


@dataclass(frozen=True)
class VariableInfo:
    """One derived variable. ``categories[i]`` is the text of value ``i + 1`` (categorical)."""

    base: str
    segment: str
    stem: str
    label: str
    kind: Kind = "numeric"
    measure: Measure = "scale"
    categories: tuple[str, ...] = ()
    value_labels: tuple[tuple[float, str], ...] = ()
    derivation: str = ""
    scheme: str = ""


def stem_of(base: str, segment: str) -> str:
    """The wide column stem: ``base_segment``, or ``base`` for the whole session."""
    return base if segment == WHOLE_SESSION else f"{base}_{segment}"


@dataclass
class Registry:
    """Variables in registration order; the order of wide columns and of long rows."""

    variables: list[VariableInfo] = field(default_factory=list)
    _ids: dict[str, int] = field(default_factory=dict)

    def add(self, info: VariableInfo) -> int:
        """Register ``info`` (or find the variable with the same stem) and return its id."""
        found = self._ids.get(info.stem)
        if found is not None:
            return found
        self._ids[info.stem] = len(self.variables)
        self.variables.append(info)
        return len(self.variables) - 1

    def __len__(self) -> int:
        return len(self.variables)


def long_rows(rec: np.ndarray, var: np.ndarray, value: np.ndarray) -> pd.DataFrame:
    """A frame of long rows (record index, variable id, value as float; NaN is NA)."""
    return pd.DataFrame(
        {
            "rec": np.asarray(rec, dtype=np.int64),
            "var": np.asarray(var, dtype=np.int64),
            "value": np.asarray(value, dtype=np.float64),
        }
    )


def rows_from_lists(rec: list[int], var: list[int], value: list[float | None]) -> pd.DataFrame:
    """Long rows from Python lists (None is NA)."""
    return long_rows(
        np.array(rec, dtype=np.int64),
        np.array(var, dtype=np.int64),
        np.array([np.nan if v is None else v for v in value], dtype=np.float64),
    )


def empty_rows() -> pd.DataFrame:
    return long_rows(np.zeros(0), np.zeros(0), np.zeros(0))


@dataclass(frozen=True)
class Record:
    """One exported session's record: its row index, session code, annotations and duration (ms)."""

    rec: int
    session: str
    annotations: AnnotationSet
    duration_ms: int | None = None
