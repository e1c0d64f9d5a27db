"""Percent agreement among two or more coders."""

from __future__ import annotations

from typing import Any

from coder.errors import ReliabilityError
from coder.reliability.ratings_input import encode, numeric, ratings_matrix


def percent_agreement(data: Any, *, tolerance: float = 0) -> float:
    """Percent (0–100) of units on which all coders agree (as R irr's ``agree``).

    ``data``: rows = units, columns = coders. Units with a missing rating are dropped
    (listwise). With ``tolerance > 0`` the ratings must be numeric and a unit counts as agreed
    when its highest and lowest ratings differ by at most ``tolerance``.
    """
    values, missing = ratings_matrix(data, what="percent agreement")
    if values.shape[1] < 2:
        raise ReliabilityError("percent agreement needs at least 2 coders (columns)")
    complete = values[~missing.any(axis=1)]
    if complete.shape[0] == 0:
        raise ReliabilityError(
            "percent agreement: no unit was rated by every coder",
            hint="check that the columns are coders and that missing ratings are rare",
        )
    if tolerance < 0:
        raise ReliabilityError(f"tolerance must be 0 or more; got {tolerance}")
    if tolerance == 0:
        codes, _ = encode(complete, None, what="percent agreement")
        agreed = (codes == codes[:, :1]).all(axis=1)
    else:
        ratings = numeric(complete, what="percent agreement with a tolerance")
        agreed = (ratings.max(axis=1) - ratings.min(axis=1)) <= tolerance
    return float(100.0 * agreed.mean())
