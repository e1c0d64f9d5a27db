"""The schemes shipped in coding_schemes/ load cleanly and say what the domain says."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.scheme import CodeKind, Scheme, load_scheme
from coder.shipped import shipped_schemes_dir

SCHEMES_DIR = shipped_schemes_dir()

SHIPPED = sorted(SCHEMES_DIR.glob("*.yaml"))
LICENSED = ["ssp", "cib", "eas", "care_index", "icep_r", "piios"]


def _load(name: str) -> Scheme:
    return load_scheme(SCHEMES_DIR / f"{name}.yaml")


def test_every_expected_scheme_is_shipped() -> None:
    assert {p.stem for p in SHIPPED} >= set(LICENSED)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_scheme_loads(path: Path) -> None:
    scheme = load_scheme(path)
    assert scheme.id == path.stem
    assert scheme.title and scheme.version


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_colours_and_keys_are_distinct(path: Path) -> None:
    scheme = load_scheme(path)
    colours = [c.color.upper() for c in scheme.codes]
    assert len(set(colours)) == len(colours)
    keys = [c.key.lower() for c in scheme.codes if c.key]
    assert len(set(keys)) == len(keys) == len(scheme.codes)  # every shipped code has a key


@pytest.mark.parametrize("name", LICENSED)
def test_header_says_where_licensed_text_goes(name: str) -> None:
    header = (SCHEMES_DIR / f"{name}.yaml").read_text(encoding="utf-8").split("format_version")[0]
    assert header.lstrip().startswith("#")
    assert "licensed" in header and "description:" in header


@pytest.mark.parametrize("name", LICENSED)
def test_no_anchor_wording_is_shipped(name: str) -> None:
    scheme = _load(name)
    assert all(not item.anchors and not item.description for item in scheme.ratings)
    assert all(not code.description for code in scheme.codes)


def test_ssp_episodes() -> None:
    ssp = _load("ssp")
    assert [s.id for s in ssp.segments] == [f"ep{i}" for i in range(1, 9)]
    assert [s.nominal_ms for s in ssp.segments] == [30000] + [180000] * 7
    assert ssp.ordered_segments
    assert [s.id for s in ssp.segments if s.may_curtail] == ["ep4", "ep6", "ep7"]
    # DOMAIN.md: reunion 1 may be extended; nothing after the end of episode 8 is scored.
    assert [s.id for s in ssp.segments if s.may_extend] == ["ep5"]
    assert ssp.partners == ["infant", "mother", "stranger"]
    assert "observer" in ssp.segments[0].present
    assert ssp.segments[5].present == ["infant"]


def test_ssp_interactive_scales() -> None:
    ssp = _load("ssp")
    for scale in ("PS", "CM", "RS", "AV", "DI"):
        to_mother, to_stranger = ssp.rating(f"{scale}_M"), ssp.rating(f"{scale}_S")
        assert to_mother is not None and to_mother.segments == ["ep2", "ep3", "ep5", "ep8"]
        assert to_stranger is not None and to_stranger.segments == ["ep3", "ep4", "ep7"]
    search = ssp.rating("SE")
    assert search is not None and search.segments == ["ep4", "ep6", "ep7"]
    assert all((r.min, r.max) == (1, 7) for r in ssp.ratings)
    assert [r.id for r in ssp.items_for_segment("ep6")] == ["SE"]
    assert ssp.items_for_segment("ep1") == []


def test_ssp_classification() -> None:
    cls = _load("ssp").classification
    assert cls is not None
    cats = {c.id: c for c in cls.categories}
    assert list(cats) == ["A", "B", "C", "D", "CC"]
    assert cats["A"].subgroups == ["A1", "A2"]
    assert cats["B"].subgroups == ["B1", "B2", "B3", "B4"] and cats["B"].secure
    assert cats["C"].subgroups == ["C1", "C2"]
    assert cats["D"].disorganized and cats["D"].requires_forced
    assert cats["CC"].cannot_classify and not cats["CC"].requires_forced
    assert cls.forced_from == ["A", "B", "C"]
    assert cls.d_rating is not None
    assert (cls.d_rating.min, cls.d_rating.max, cls.d_rating.step, cls.d_rating.threshold) == (
        1,
        9,
        1,
        5,
    )


def test_ssp_entrance_codes() -> None:
    ssp = _load("ssp")
    assert ssp.rows() == ["entrances"]
    assert all(c.kind is CodeKind.POINT for c in ssp.codes_in_stream("entrances"))
    assert {c.id for c in ssp.codes} == {
        "mother_enters",
        "mother_leaves",
        "stranger_enters",
        "stranger_leaves",
    }


def test_cib_composites() -> None:
    cib = _load("cib")
    assert all((r.min, r.max) == (1, 5) and r.segments == ["free_play"] for r in cib.ratings)
    assert 12 <= len(cib.ratings) <= 16
    assert {c.id for c in cib.composites} == {
        "parent_sensitivity",
        "parent_intrusiveness",
        "parent_limit_setting",
        "child_involvement",
        "child_withdrawal",
        "dyadic_reciprocity",
        "dyadic_negative_states",
    }
    assert all(c.method == "mean" for c in cib.composites)
    by_id = {c.id: c for c in cib.composites}
    reversed_items = {r.id for r in cib.ratings if r.reverse}
    assert reversed_items and reversed_items <= set(by_id["parent_sensitivity"].items)
    # Intrusiveness is its own composite, scored straight.
    assert not reversed_items & set(by_id["parent_intrusiveness"].items)
    # reverse is per item, so an item belongs to one composite only.
    members = [i for c in cib.composites for i in c.items]
    assert len(members) == len(set(members))
    negaff = cib.rating("P_NEGAFF")
    assert negaff is not None and negaff.reversed_value(2) == 4  # 6 − x


def test_eas() -> None:
    eas = _load("eas")
    assert eas.edition == "4th"
    assert [r.id for r in eas.ratings] == [
        "A_SENS",
        "A_STRUCT",
        "A_NONINTR",
        "A_NONHOST",
        "C_RESP",
        "C_INVOLVE",
    ]
    assert all((r.min, r.max) == (1, 7) and r.segments == ["session"] for r in eas.ratings)


def test_care_index_sums() -> None:
    care = _load("care_index")
    assert all((r.min, r.max) == (0, 14) for r in care.ratings)
    assert care.segments[0].nominal_ms == 180000
    adult, infant = care.sum_constraints
    assert adult.total == infant.total == 14
    assert adult.items == ["A_SENSITIVE", "A_CONTROLLING", "A_UNRESPONSIVE"]
    assert infant.items == ["I_COOPERATIVE", "I_COMPULSIVE", "I_DIFFICULT", "I_PASSIVE"]


def test_icep_r_streams() -> None:
    icep = _load("icep_r")
    assert [(s.id, s.nominal_ms) for s in icep.segments] == [
        ("play", 120000),
        ("still_face", 120000),
        ("reunion", 120000),
    ]
    assert icep.ordered_segments and icep.options.unit_ms == 1000
    assert icep.rows() == ["infant_phase", "caregiver_phase"]
    for row, count in (("infant_phase", 6), ("caregiver_phase", 7)):
        stream = icep.stream(row)
        assert stream is not None and stream.exclusive and stream.exhaustive
        codes = icep.codes_in_stream(row)
        assert len(codes) == count and all(c.kind is CodeKind.STATE for c in codes)
        assert [c.id for c in codes if c.uncodable] == [codes[-1].id]
        assert codes[-1].label == "Unscorable"
    assert all(c.key and c.key.isalpha() for c in icep.codes_in_stream("infant_phase"))
    assert all(c.key and c.key.isdigit() for c in icep.codes_in_stream("caregiver_phase"))


def test_piios_is_a_labelled_template() -> None:
    piios = _load("piios")
    assert piios.segments[0].nominal_ms == 180000
    assert piios.ratings
    assert all("placeholder" in r.label.lower() for r in piios.ratings)
    assert "template" in piios.title.lower()
