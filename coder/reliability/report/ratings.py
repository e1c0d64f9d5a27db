"""Agreement on global ratings: per item and composite, units = session × segment, columns =
the two coders. ICC(A,1) (McGraw & Wong 1996), quadratic-weighted kappa over the full scale
(Cohen 1968) and ordinal Krippendorff's alpha (Krippendorff 2011), with session-bootstrap CIs.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from coder.annotations.model import AnnotationSet
from coder.reliability import cohen_kappa, icc, krippendorff_alpha
from coder.reliability.disagreement import Disagreement, DisagreementKind
from coder.reliability.report.bootstrap import (
    coincidences,
    icc_a1_many,
    kappa_of_tables,
    ordinal_alpha_of_coincidences,
    percent_of_tables,
    resample_sum,
)
from coder.reliability.report.disagreements import pair_disagreement
from coder.reliability.report.figures import Thresholds, guarded, make_figure
from coder.reliability.report.model import RatingAgreement
from coder.reliability.report.pairs import CodedPair
from coder.scheme.composites import composite_value
from coder.scheme.model import CompositeDef, Scheme

FloatArray = npt.NDArray[np.float64]
Unit = tuple[int, float, float]  # (pair index, value of coder a, value of coder b)
Values = dict[tuple[str, str], float]  # (item, segment) -> a coder's rating


def _values(record: AnnotationSet) -> Values:
    return {(r.item, r.segment): float(r.value) for r in record.ratings if r.value is not None}


def composite_units(
    scheme: Scheme, comp: CompositeDef, values: list[tuple[Values, Values]]
) -> list[Unit]:
    """The units (pair, composite of coder a, composite of coder b) of one composite: every
    segment of its items where both coders' composites have a value."""
    segments = sorted({s for i in comp.items if (r := scheme.rating(i)) for s in r.segments})
    units = []
    for i, (va, vb) in enumerate(values):
        for segment in segments:
            a = composite_value(scheme, comp, {i: va.get((i, segment)) for i in comp.items})
            b = composite_value(scheme, comp, {i: vb.get((i, segment)) for i in comp.items})
            if a is not None and b is not None:
                units.append((i, a, b))
    return units


def rating_agreement(
    pairs: list[CodedPair], pair_weights: FloatArray, thresholds: Thresholds
) -> tuple[list[RatingAgreement], list[Disagreement]]:
    """Figures per rating item and composite of one scheme's pairs, and the rated units where
    the coders differ."""
    if not pairs:
        return [], []
    scheme = pairs[0].scheme
    values = [(_values(p.a), _values(p.b)) for p in pairs]
    results: list[RatingAgreement] = []
    found: list[Disagreement] = []
    for item in scheme.ratings:
        units: list[Unit] = []
        for i, (va, vb) in enumerate(values):
            for segment in item.segments:
                a, b = va.get((item.id, segment)), vb.get((item.id, segment))
                if a is None or b is None:
                    continue
                units.append((i, a, b))
                if a != b:
                    found.append(
                        pair_disagreement(
                            pairs[i], DisagreementKind.RATING, f"{item.id}@{segment}", a, b,
                            item=item.id, segment=segment,
                        )
                    )
        results.append(
            rating_figures(
                scheme.id,
                item.id,
                item.label or item.id,
                "item",
                item.min,
                item.max,
                item.step,
                units,
                pair_weights,
                thresholds,
            )
        )
    for comp in scheme.composites:
        units = composite_units(scheme, comp, values)
        items = [r for i in comp.items if (r := scheme.rating(i))]
        scale = sum if comp.method == "sum" else min
        lo = float(scale(r.min for r in items)) if items else 0.0
        hi = float((sum if comp.method == "sum" else max)(r.max for r in items)) if items else 0.0
        results.append(
            rating_figures(
                scheme.id,
                comp.id,
                comp.label or comp.id,
                "composite",
                lo,
                hi,
                None,
                units,
                pair_weights,
                thresholds,
            )
        )
    return results, found


def rating_figures(
    scheme: str,
    item: str,
    label: str,
    kind: str,
    scale_min: float,
    scale_max: float,
    step: float | None,
    units: list[Unit],
    pair_weights: FloatArray,
    thresholds: Thresholds,
) -> RatingAgreement:
    """ICC(A,1), weighted kappa (when ``step`` gives a scale grid), ordinal alpha and exact
    agreement of the rated units, with bootstrap CIs from ``pair_weights`` (B × pairs)."""
    n = len(units)
    n_pairs = pair_weights.shape[1]
    which = np.array([u[0] for u in units], dtype=np.intp)
    x = np.array([[u[1], u[2]] for u in units], dtype=float).reshape(n, 2)
    unit_weights = pair_weights[:, which]
    icc_est, icc_note = guarded(lambda: icc(x.tolist(), "A,1").value) if n else (None, "no units")
    icc_fig = make_figure(
        "icc", icc_est, icc_a1_many(x, unit_weights) if n else None, n, thresholds, icc_note
    )
    if step is not None and n:
        grid = np.round(np.arange(scale_min, scale_max + step / 2, step), 9)
        cats = [int(g) if float(g).is_integer() else float(g) for g in grid]
        wk_est, wk_note = guarded(
            lambda: (
                cohen_kappa(
                    x[:, 0].tolist(), x[:, 1].tolist(), categories=cats, weights="quadratic"
                ).kappa
            )
        )
        pos = np.searchsorted(grid, np.round(x, 9))
        boots = None
        if wk_est is not None:
            k = len(grid)
            tables = np.zeros((n_pairs, k * k))
            np.add.at(tables, (which, pos[:, 0] * k + pos[:, 1]), 1.0)
            boots = kappa_of_tables(
                resample_sum(tables.reshape(n_pairs, k, k), pair_weights), "quadratic"
            )
        wk_fig = make_figure("weighted_kappa", wk_est, boots, n, thresholds, wk_note)
    else:
        wk_fig = make_figure(
            "weighted_kappa", None, None, n, thresholds, "not on a scale grid" if n else "no units"
        )
    if n:
        alpha_est, alpha_note = guarded(lambda: krippendorff_alpha(x.tolist(), "ordinal").alpha)
        domain = np.unique(x)
        per_pair = np.zeros((n_pairs, len(domain), len(domain)))
        for p in np.unique(which):
            per_pair[p] = coincidences(x[which == p], domain)
        alpha_boots = ordinal_alpha_of_coincidences(resample_sum(per_pair, pair_weights))
        same = np.zeros((n_pairs, 2, 2))
        np.add.at(
            same, (which, np.zeros(n, dtype=np.intp), (x[:, 0] != x[:, 1]).astype(np.intp)), 1.0
        )
        pct_est = float(100.0 * np.mean(x[:, 0] == x[:, 1]))
        pct_boots = percent_of_tables(resample_sum(same, pair_weights))
    else:
        alpha_est, alpha_note, alpha_boots = None, "no units", None
        pct_est, pct_boots = None, None
    return RatingAgreement(
        scheme=scheme,
        item=item,
        label=label,
        kind=kind,
        scale_min=float(scale_min),
        scale_max=float(scale_max),
        n_units=n,
        icc=icc_fig,
        weighted_kappa=wk_fig,
        alpha=make_figure("alpha", alpha_est, alpha_boots, n, thresholds, alpha_note),
        exact_percent=make_figure("percent", pct_est, pct_boots, n, thresholds),
    )
