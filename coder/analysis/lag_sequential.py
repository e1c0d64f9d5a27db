"""Lag-sequential analysis of event sequences: given → target transitions at lag k.

For each pair of codes (given, target) the table counts how often the target is the k-th code
after the given, within a sequence. Several sequences (sessions) are pooled by adding their
tables: a transition is never counted across the end of one sequence and the start of the next.

Statistics (Bakeman & Quera 2011, *Sequential Analysis and Observational Methods for the
Behavioral Sciences*, ch. 9–11; O'Connor 1999, Behavior Research Methods, Instruments &
Computers 31:718):

- ``expected``: row total × column total / N (independence). With ``repeats=False`` the diagonal
  is a structural zero and expected counts come from iterative proportional fitting
  (quasi-independence, see ``ipf.py``).
- ``adjusted_residuals``: (x − e) / √(e (1 − p_row)(1 − p_col)) (Allison & Liker 1982); with
  structural zeros the log-linear leverage form (x − e) / √(e (1 − h)) (Bakeman & Quera 1995;
  Christensen 1997), which equals the former when there are none.
- ``p_values``: two-sided, from the standard normal distribution of the adjusted residual.
- ``yules_q``: Yule's Q of the cell's 2×2 collapse (given / not given × target / not target).
- ``lr_chi2``: the table-wise likelihood-ratio chi-square G² = 2 Σ x ln(x / e), with ``df``.
- ``permutation_p``: optional; codes are shuffled within each sequence (keeping each sequence's
  code frequencies and its boundaries), the table is recounted, and the two-sided p of each cell
  is the share of shuffles at least as extreme (with the +1 correction of Phipson & Smyth 2010).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from coder.analysis.ipf import fit_quasi_independence, independence_expected, leverages
from coder.errors import AnalysisError

RULES = (
    "Transitions are counted within each sequence and summed over sequences (never across a "
    "sequence boundary). Codes not in the code list break the sequence: transitions from or to "
    "them are not counted."
)


@dataclass(frozen=True)
class LagResult:
    """A given × target lag table and its statistics; every table is indexed by code."""

    counts: pd.DataFrame
    expected: pd.DataFrame
    probabilities: pd.DataFrame
    adjusted_residuals: pd.DataFrame
    yules_q: pd.DataFrame
    p_values: pd.DataFrame
    lr_chi2: float
    df: int
    lag: int = 1
    repeats: bool = True
    lr_p: float = float("nan")
    n_transitions: int = 0
    n_sequences: int = 0
    structural_zeros: pd.DataFrame | None = None
    permutation_p: pd.DataFrame | None = None
    permutations: int = 0
    seed: int | None = None
    ipf_iterations: int = 0
    rules: str = RULES
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def codes(self) -> list[Hashable]:
        return list(self.counts.index)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (tables as nested lists, NaN as None)."""

        def table(frame: pd.DataFrame | None) -> list[list[float | None]] | None:
            if frame is None:
                return None
            return [[None if not np.isfinite(v) else float(v) for v in row] for row in frame.to_numpy(dtype=float)]

        return {
            "codes": [str(c) for c in self.codes],
            "lag": self.lag,
            "repeats": self.repeats,
            "n_transitions": self.n_transitions,
            "n_sequences": self.n_sequences,
            "lr_chi2": _finite(self.lr_chi2),
            "df": self.df,
            "lr_p": _finite(self.lr_p),
            "ipf_iterations": self.ipf_iterations,
            "permutations": self.permutations,
            "seed": self.seed,
            "rules": self.rules,
            "warnings": list(self.warnings),
            "counts": table(self.counts),
            "expected": table(self.expected),
            "probabilities": table(self.probabilities),
            "adjusted_residuals": table(self.adjusted_residuals),
            "p_values": table(self.p_values),
            "yules_q": table(self.yules_q),
            "permutation_p": table(self.permutation_p),
        }


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _is_code(value: object) -> bool:
    return isinstance(value, (str, bytes, int, float, np.integer, np.floating)) or not isinstance(value, Iterable)


def _as_sequences(sequences: Any) -> list[Sequence[Hashable]]:
    """One sequence of codes, or a list of sequences, as a list of sequences."""
    if isinstance(sequences, np.ndarray):
        return [list(sequences)] if sequences.ndim == 1 else [list(row) for row in sequences]
    items = list(sequences)
    if not items:
        return []
    if all(_is_code(item) for item in items):
        return [items]
    return [list(item) for item in items]


@dataclass(frozen=True)
class CodedSequences:
    """Sequences as one array of code indices (−1 = a code not in the list) and a sequence id."""

    codes: tuple[Hashable, ...]
    index: np.ndarray
    sequence: np.ndarray
    n_sequences: int


def encode(sequences: Any, codes: Sequence[Hashable] | None = None) -> CodedSequences:
    """Map codes to indices (code order: ``codes``, else sorted by text) over all sequences."""
    seqs = _as_sequences(sequences)
    if codes is None:
        seen: dict[Hashable, None] = {}
        for seq in seqs:
            seen.update(dict.fromkeys(seq))
        codes = sorted(seen, key=lambda c: (str(type(c)), c) if isinstance(c, (int, float)) else (str(type(c)), str(c)))
    codes = tuple(codes)
    if len(set(codes)) != len(codes):
        raise AnalysisError("the code list names a code twice", hint="give each code once")
    lookup = {c: i for i, c in enumerate(codes)}
    lengths = np.array([len(s) for s in seqs], dtype=np.int64)
    flat = [lookup.get(c, -1) for seq in seqs for c in seq]
    return CodedSequences(
        codes,
        np.array(flat, dtype=np.int64),
        np.repeat(np.arange(len(seqs), dtype=np.int64), lengths),
        len(seqs),
    )


def count_transitions(coded: CodedSequences, lag: int) -> np.ndarray:
    """The given × target count matrix at ``lag``, summed within sequences only."""
    k = len(coded.codes)
    given, target = coded.index[:-lag], coded.index[lag:]
    same = coded.sequence[:-lag] == coded.sequence[lag:]
    valid = same & (given >= 0) & (target >= 0)
    flat = np.bincount(given[valid] * k + target[valid], minlength=k * k)
    return flat.reshape(k, k)


def lag_table(
    sequences: Any = None,
    *,
    lag: int = 1,
    codes: Sequence[Hashable] | None = None,
    repeats: bool = True,
    counts: Any = None,
    permutations: int = 0,
    seed: int | None = None,
) -> LagResult:
    """The lag-``lag`` transition table of ``sequences`` (one sequence or a list) or of ``counts``.

    ``counts`` is a ready given × target frequency table (a square DataFrame indexed by code, or
    a square array with ``codes``). ``repeats=False`` makes the diagonal a structural zero (codes
    cannot follow themselves). ``permutations`` > 0 adds a shuffle test (needs sequences).
    """
    if lag < 1:
        raise AnalysisError(f"lag must be 1 or more, not {lag}")
    if (sequences is None) == (counts is None):
        raise AnalysisError("give either sequences or a counts table", hint="lag_table(sequences) or lag_table(counts=...)")
    coded: CodedSequences | None = None
    if counts is not None:
        observed, labels = _counts_table(counts, codes)
        n_sequences = 0
    else:
        coded = encode(sequences, codes)
        labels = coded.codes
        observed = count_transitions(coded, lag)
        n_sequences = coded.n_sequences
    if len(labels) < 2:
        raise AnalysisError("a lag table needs at least two codes", hint="check the codes and the sequences")
    allowed = np.ones(observed.shape, dtype=bool)
    if not repeats:
        np.fill_diagonal(allowed, False)
    result = _statistics(observed.astype(np.float64), allowed, repeats)
    perm_p = None
    if permutations > 0:
        if coded is None:
            raise AnalysisError("a permutation test needs the sequences, not a counts table")
        if not repeats:
            raise AnalysisError(
                "the permutation test is offered for sequences whose codes may repeat only",
                hint="use repeats=True, or read the adjusted residuals",
            )
        perm_p = _permutation_p(coded, lag, observed, permutations, seed)
    index = pd.Index(list(labels), name="given")
    columns = pd.Index(list(labels), name="target")

    def frame(values: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(values, index=index, columns=columns)

    return LagResult(
        counts=frame(observed.astype(np.int64)),
        expected=frame(result["expected"]),
        probabilities=frame(result["probabilities"]),
        adjusted_residuals=frame(result["z"]),
        yules_q=frame(result["q"]),
        p_values=frame(result["p"]),
        lr_chi2=float(result["g2"]),
        df=int(result["df"]),
        lag=lag,
        repeats=repeats,
        lr_p=float(result["g2_p"]),
        n_transitions=int(observed.sum()),
        n_sequences=n_sequences,
        structural_zeros=frame(~allowed),
        permutation_p=None if perm_p is None else frame(perm_p),
        permutations=permutations,
        seed=seed,
        ipf_iterations=int(result["iterations"]),
    )


def _counts_table(counts: Any, codes: Sequence[Hashable] | None) -> tuple[np.ndarray, tuple[Hashable, ...]]:
    if isinstance(counts, pd.DataFrame):
        if list(counts.index) != list(counts.columns):
            raise AnalysisError("the counts table must have the same codes as rows and columns")
        labels = tuple(counts.index) if codes is None else tuple(codes)
        values = counts.loc[list(labels), list(labels)].to_numpy()
    else:
        values = np.asarray(counts)
        labels = tuple(codes) if codes is not None else tuple(range(1, len(values) + 1))
    if values.ndim != 2 or values.shape[0] != values.shape[1] or values.shape[0] != len(labels):
        raise AnalysisError("the counts table must be square, one row and column per code")
    if np.any(values < 0) or not np.all(np.isfinite(values)) or np.any(values != np.round(values)):
        raise AnalysisError("the counts table must hold whole, non-negative counts")
    return values.astype(np.int64), labels


def _statistics(x: np.ndarray, allowed: np.ndarray, repeats: bool) -> dict[str, Any]:
    total = x.sum()
    rows, cols = x.sum(axis=1), x.sum(axis=0)
    iterations = 0
    if repeats:
        expected = independence_expected(x)
        p_row, p_col = rows / total if total else rows, cols / total if total else cols
        variance = expected * (1 - p_row)[:, None] * (1 - p_col)[None, :]
        occurring = (rows > 0)[:, None] & (cols > 0)[None, :]
        df = max(int(occurring.any(axis=1).sum()) - 1, 0) * max(int(occurring.any(axis=0).sum()) - 1, 0)
    else:
        fit = fit_quasi_independence(x, allowed)
        expected, iterations, df = fit.expected, fit.iterations, fit.df
        variance = expected * (1 - leverages(expected, allowed))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(allowed & (variance > 0), (x - expected) / np.sqrt(variance), np.nan)
        probabilities = np.where(rows[:, None] > 0, x / rows[:, None], np.nan)
        a = x
        b = rows[:, None] - x
        c = cols[None, :] - x
        d = total - rows[:, None] - cols[None, :] + x
        denominator = a * d + b * c
        q = np.where(allowed & (denominator > 0), (a * d - b * c) / denominator, np.nan)
        terms = np.where((x > 0) & (expected > 0), x * np.log(x / expected), 0.0)
    p = np.where(np.isfinite(z), 2 * stats.norm.sf(np.abs(z)), np.nan)
    g2 = 2 * terms.sum()
    return {
        "expected": expected,
        "z": z,
        "p": p,
        "q": q,
        "probabilities": probabilities,
        "g2": g2,
        "df": df,
        "g2_p": stats.chi2.sf(g2, df) if df > 0 else float("nan"),
        "iterations": iterations,
    }


def _permutation_p(coded: CodedSequences, lag: int, observed: np.ndarray, permutations: int,
                   seed: int | None) -> np.ndarray:
    rng = np.random.default_rng(seed)
    upper = np.zeros(observed.shape)
    lower = np.zeros(observed.shape)
    order_base = coded.sequence.astype(np.float64)
    for _ in range(permutations):
        # Shuffle within each sequence: sort by (sequence id, random key).
        order = np.lexsort((rng.random(len(order_base)), order_base))
        shuffled = CodedSequences(coded.codes, coded.index[order], coded.sequence, coded.n_sequences)
        table = count_transitions(shuffled, lag)
        upper += table >= observed
        lower += table <= observed
    one_sided = np.minimum((upper + 1) / (permutations + 1), (lower + 1) / (permutations + 1))
    p_values: np.ndarray = np.minimum(1.0, 2 * one_sided)
    return p_values
