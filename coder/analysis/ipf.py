"""Expected counts of a two-way table under (quasi-)independence, and the residuals that go with them.

With structural zeros (cells that cannot occur, e.g. a code following itself in data where
consecutive codes may not repeat) the independence model becomes *quasi-independence*: its
maximum-likelihood expected counts have no closed form and are found by iterative proportional
fitting (Deming & Stephan 1940; Wickens 1989, pp. 107–112; Bakeman & Quera 1995, Psychological
Bulletin 118:272). The adjusted residual of a cell is then ``(x − e) / √(e (1 − h))`` with ``h`` the
cell's leverage in the log-linear model (Haberman 1973; Christensen 1997, p. 357). Without
structural zeros the leverage formula reduces exactly to the Allison & Liker (1982) form
``e (1 − p_row)(1 − p_col)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coder.errors import AnalysisError

IPF_TOLERANCE = 1e-10
IPF_MAX_ITERATIONS = 10_000


@dataclass(frozen=True)
class Fit:
    """Expected counts, how many IPF sweeps it took (0: closed form) and the model's df."""

    expected: np.ndarray
    iterations: int
    df: int


def independence_expected(counts: np.ndarray) -> np.ndarray:
    """Closed-form expected counts under independence: row total × column total / N."""
    total = counts.sum()
    if total <= 0:
        return np.zeros_like(counts, dtype=np.float64)
    expected: np.ndarray = np.outer(counts.sum(axis=1), counts.sum(axis=0)) / total
    return expected


def fit_quasi_independence(counts: np.ndarray, allowed: np.ndarray) -> Fit:
    """Expected counts under quasi-independence by iterative proportional fitting.

    ``allowed`` is a boolean mask; False marks a structural zero (expected 0, left out of the
    model). The margins of the fit equal the observed margins to ``IPF_TOLERANCE``.
    """
    counts = np.asarray(counts, dtype=np.float64)
    allowed = np.asarray(allowed, dtype=bool)
    if np.any(counts[~allowed] > 0):
        raise AnalysisError(
            "a structural-zero cell holds observed counts",
            hint="a code follows itself although repeats=False; collapse repeats first or use repeats=True",
        )
    rows, cols = counts.sum(axis=1), counts.sum(axis=0)
    expected = allowed.astype(np.float64)
    iterations = 0
    for iterations in range(1, IPF_MAX_ITERATIONS + 1):  # noqa: B007 - the count is reported
        current = expected.sum(axis=1)
        expected *= np.divide(rows, current, out=np.zeros_like(rows), where=current > 0)[:, None]
        current = expected.sum(axis=0)
        expected *= np.divide(cols, current, out=np.zeros_like(cols), where=current > 0)[None, :]
        gap = max(np.abs(expected.sum(axis=1) - rows).max(), np.abs(expected.sum(axis=0) - cols).max())
        if gap < IPF_TOLERANCE * max(1.0, counts.sum()):
            break
    else:
        raise AnalysisError(
            f"iterative proportional fitting did not converge in {IPF_MAX_ITERATIONS} sweeps",
            hint="the structural zeros may split the table into parts; check the codes given",
        )
    return Fit(expected, iterations, _df(expected, allowed, rows, cols))


def _design(shape: tuple[int, int]) -> np.ndarray:
    """Log-linear design of the independence model: intercept, row and column effects."""
    n_rows, n_cols = shape
    cells = n_rows * n_cols
    row_of = np.repeat(np.arange(n_rows), n_cols)
    col_of = np.tile(np.arange(n_cols), n_rows)
    design = np.zeros((cells, 1 + (n_rows - 1) + (n_cols - 1)))
    design[:, 0] = 1.0
    for r in range(1, n_rows):
        design[row_of == r, r] = 1.0
    for c in range(1, n_cols):
        design[col_of == c, n_rows - 1 + c] = 1.0
    return design


def _in_model(allowed: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Cells the model estimates: not structural zeros, in a row and a column that occur."""
    return allowed & (rows > 0)[:, None] & (cols > 0)[None, :]


def _df(expected: np.ndarray, allowed: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> int:
    cells = _in_model(allowed, rows, cols).ravel()
    design = _design(expected.shape)[cells]
    rank = np.linalg.matrix_rank(design) if len(design) else 0
    return int(cells.sum() - rank)


def leverages(expected: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """Diagonal of the hat matrix of the (quasi-)independence log-linear model, per cell.

    ``H = W½ X (XᵀWX)⁻ XᵀW½`` with ``W = diag(expected)`` over the modelled cells; the
    projection is taken from an SVD so that empty rows or columns (rank deficiency) are exact.
    Cells outside the model get NaN.
    """
    rows, cols = expected.sum(axis=1), expected.sum(axis=0)
    cells = _in_model(allowed, rows, cols).ravel()
    result = np.full(expected.size, np.nan)
    if not cells.any():
        return result.reshape(expected.shape)
    weighted = np.sqrt(expected.ravel()[cells])[:, None] * _design(expected.shape)[cells]
    u, s, _vt = np.linalg.svd(weighted, full_matrices=False)
    keep = s > s.max() * max(weighted.shape) * np.finfo(float).eps
    result[cells] = (u[:, keep] ** 2).sum(axis=1)
    return result.reshape(expected.shape)
