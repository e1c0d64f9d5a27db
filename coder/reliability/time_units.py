"""Time-unit kappa of one mutually exclusive stream of timed codes, with a tolerance.

Events are ``(code, start_ms, end_ms)`` with integer milliseconds of media time; a state covers
``[start_ms, end_ms)`` and a point event has ``end_ms == start_ms``.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import numpy.typing as npt
from scipy import stats

from coder.errors import ReliabilityError
from coder.reliability.kappa import Z_95, cross_table, kappa_from_table
from coder.reliability.results import KappaResult, TimeUnitKappaResult, as_table
from coder.timebase import format_timecode

NOTHING = "<nothing>"
Event = tuple[str, int, int]
IntArray = npt.NDArray[np.intp]


def stream_units(
    events: Sequence[Event],
    *,
    start_ms: int,
    end_ms: int,
    unit_ms: int,
    categories: Sequence[Hashable],
    who: str = "the coder",
    clashes: list[int] | None = None,
) -> IntArray:
    """Category position of each time unit of ``[start_ms, end_ms)`` for one exclusive stream.

    Unit i spans ``[start_ms + i·unit_ms, start_ms + (i+1)·unit_ms)``, the last one cut at
    ``end_ms``. A unit takes the code of the state covering its midpoint; in a stream of point
    events, the code of the point inside it. Units with no code get ``categories``' NOTHING.

    Two different point codes in one unit: the unit takes the code of the *earliest* point in
    it (at the same ms, the code first in ``categories``), as a coder who saw the first onset of
    the unit would score it; each later point of another code is a *clash*, its time (ms)
    appended to ``clashes`` when a list is given, so a report can say how many onsets a unit
    this long could not hold. States that overlap, or points mixed with states, are errors.
    """
    n_units = -(-(end_ms - start_ms) // unit_ms)
    index = {c: i for i, c in enumerate(categories)}
    units = np.full(n_units, index[NOTHING], dtype=np.intp)
    if not events:
        return units
    codes = [e[0] for e in events]
    unknown = sorted({str(c) for c in codes if c not in index})
    if unknown:
        raise ReliabilityError(
            f"time-unit kappa: {who} used code(s) {unknown} outside the categories given"
        )
    starts = np.array([e[1] for e in events], dtype=np.int64)
    ends = np.array([e[2] for e in events], dtype=np.int64)
    positions = np.array([index[c] for c in codes], dtype=np.intp)
    if (ends < starts).any():
        bad = int(np.flatnonzero(ends < starts)[0])
        raise ReliabilityError(
            f"{who} has an event '{codes[bad]}' that ends before it starts "
            f"({format_timecode(int(starts[bad]))}–{format_timecode(int(ends[bad]))})"
        )
    points = ends == starts
    if points.any() and not points.all():
        raise ReliabilityError(
            f"{who}'s stream mixes point events and states",
            hint="time-unit kappa compares one exclusive stream: pass states or points, not both",
        )
    order = np.argsort(starts, kind="stable")
    starts, ends, positions = starts[order], ends[order], positions[order]
    if points.all():
        inside = (starts >= start_ms) & (starts < end_ms)
        unit = (starts[inside] - start_ms) // unit_ms
        coded = positions[inside]
        if not len(unit):
            return units
        at = starts[inside]
        order_in = np.lexsort((coded, at))  # earliest first; same ms: category order
        unit, coded, at = unit[order_in], coded[order_in], at[order_in]
        first = np.concatenate(([True], unit[1:] != unit[:-1]))
        head = np.maximum.accumulate(np.where(first, np.arange(len(unit)), 0))
        if clashes is not None:
            clashes.extend(int(t) for t in at[coded != coded[head]])
        unit, coded = unit[first], coded[first]
        units[unit] = coded
        return units
    overlap = starts[1:] < ends[:-1]
    if overlap.any():
        i = int(np.flatnonzero(overlap)[0])
        raise ReliabilityError(
            f"{who}'s states overlap: '{codes[order[i]]}' until "
            f"{format_timecode(int(ends[i]))} and '{codes[order[i + 1]]}' from "
            f"{format_timecode(int(starts[i + 1]))}",
            hint="time-unit kappa needs one mutually exclusive stream; compute it per stream",
        )
    lo = start_ms + np.arange(n_units, dtype=np.int64) * unit_ms
    hi = np.minimum(lo + unit_ms, end_ms)
    mid2 = lo + hi  # twice the midpoint keeps the arithmetic in integers
    state = np.searchsorted(2 * starts, mid2, side="right") - 1
    covered = (state >= 0) & (mid2 < 2 * ends[np.maximum(state, 0)])
    units[covered] = positions[state[covered]]
    return units


def matched_within(reference: IntArray, other: IntArray, window: int) -> npt.NDArray[np.bool_]:
    """Units where the coders differ but ``other`` has ``reference``'s code within ±``window``
    units: agreements under a tolerance (Bakeman, Quera & Gnisci 2009). One pass per code."""
    n = len(other)
    lo = np.maximum(np.arange(n) - window, 0)
    hi = np.minimum(np.arange(n) + window + 1, n)
    differ = reference != other
    found = np.zeros(n, dtype=bool)
    for code in np.unique(reference[differ]):
        present = np.concatenate(([0], np.cumsum(other == code)))
        mine = differ & (reference == code)
        found[mine] = (present[hi[mine]] - present[lo[mine]]) > 0
    return found


def time_unit_kappa(
    a: Sequence[Event],
    b: Sequence[Event],
    *,
    start_ms: int,
    end_ms: int,
    unit_ms: int = 1000,
    tolerance_ms: int = 0,
    codes: Sequence[str] | None = None,
) -> TimeUnitKappaResult:
    """Time-unit kappa of two coders' exclusive stream (Bakeman & Quera 2011; Bakeman, Quera &
    Gnisci 2009), with an explicit NOTHING category for uncoded time.

    The window ``[start_ms, end_ms)`` is cut into units of ``unit_ms`` (the last one shorter if
    the window is not a multiple); each unit takes the code covering its midpoint (see
    ``stream_units``). ``codes`` fixes the category set (else the codes either coder used) and
    NOTHING is added last. With ``tolerance_ms`` (floored to whole units) a disagreement at a unit
    counts as agreement when the other coder has the same code within ±tolerance; as that is
    asymmetric, both directions are computed and the result's headline figures are their mean
    (see ``TimeUnitKappaResult``). NOTHING is a code like any other for the tolerance.
    """
    if end_ms <= start_ms:
        raise ReliabilityError(
            f"time-unit kappa: the window ends ({format_timecode(end_ms)}) before it starts "
            f"({format_timecode(start_ms)})"
        )
    if unit_ms <= 0 or tolerance_ms < 0:
        raise ReliabilityError(
            f"time-unit kappa needs unit_ms > 0 and tolerance_ms ≥ 0; got {unit_ms} and "
            f"{tolerance_ms}"
        )
    used = sorted({e[0] for e in a} | {e[0] for e in b}) if codes is None else list(codes)
    if NOTHING in used:
        raise ReliabilityError(f"the code name {NOTHING!r} is reserved for uncoded time")
    categories = (*used, NOTHING)
    k = len(categories)
    clashes_a: list[int] = []
    clashes_b: list[int] = []
    ua = stream_units(
        a, start_ms=start_ms, end_ms=end_ms, unit_ms=unit_ms, categories=categories,
        who="coder a", clashes=clashes_a,
    )  # fmt: skip
    ub = stream_units(
        b, start_ms=start_ms, end_ms=end_ms, unit_ms=unit_ms, categories=categories,
        who="coder b", clashes=clashes_b,
    )  # fmt: skip
    window = tolerance_ms // unit_ms
    exact = cross_table(ua, ub, k)
    if window == 0:
        a_to_b = b_to_a = kappa_from_table(exact, categories)
    else:
        # a → b: where b has a's code nearby, b is tallied as agreeing on a's code; b → a alike.
        ub_agreed = np.where(matched_within(ua, ub, window), ua, ub)
        ua_agreed = np.where(matched_within(ub, ua, window), ub, ua)
        try:
            a_to_b = kappa_from_table(cross_table(ua, ub_agreed, k), categories)
            b_to_a = kappa_from_table(cross_table(ua_agreed, ub, k), categories)
        except ReliabilityError:
            raise ReliabilityError(
                f"time-unit kappa with a tolerance of {tolerance_ms} ms is undefined: once "
                "near-misses count as agreements, every unit falls in one and the same category",
                hint="report percent agreement, or compute it without a tolerance",
            ) from None
    return _mean_result(
        a_to_b,
        b_to_a,
        exact,
        start_ms=start_ms,
        end_ms=end_ms,
        unit_ms=unit_ms,
        tolerance_ms=tolerance_ms,
        window=window,
        clashes=(tuple(clashes_a), tuple(clashes_b)),
    )


def _mean_result(
    a_to_b: KappaResult,
    b_to_a: KappaResult,
    exact: npt.NDArray[np.float64],
    *,
    start_ms: int,
    end_ms: int,
    unit_ms: int,
    tolerance_ms: int,
    window: int,
    clashes: tuple[tuple[int, ...], tuple[int, ...]] = ((), ()),
) -> TimeUnitKappaResult:
    kappa = (a_to_b.kappa + b_to_a.kappa) / 2
    se = (a_to_b.se + b_to_a.se) / 2
    se0 = (a_to_b.se_null + b_to_a.se_null) / 2
    z = kappa / se0 if se0 > 0 else (0.0 if abs(kappa) < 1e-12 else float(np.sign(kappa) * np.inf))
    return TimeUnitKappaResult(
        kappa=kappa,
        se=se,
        ci_low=kappa - Z_95 * se,
        ci_high=kappa + Z_95 * se,
        z=z,
        p_value=float(2 * stats.norm.sf(abs(z))),
        p_observed=(a_to_b.p_observed + b_to_a.p_observed) / 2,
        p_expected=(a_to_b.p_expected + b_to_a.p_expected) / 2,
        n=a_to_b.n,
        categories=a_to_b.categories,
        table=as_table(exact),
        se_null=se0,
        a_to_b=a_to_b,
        b_to_a=b_to_a,
        start_ms=start_ms,
        end_ms=end_ms,
        unit_ms=unit_ms,
        tolerance_ms=tolerance_ms,
        tolerance_units=window,
        nothing=NOTHING,
        point_clashes_a_ms=clashes[0],
        point_clashes_b_ms=clashes[1],
    )
