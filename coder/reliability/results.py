"""Result objects of the reliability statistics.

Every statistic returns one of these frozen dataclasses: the estimate with its interval, the
counts it rests on and the parameters used. Formatting for people lives in the report layer.
Tables are stored as tuples of row tuples (rows = first coder, columns = second coder) so a
result is an immutable value; ``table_array()`` gives a numpy view for arithmetic.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Table = tuple[tuple[float, ...], ...]


def as_table(matrix: npt.ArrayLike) -> Table:
    """Freeze a 2-D array of tallies as a tuple of row tuples (ints stay ints when integral)."""
    array = np.asarray(matrix, dtype=float)
    if np.all(array == np.round(array)):
        return tuple(tuple(int(v) for v in row) for row in array)
    return tuple(tuple(float(v) for v in row) for row in array)


@dataclass(frozen=True, kw_only=True)
class KappaResult:
    """A kappa coefficient with its standard errors, test and 2-way table.

    ``se`` is the large-sample standard error used for the 95% CI; ``se_null`` the standard
    error under kappa = 0, used for ``z`` and the two-sided ``p_value``. ``p_observed`` and
    ``p_expected`` are (weighted) proportions of agreement. ``table`` holds the tallies with rows =
    categories of the first coder and columns = those of the second, in the order of
    ``categories``. ``weights`` is None (unweighted), "linear" or "quadratic".
    ``category_kappas`` (Fleiss' kappa only) holds one kappa per category, else it is empty.
    """

    kappa: float
    se: float
    ci_low: float
    ci_high: float
    z: float
    p_value: float
    p_observed: float
    p_expected: float
    n: int
    categories: tuple[Hashable, ...]
    table: Table
    se_null: float
    weights: str | None = None
    category_kappas: tuple[float, ...] = ()

    def table_array(self) -> npt.NDArray[np.float64]:
        """The table as a float array (rows first coder, columns second coder)."""
        return np.asarray(self.table, dtype=float)


@dataclass(frozen=True, kw_only=True)
class TimeUnitKappaResult(KappaResult):
    """Time-unit kappa of one exclusive stream (Bakeman, Quera & Gnisci 2009).

    The inherited fields describe the mean of the two directional kappas (``a_to_b`` counts a
    unit as agreement when b has a's code within the tolerance, ``b_to_a`` the reverse): ``kappa``,
    ``se``, ``se_null``, ``p_observed`` and ``p_expected`` are the means of the two directions, and
    ``ci_low``/``ci_high``/``z``/``p_value`` follow from those means. ``table`` is the exact
    unit-by-unit table (no tolerance), which shows where the coders differ; with
    ``tolerance_ms=0`` both directions equal the exact result.
    """

    a_to_b: KappaResult
    b_to_a: KappaResult
    start_ms: int
    end_ms: int
    unit_ms: int
    tolerance_ms: int
    tolerance_units: int
    nothing: str
    point_clashes_a_ms: tuple[int, ...] = ()
    """Times of coder a's points that shared a unit with an earlier point of another code (the
    unit took the earlier code): a unit too long for the coding, to be reported."""
    point_clashes_b_ms: tuple[int, ...] = ()


@dataclass(frozen=True, kw_only=True)
class AlphaResult:
    """Krippendorff's alpha with an optional unit-bootstrap percentile CI.

    ``n_units`` counts pairable units (two or more values); ``n_pairable`` counts the values in
    them (Krippendorff's n..). ``ci_low``/``ci_high`` are None when no bootstrap was asked for.
    """

    alpha: float
    ci_low: float | None
    ci_high: float | None
    n_units: int
    n_pairable: int
    level: str
    bootstrap: int
    seed: int | None


@dataclass(frozen=True, kw_only=True)
class IccResult:
    """An intraclass correlation (McGraw & Wong 1996) with its F test and 95% CI.

    ``form`` is one of "1,1" "A,1" "C,1" "1,k" "A,k" "C,k"; ``n`` the units used (complete rows),
    ``k`` the coders, ``n_dropped`` the units left out because a rating was missing.
    """

    value: float
    ci_low: float
    ci_high: float
    f: float
    df1: int
    df2: int
    p_value: float
    form: str
    n: int
    k: int
    n_dropped: int


@dataclass(frozen=True, kw_only=True)
class AgreementCoefficient:
    """A chance-corrected agreement coefficient of two coders (PABAK, Gwet's AC1).

    ``value = (p_observed - p_expected) / (1 - p_expected)``; ``categories`` are the categories
    the chance term uses (their number matters for both coefficients).
    """

    name: str
    value: float
    p_observed: float
    p_expected: float
    n: int
    categories: tuple[Hashable, ...]


@dataclass(frozen=True, kw_only=True)
class EventPair:
    """Two events, one per coder, paired by the alignment (indexes into the inputs)."""

    a_index: int
    b_index: int
    code_a: str
    code_b: str
    onset_diff_ms: int
    overlap_ratio: float


@dataclass(frozen=True, kw_only=True)
class EventAgreementResult:
    """Event-based agreement of two coders (Bakeman, Quera & Gnisci 2009).

    ``table`` rows are coder a's codes plus ``nothing`` (events b coded that a did not: b's
    commissions), columns are coder b's codes plus ``nothing`` (a's events b missed: b's
    omissions). ``kappa`` comes from that table; ``kappa_max`` is the largest kappa its marginals
    allow (Cohen 1960; Umesh, Peterson & Sauber 1989). ``percent_agreement`` is 100 × paired
    events with the same code / all tallies. ``detail`` carries the kappa's SE, CI and test.
    ``kappa``, ``kappa_max`` and ``detail`` are None when kappa is undefined: fewer than two
    tallies, or all tallies in one cell (every event paired, all with one and the same code).
    """

    kappa: float | None
    kappa_max: float | None
    percent_agreement: float
    table: Table
    categories: tuple[str, ...]
    pairs: tuple[EventPair, ...]
    unmatched_a: tuple[int, ...]
    unmatched_b: tuple[int, ...]
    n_a: int
    n_b: int
    match: str
    tolerance_ms: int
    min_overlap: float
    nothing: str
    detail: KappaResult | None
