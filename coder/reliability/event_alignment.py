"""Event-based agreement: pairing two coders' events one-to-one in time, then kappa.

Events are ``(code, start_ms, end_ms)`` in integer milliseconds of media time; a point event has
``end_ms == start_ms``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import permutations
from math import perm
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from coder.errors import ReliabilityError
from coder.reliability.kappa import kappa_from_table, kappa_max
from coder.reliability.results import EventAgreementResult, EventPair, KappaResult, as_table
from coder.reliability.time_units import NOTHING, Event
from coder.timebase import format_timecode

Match = Literal["onset", "overlap"]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def event_agreement(
    a: Sequence[Event],
    b: Sequence[Event],
    *,
    tolerance_ms: int = 2000,
    match: Match = "onset",
    min_overlap: float = 0.6,
) -> EventAgreementResult:
    """Event-based kappa of two coders (Bakeman, Quera & Gnisci 2009; Bakeman & Quera 2011).

    Events of a and b are paired one-to-one, whatever their codes, by an optimal assignment:
    first as many pairs as possible, then as many pairs with the same code as possible, then the
    closest. Two events may pair when, with ``match="onset"``, their onsets are at most
    ``tolerance_ms`` apart, or with ``match="overlap"``, their intersection over union is at least
    ``min_overlap`` (a point event pairs by onset within ``tolerance_ms`` in either mode).
    Paired events are tallied by their two codes; a's unpaired events under (code, NOTHING) —
    b's omissions — and b's under (NOTHING, code) — b's commissions. Kappa, its maximum given the
    marginals and percent agreement come from that table (see ``EventAgreementResult``); kappa,
    kappa_max and detail are None when kappa is undefined (fewer than 2 tallies, or every tally
    in one cell), while the pairs and percent agreement are still given.
    """
    if match not in ("onset", "overlap"):
        raise ReliabilityError(f"unknown event match {match!r}", hint='use "onset" or "overlap"')
    if tolerance_ms < 0 or not 0 < min_overlap <= 1:
        raise ReliabilityError(
            f"event agreement needs tolerance_ms ≥ 0 and 0 < min_overlap ≤ 1; got "
            f"{tolerance_ms} and {min_overlap}"
        )
    code_a, sa, ea = _arrays(a, "coder a")
    code_b, sb, eb = _arrays(b, "coder b")
    if not len(code_a) and not len(code_b):
        raise ReliabilityError("event agreement: neither coder has any event in this stream")
    categories = (*sorted(set(code_a) | set(code_b)), NOTHING)
    if NOTHING in categories[:-1]:
        raise ReliabilityError(f"the code name {NOTHING!r} is reserved for unmatched events")
    index = {c: i for i, c in enumerate(categories)}
    ca = np.array([index[c] for c in code_a], dtype=np.int64)
    cb = np.array([index[c] for c in code_b], dtype=np.int64)

    ai, bj = _candidates(sa, ea, sb, eb, tolerance_ms, match, min_overlap)
    ratio = _iou(sa[ai], ea[ai], sb[bj], eb[bj])
    points = (ea[ai] == sa[ai]) | (eb[bj] == sb[bj])
    if match == "onset":
        closeness = np.abs(sa[ai] - sb[bj]) / (tolerance_ms + 1.0)
    else:
        closeness = np.where(points, np.abs(sa[ai] - sb[bj]) / (tolerance_ms + 1.0), 1.0 - ratio)
    pa, pb = _assign(len(ca), len(cb), ai, bj, ca[ai] != cb[bj], closeness)

    k = len(categories)
    unmatched_a = np.setdiff1d(np.arange(len(ca)), pa)
    unmatched_b = np.setdiff1d(np.arange(len(cb)), pb)
    rows = np.concatenate([ca[pa], ca[unmatched_a], np.full(len(unmatched_b), k - 1)])
    cols = np.concatenate([cb[pb], np.full(len(unmatched_a), k - 1), cb[unmatched_b]])
    table = np.bincount(rows * k + cols, minlength=k * k).reshape(k, k).astype(float)
    detail = _kappa_if_defined(table, categories)
    order = np.argsort(sa[pa], kind="stable")
    pa, pb = pa[order], pb[order]
    pair_ratio = _iou(sa[pa], ea[pa], sb[pb], eb[pb])
    pairs = tuple(
        EventPair(
            a_index=i,
            b_index=j,
            code_a=code_a[i],
            code_b=code_b[j],
            onset_diff_ms=d,
            overlap_ratio=r,
        )
        for i, j, d, r in zip(
            pa.tolist(), pb.tolist(), (sb[pb] - sa[pa]).tolist(), pair_ratio.tolist(), strict=True
        )
    )
    return EventAgreementResult(
        kappa=detail.kappa if detail else None,
        kappa_max=kappa_max(table) if detail else None,
        percent_agreement=float(100.0 * np.trace(table) / table.sum()),
        table=as_table(table),
        categories=categories,
        pairs=pairs,
        unmatched_a=tuple(unmatched_a.tolist()),
        unmatched_b=tuple(unmatched_b.tolist()),
        n_a=len(ca),
        n_b=len(cb),
        match=match,
        tolerance_ms=tolerance_ms,
        min_overlap=min_overlap,
        nothing=NOTHING,
        detail=detail,
    )


def _kappa_if_defined(table: FloatArray, categories: tuple[str, ...]) -> KappaResult | None:
    """Kappa of the event table, or None when it is undefined (under 2 tallies, or all of them
    in one cell, e.g. every event paired with the same single code)."""
    p = table / table.sum()
    if table.sum() < 2 or np.isclose(float(p.sum(axis=1) @ p.sum(axis=0)), 1.0):
        return None
    return kappa_from_table(table, categories)


def _arrays(events: Sequence[Event], who: str) -> tuple[list[str], IntArray, IntArray]:
    codes = [e[0] for e in events]
    starts = np.array([e[1] for e in events], dtype=np.int64)
    ends = np.array([e[2] for e in events], dtype=np.int64)
    if (ends < starts).any():
        i = int(np.flatnonzero(ends < starts)[0])
        raise ReliabilityError(
            f"{who} has an event '{codes[i]}' that ends before it starts "
            f"({format_timecode(int(starts[i]))}–{format_timecode(int(ends[i]))})"
        )
    return codes, starts, ends


def _iou(sa: IntArray, ea: IntArray, sb: IntArray, eb: IntArray) -> FloatArray:
    """Intersection over union of intervals (0 when either is a point)."""
    inter = np.maximum(np.minimum(ea, eb) - np.maximum(sa, sb), 0)
    union = np.maximum(ea, eb) - np.minimum(sa, sb)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(union > 0, inter / np.where(union > 0, union, 1), 0.0)


def _candidates(
    sa: IntArray,
    ea: IntArray,
    sb: IntArray,
    eb: IntArray,
    tolerance_ms: int,
    match: str,
    min_overlap: float,
) -> tuple[IntArray, IntArray]:
    """All (i, j) index pairs allowed to pair, found by binary search on b's sorted onsets."""
    order = np.argsort(sb, kind="stable")
    sorted_starts = sb[order]
    if match == "onset":
        lo = np.searchsorted(sorted_starts, sa - tolerance_ms, side="left")
        hi = np.searchsorted(sorted_starts, sa + tolerance_ms, side="right")
    else:
        longest = int((eb - sb).max()) if len(sb) else 0
        lo = np.searchsorted(sorted_starts, sa - max(longest, tolerance_ms), side="left")
        hi = np.searchsorted(sorted_starts, np.maximum(ea, sa + tolerance_ms), side="right")
    counts = hi - lo
    ai = np.repeat(np.arange(len(sa)), counts)
    within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    bj = order[np.repeat(lo, counts) + within]
    if match == "onset":
        return ai, bj
    points = (ea[ai] == sa[ai]) | (eb[bj] == sb[bj])
    near = np.abs(sa[ai] - sb[bj]) <= tolerance_ms
    keep = np.where(points, near, _iou(sa[ai], ea[ai], sb[bj], eb[bj]) >= min_overlap - 1e-12)
    return ai[keep], bj[keep]


def _assign(
    na: int,
    nb: int,
    ai: IntArray,
    bj: IntArray,
    code_differs: npt.NDArray[np.bool_],
    closeness: FloatArray,
) -> tuple[IntArray, IntArray]:
    """Optimal one-to-one pairing over the candidate pairs.

    The candidate graph splits into connected components (events far apart in time never
    interact); each is solved exactly on a small dense cost matrix. Costs are tiered so that more
    pairs always win, then more same-code pairs, then closeness (each tier outweighs the whole
    sum of the next); non-candidates get a cost above all tiers and are dropped if the solver had
    to use them. A component of one candidate pair is that pair; small components are solved
    together, per shape, by trying every assignment at once; a component whose best assignment
    is not unique, and every larger one, goes to ``scipy.optimize.linear_sum_assignment`` (so ties
    are broken exactly as it breaks them).
    """
    if len(ai) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    graph = csr_matrix((np.ones(len(ai)), (ai, na + bj)), shape=(na + nb, na + nb))
    _, label = connected_components(graph, directed=False)
    component = label[ai]
    # Edges ordered by component; each event's index within its component (ascending).
    order = np.lexsort((bj, ai, component))
    comp, ai_o, bj_o = component[order], ai[order], bj[order]
    row_at, n_rows = _local_index(comp, ai_o)
    col_at, n_cols = _local_index(comp, bj_o)
    first = np.flatnonzero(np.r_[True, comp[1:] != comp[:-1]])
    count = np.diff(np.r_[first, len(comp)])
    shape_r, shape_c = n_rows[first], n_cols[first]
    pairs_a: list[IntArray] = []
    pairs_b: list[IntArray] = []
    single = count == 1  # one candidate pair: it is the optimum
    pairs_a.append(ai_o[first[single]])
    pairs_b.append(bj_o[first[single]])
    rest = np.flatnonzero(~single)
    shapes = np.unique(np.stack([shape_r[rest], shape_c[rest]], axis=1), axis=0)
    for r, c in shapes.tolist():
        group = rest[(shape_r[rest] == r) & (shape_c[rest] == c)]
        m = max(r, c) + 1
        code_cost = float(m)  # > the sum of closeness terms (each < 1) over all pairs
        forbidden = m * (code_cost + 2.0)  # > any change in allowed pair costs
        edge = np.repeat(first[group] - np.cumsum(count[group]) + count[group], count[group])
        edge += np.arange(len(edge))
        slot = np.repeat(np.arange(len(group)), count[group])
        lr, lc = row_at[edge], col_at[edge]
        cost = np.full((len(group), r, c), forbidden)
        cost[slot, lr, lc] = 1.0 + closeness[order[edge]] + code_cost * code_differs[order[edge]]
        a_ids = np.zeros((len(group), r), dtype=np.int64)
        b_ids = np.zeros((len(group), c), dtype=np.int64)
        a_ids[slot, lr] = ai_o[edge]
        b_ids[slot, lc] = bj_o[edge]
        if _assignments(r, c) <= _MAX_ENUMERATED:
            g, rr, cc, tied = _solve_enumerated(cost)
            keep = cost[g, rr, cc] < forbidden
            pairs_a.append(a_ids[g[keep], rr[keep]])
            pairs_b.append(b_ids[g[keep], cc[keep]])
        else:
            tied = np.arange(len(group))
        for t in tied.tolist():
            rr, cc = linear_sum_assignment(cost[t])
            keep = cost[t][rr, cc] < forbidden
            pairs_a.append(a_ids[t][rr[keep]])
            pairs_b.append(b_ids[t][cc[keep]])
    pa = np.concatenate(pairs_a).astype(np.int64)
    pb = np.concatenate(pairs_b).astype(np.int64)
    by_component = np.lexsort((pa, label[pa]))  # the order of solving component by component
    return pa[by_component], pb[by_component]


_MAX_ENUMERATED = 720  # assignments tried at once per component (6 × 6: 720)
_TIE = 1e-9  # totals closer than this count as tied: such components go to the solver


def _local_index(comp: IntArray, ids: IntArray) -> tuple[IntArray, IntArray]:
    """For edges sorted by component, each id's rank among its component's distinct ids
    (ascending), and per edge the number of distinct ids in its component."""
    pos = np.lexsort((ids, comp))
    c, v = comp[pos], ids[pos]
    new = np.r_[True, (c[1:] != c[:-1]) | (v[1:] != v[:-1])]
    starts = np.r_[True, c[1:] != c[:-1]]
    distinct = np.cumsum(new) - 1
    rank_sorted = distinct - distinct[np.flatnonzero(starts)][np.cumsum(starts) - 1]
    rank = np.empty_like(rank_sorted)
    rank[pos] = rank_sorted
    totals = np.bincount(comp, weights=new, minlength=int(comp.max()) + 1).astype(np.int64)
    return rank, totals[comp]


def _assignments(r: int, c: int) -> int:
    """How many maximal one-to-one assignments an r × c matrix has."""
    return perm(max(r, c), min(r, c))


@cache
def _permutations(n: int, k: int) -> IntArray:
    """Every ordered choice of k of range(n), one per row (read-only)."""
    out = np.array(list(permutations(range(n), k)), dtype=np.int64).reshape(-1, k)
    out.flags.writeable = False
    return out


def _solve_enumerated(
    cost: FloatArray,
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """The cheapest maximal assignment of each matrix of ``cost`` (G × r × c), found by trying
    them all: (matrix, row, column) of every assigned cell of the matrices whose cheapest
    assignment is unique, and the indexes of the matrices where it is not."""
    g_count, r, c = cost.shape
    perms = _permutations(max(r, c), min(r, c))
    if r <= c:
        totals = cost[:, np.arange(r), perms].sum(axis=2)
    else:
        totals = cost[:, perms, np.arange(c)].sum(axis=2)
    best = np.argmin(totals, axis=1)
    lowest = totals[np.arange(g_count), best]
    if totals.shape[1] > 1:
        totals[np.arange(g_count), best] = np.inf
        unique = totals.min(axis=1) - lowest > _TIE * np.maximum(1.0, np.abs(lowest))
    else:
        unique = np.ones(g_count, dtype=bool)
    solved = np.flatnonzero(unique)
    chosen = perms[best[solved]]
    k = chosen.shape[1]
    g = np.repeat(solved, k)
    fixed = np.tile(np.arange(k), len(solved))
    if r <= c:
        return g, fixed, chosen.reshape(-1), np.flatnonzero(~unique)
    return g, chosen.reshape(-1), fixed, np.flatnonzero(~unique)
