from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder.errors import ReliabilityError
from coder.reliability import cohen_kappa, kappa_from_table, kappa_max

# SAS PROC FREQ printout for a 3 × 3 table (as checked in statsmodels' test_inter_rater.py).
TABLE10 = [[0, 4, 1], [0, 8, 0], [0, 1, 5]]

# R irr's `anxiety` data (Fleiss 1981, 20 subjects × 3 raters), as in statsmodels' tests.
ANXIETY = np.column_stack(
    [
        [3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3],
        [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4],
        [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2],
    ]
)


def _expand(table: list[list[int]]) -> tuple[list[int], list[int]]:
    a: list[int] = []
    b: list[int] = []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [i + 1] * count
            b += [j + 1] * count
    return a, b


def test_unweighted_matches_sas_with_fleiss_cohen_everitt_errors() -> None:
    a, b = _expand(TABLE10)
    r = cohen_kappa(a, b)
    assert r.kappa == pytest.approx(0.4842, abs=5e-5)
    assert r.se == pytest.approx(0.1380, abs=5e-5)
    assert (r.ci_low, r.ci_high) == pytest.approx((0.2137, 0.7547), abs=5e-5)
    assert r.se_null == pytest.approx(0.1484, abs=5e-5)
    assert r.z == pytest.approx(3.2626, abs=5e-5)
    assert r.p_value == pytest.approx(0.0011, abs=5e-5)
    assert r.n == 19
    assert r.table == tuple(tuple(row) for row in TABLE10)


def test_linear_weighted_matches_sas() -> None:
    a, b = _expand(TABLE10)
    r = cohen_kappa(a, b, weights="linear")
    assert r.kappa == pytest.approx(0.4701, abs=5e-5)
    assert r.se == pytest.approx(0.1457, abs=5e-5)
    assert (r.ci_low, r.ci_high) == pytest.approx((0.1845, 0.7558), abs=5e-5)
    assert r.se_null == pytest.approx(0.1426, abs=5e-5)
    assert r.z == pytest.approx(3.2971, abs=5e-5)
    assert r.p_value == pytest.approx(0.0010, abs=5e-5)


@pytest.mark.parametrize(
    ("weights", "kappa", "z", "p"),
    [
        (None, -0.006289308, -0.0604067, 0.9518317),
        ("linear", 0.1459075, 1.282472, 0.1996772),
        ("quadratic", 0.2520325, 1.437451, 0.1505898),
    ],
)
def test_matches_r_irr_kappa2_on_anxiety(
    weights: str | None, kappa: float, z: float, p: float
) -> None:
    # irr weights by position among the observed levels (1, 2, 3, 4, 6): no 5 occurs.
    r = cohen_kappa(ANXIETY[:, 1], ANXIETY[:, 2], weights=weights)  # type: ignore[arg-type]
    assert r.categories == (1, 2, 3, 4, 6)
    assert r.kappa == pytest.approx(kappa, abs=1e-7)
    assert r.z == pytest.approx(z, abs=1e-5)
    assert r.p_value == pytest.approx(p, abs=1e-6)


def test_irrcac_cont3x3abstractors() -> None:
    # Gwet's irrCAC vignette: kappa2.table(cont3x3abstractors) = 0.7964094.
    a = ["Ectopic"] * 13 + ["AIU"] * 27 + ["NIU"] * 60
    b = ["Ectopic"] * 13 + ["AIU"] * 20 + ["NIU"] * 7 + ["AIU"] * 4 + ["NIU"] * 56
    assert cohen_kappa(a, b).kappa == pytest.approx(0.7964094, abs=1e-7)


def test_categories_fix_the_scale_and_weights_go_by_position() -> None:
    a = [1, 2, 3, 3]
    b = [1, 3, 3, 2]
    observed = cohen_kappa(a, b, weights="linear")
    full = cohen_kappa(a, b, categories=[1, 2, 3, 4, 5], weights="linear")
    assert full.categories == (1, 2, 3, 4, 5)
    assert full.table_array().shape == (5, 5)
    # Unused end points only rescale all distances, which linear kappa ignores ...
    assert full.kappa == pytest.approx(observed.kappa)
    # ... but an unused point inside the scale moves 3 away from 2.
    gap = cohen_kappa(a, b, categories=[1, 2, 2.5, 3], weights="linear")
    assert gap.kappa != pytest.approx(observed.kappa)
    # Weights follow the order given, not the sorted labels.
    reordered = cohen_kappa(a, b, categories=[3, 1, 2], weights="linear")
    assert reordered.categories == (3, 1, 2)
    assert reordered.kappa != pytest.approx(observed.kappa)
    # Unweighted kappa ignores unused categories.
    assert cohen_kappa(a, b, categories=[1, 2, 3, 4, 5]).kappa == pytest.approx(
        cohen_kappa(a, b).kappa
    )


def test_string_labels_and_missing_units_are_dropped() -> None:
    r = cohen_kappa(["B", "A", None, "D"], ["B", "A", "A", float("nan")])
    assert r.n == 2
    assert r.kappa == pytest.approx(1.0)


def test_unusable_input_raises_actionable_errors() -> None:
    with pytest.raises(ReliabilityError, match="different numbers of units"):
        cohen_kappa([1, 2, 3], [1, 2])
    with pytest.raises(ReliabilityError, match="not one of the categories"):
        cohen_kappa([1, 2, 9], [1, 2, 2], categories=[1, 2, 3])
    with pytest.raises(ReliabilityError, match="undefined"):
        cohen_kappa(["B", "B", "B"], ["B", "B", "B"])
    with pytest.raises(ReliabilityError, match="at least 2 units"):
        cohen_kappa([1], [1])
    with pytest.raises(ReliabilityError, match="weights"):
        cohen_kappa([1, 2], [1, 2], weights="cubic")  # type: ignore[arg-type]


def test_table_shape_is_checked() -> None:
    with pytest.raises(ReliabilityError, match="square"):
        kappa_from_table([[1, 2, 3], [4, 5, 6]], ["a", "b"])
    with pytest.raises(ReliabilityError, match="negative"):
        kappa_from_table([[1, -2], [4, 5]], ["a", "b"])


def test_result_is_an_immutable_value() -> None:
    r = cohen_kappa([1, 2, 2, 1], [1, 2, 1, 1])
    with pytest.raises(AttributeError):
        r.kappa = 1.0  # type: ignore[misc]
    assert r == cohen_kappa([1, 2, 2, 1], [1, 2, 1, 1])
    assert hash(r) == hash(cohen_kappa([1, 2, 2, 1], [1, 2, 1, 1]))


def test_kappa_max_from_marginals() -> None:
    # Identical marginals allow perfect agreement; here the rows' 'a' cannot all be matched.
    assert kappa_max([[5, 0], [0, 5]]) == pytest.approx(1.0)
    table = np.array([[6, 2], [0, 2]])
    p = table / table.sum()
    p_e = p.sum(1) @ p.sum(0)
    expected = (np.minimum(p.sum(1), p.sum(0)).sum() - p_e) / (1 - p_e)
    assert kappa_max(table) == pytest.approx(expected)
    assert kappa_from_table(table, ["a", "b"]).kappa <= kappa_max(table)


labels = st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=4, max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_symmetric_in_the_two_coders(data: st.DataObject) -> None:
    a = data.draw(labels)
    b = data.draw(st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=len(a), max_size=len(a)))
    weights = data.draw(st.sampled_from([None, "linear", "quadratic"]))
    try:
        ab = cohen_kappa(a, b, weights=weights)
    except ReliabilityError:
        return
    ba = cohen_kappa(b, a, weights=weights)
    assert ab.kappa == pytest.approx(ba.kappa, abs=1e-12)
    assert ab.se == pytest.approx(ba.se, abs=1e-12)
    assert ab.z == pytest.approx(ba.z, abs=1e-9)
    assert np.array_equal(ab.table_array(), ba.table_array().T)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["x", "y", "z"]), min_size=2, max_size=30))
def test_perfect_agreement_is_one(a: list[str]) -> None:
    if len(set(a)) < 2:
        return
    for weights in (None, "linear", "quadratic"):
        r = cohen_kappa(a, a, weights=weights)  # type: ignore[arg-type]
        assert r.kappa == pytest.approx(1.0)
        assert r.se == pytest.approx(0.0, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_unweighted_invariant_under_relabelling(data: st.DataObject) -> None:
    a = data.draw(labels)
    b = data.draw(st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=len(a), max_size=len(a)))
    relabel = dict(zip("ABCD", data.draw(st.permutations([7, 3, 11, 5])), strict=True))
    try:
        original = cohen_kappa(a, b)
    except ReliabilityError:
        return
    renamed = cohen_kappa([relabel[v] for v in a], [relabel[v] for v in b])
    assert renamed.kappa == pytest.approx(original.kappa, abs=1e-12)
    assert renamed.se == pytest.approx(original.se, abs=1e-12)
