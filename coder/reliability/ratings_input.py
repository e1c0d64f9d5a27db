"""Reading ratings given as array-likes: the matrix shape, missing values and category codes.

Unit-level statistics take a 2-D array-like with rows = units (sessions, targets, subjects) and
columns = coders. Missing ratings are ``None``, ``NaN`` or ``pd.NA``. Category labels may be
strings or numbers; numbers that are whole are shown as ints (``1`` rather than ``1.0``).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from numbers import Real
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from coder.errors import ReliabilityError

ObjectArray = npt.NDArray[np.object_]
IntArray = npt.NDArray[np.intp]
FloatArray = npt.NDArray[np.float64]


def ratings_matrix(data: Any, *, what: str) -> tuple[ObjectArray, npt.NDArray[np.bool_]]:
    """Return ``data`` as an object array (units × coders) and its missing-value mask.

    ``what`` names the statistic in error messages.
    """
    frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(_rows(data, what))
    if frame.ndim != 2 or frame.shape[1] == 0 or frame.shape[0] == 0:
        raise ReliabilityError(
            f"{what} needs a table of ratings with one row per unit and one column per coder",
            hint="pass a 2-D list, array or DataFrame",
        )
    missing = frame.isna().to_numpy()
    values = frame.astype(object).to_numpy(copy=True)
    values[missing] = None
    return values, missing


def _rows(data: Any, what: str) -> Any:
    array = np.asarray(data, dtype=object)
    if array.ndim != 2:
        raise ReliabilityError(
            f"{what} needs a 2-D table of ratings (rows = units, columns = coders); "
            f"got {array.ndim} dimension(s)",
            hint="for two coders pass two equal-length sequences to the two-coder functions",
        )
    return array


def two_coders(a: Sequence[Any], b: Sequence[Any], *, what: str) -> tuple[ObjectArray, int]:
    """Pair two coders' ratings unit by unit, dropping units either left missing (listwise).

    Returns the complete pairs as an object array (n × 2) and how many units were dropped.
    """
    left = list(a)
    right = list(b)
    if len(left) != len(right):
        raise ReliabilityError(
            f"{what}: the two coders rated different numbers of units ({len(left)} and "
            f"{len(right)})",
            hint="give one rating per unit for each coder, in the same unit order; "
            "use None for a missing rating",
        )
    values, missing = ratings_matrix(np.array([left, right], dtype=object).T, what=what)
    keep = ~missing.any(axis=1)
    return values[keep], int((~keep).sum())


def normalise_label(value: Any) -> Hashable:
    """Show whole numbers as ints and other reals as floats; leave strings and others alone."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, Real | np.integer | np.floating):
        number = float(value)
        return int(number) if number.is_integer() else number
    return value  # type: ignore[no-any-return]


def sort_labels(labels: Sequence[Hashable]) -> tuple[Hashable, ...]:
    """Sort labels naturally (numbers numerically, strings alphabetically, numbers first)."""
    unique = list(dict.fromkeys(labels))
    try:
        return tuple(sorted(unique))  # type: ignore[type-var]
    except TypeError:
        return tuple(sorted(unique, key=lambda v: (not isinstance(v, Real), str(v))))


def encode(
    values: ObjectArray, categories: Sequence[Hashable] | None, *, what: str
) -> tuple[IntArray, tuple[Hashable, ...]]:
    """Map labels (no missing values) to positions in ``categories`` (observed ones if None).

    A label outside a given ``categories`` is an error naming the label.
    """
    flat = [normalise_label(v) for v in values.ravel()]
    if categories is None:
        cats = sort_labels(flat)
    else:
        cats = tuple(normalise_label(c) for c in categories)
        if len(set(cats)) != len(cats):
            raise ReliabilityError(f"{what}: the categories given repeat a category: {cats}")
    index = {c: i for i, c in enumerate(cats)}
    try:
        codes = np.fromiter((index[v] for v in flat), dtype=np.intp, count=len(flat))
    except KeyError as err:
        raise ReliabilityError(
            f"{what}: rating {err.args[0]!r} is not one of the categories {list(cats)}",
            hint="add it to the categories or correct the rating",
        ) from None
    return codes.reshape(values.shape), cats


def numeric(values: ObjectArray, *, what: str) -> FloatArray:
    """The ratings as floats (missing = NaN); non-numeric ratings are an error."""
    try:
        return np.array(
            [np.nan if v is None else float(v) for v in values.ravel()], dtype=float
        ).reshape(values.shape)
    except (TypeError, ValueError):
        raise ReliabilityError(
            f"{what} needs numeric ratings, but some are not numbers",
            hint="use a nominal statistic for category labels, or recode them as numbers",
        ) from None
