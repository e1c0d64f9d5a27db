"""Every validation rule fires on a scheme broken in one place, naming the field path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from coder.errors import SchemeError
from coder.scheme import parse_scheme
from coder.scheme.validation import scheme_problems

Data = dict[str, Any]


def _problems(data: Data) -> list[str]:
    with pytest.raises(SchemeError) as info:
        parse_scheme(data, source="broken.yaml")
    return info.value.problems


def test_the_base_scheme_is_valid(scheme_data: Data) -> None:
    scheme = parse_scheme(scheme_data, source="mini.yaml")
    assert scheme_problems(scheme) == []


def _dup_code(d: Data) -> None:
    d["codes"].append({**d["codes"][4], "key": "z"})


def _dup_key(d: Data) -> None:
    d["codes"][4]["key"] = "G"  # keys are case-insensitive: G clashes with g


def _unknown_stream(d: Data) -> None:
    d["codes"][4]["stream"] = "gazee"


def _unknown_modifier(d: Data) -> None:
    d["codes"][3]["modifiers"] = ["tone", "pitch"]


def _unknown_composite_item(d: Data) -> None:
    d["composites"][0]["items"] = ["SENS", "SENSS"]


def _min_not_below_max(d: Data) -> None:
    d["ratings"][1]["min"] = 7


def _anchor_outside(d: Data) -> None:
    d["ratings"][0]["anchors"] = {1: "low", 9: "beyond"}


def _unknown_rating_segment(d: Data) -> None:
    d["ratings"][0]["segments"] = ["ep1", "ep9"]


def _no_rating_segment(d: Data) -> None:
    d["ratings"][0]["segments"] = []


def _dup_rating(d: Data) -> None:
    d["ratings"].append({"id": "GLOBAL", "min": 1, "max": 3})


def _unknown_forced_from(d: Data) -> None:
    d["classification"]["forced_from"] = ["A", "B", "E"]


def _requires_forced_without_forced_from(d: Data) -> None:
    d["classification"]["forced_from"] = []


def _forced_to_itself(d: Data) -> None:
    d["classification"]["forced_from"] = ["A", "B", "C", "D"]


def _d_without_d_rating(d: Data) -> None:
    del d["classification"]["d_rating"]


def _threshold_outside(d: Data) -> None:
    d["classification"]["d_rating"]["threshold"] = 10


def _d_rating_min_not_below_max(d: Data) -> None:
    d["classification"]["d_rating"].update(min=9, max=1)


def _dup_category(d: Data) -> None:
    d["classification"]["categories"].append({"id": "C"})


def _dup_subgroup(d: Data) -> None:
    d["classification"]["categories"][1]["subgroups"] = ["B1", "A2"]


def _two_flags(d: Data) -> None:
    d["classification"]["categories"][1]["cannot_classify"] = True


def _two_disorganized(d: Data) -> None:
    d["classification"]["categories"][2]["disorganized"] = True


def _sum_impossible(d: Data) -> None:
    d["sum_constraints"][0]["total"] = 29  # two 0–14 items reach at most 28


def _sum_unknown_item(d: Data) -> None:
    d["sum_constraints"][0]["items"] = ["X1", "X3"]


def _reserved_session(d: Data) -> None:
    d["segments"][0]["id"] = "session"
    d["ratings"][0]["segments"] = ["session", "ep2"]
    d["ratings"][1:4] = [{**r, "segments": ["ep2"]} for r in d["ratings"][1:4]]


def _dup_segment(d: Data) -> None:
    d["segments"].append({"id": "ep1"})


def _unknown_present(d: Data) -> None:
    d["segments"][1]["present"] = ["infant", "father"]


def _dup_stream(d: Data) -> None:
    d["streams"].append({"id": "vocal"})


def _code_named_like_stream(d: Data) -> None:
    d["codes"][4]["id"] = "vocal"


def _empty_stream(d: Data) -> None:
    d["streams"].append({"id": "touch"})


def _point_in_exclusive(d: Data) -> None:
    d["codes"][4]["stream"] = "gaze"


def _exhaustive_not_exclusive(d: Data) -> None:
    d["streams"][1]["exhaustive"] = True


def _stream_unknown_partner(d: Data) -> None:
    d["streams"][0]["partner"] = "father"


def _uncodable_point(d: Data) -> None:
    d["codes"][4]["uncodable"] = True


def _dup_modifier(d: Data) -> None:
    d["modifiers"].append({"id": "tone", "values": ["x"]})


def _dup_modifier_value(d: Data) -> None:
    d["modifiers"][0].update(values=["pos", "pos"], keys=[])


def _modifier_key_count(d: Data) -> None:
    d["modifiers"][0]["keys"] = ["1"]


def _dup_modifier_key(d: Data) -> None:
    d["modifiers"][0]["keys"] = ["1", "1"]


def _dup_composite(d: Data) -> None:
    d["composites"].append({"id": "quality", "items": ["SENS"]})


def _composite_named_like_item(d: Data) -> None:
    d["composites"][0]["id"] = "SENS"


def _composite_item_twice(d: Data) -> None:
    d["composites"][0]["items"] = ["SENS", "SENS"]


def _composite_min_items(d: Data) -> None:
    d["composites"][0]["min_items"] = 3


def _step_off_grid(d: Data) -> None:
    d["ratings"][0]["step"] = 4


def _d_step_off_grid(d: Data) -> None:
    d["classification"]["d_rating"]["step"] = 3


def _sum_segments_differ(d: Data) -> None:
    d["ratings"][3]["segments"] = ["ep1", "ep2"]


RULES: list[tuple[Callable[[Data], None], str, str]] = [
    (_step_off_grid, "ratings[0].step:", "4 does not divide the range 1–7"),
    (_d_step_off_grid, "classification.d_rating.step:", "3 does not divide 1–9"),
    (_sum_segments_differ, "sum_constraints[0].items:", "rated in different segments"),
    (_dup_code, "codes:", "duplicate code 'cry'"),
    (_dup_key, "codes:", "key 'g' is bound to more than one code (gaze_mother, cry)"),
    (_unknown_stream, "codes[4].stream:", "unknown stream 'gazee'"),
    (_unknown_modifier, "codes[3].modifiers:", "unknown modifier 'pitch'"),
    (_unknown_composite_item, "composites[0].items:", "unknown item 'SENSS'"),
    (_min_not_below_max, "ratings[1]:", "min (7) must be below max (7)"),
    (_anchor_outside, "ratings[0].anchors:", "point 9 is outside 1–7"),
    (_unknown_rating_segment, "ratings[0].segments:", "unknown segment 'ep9'"),
    (_no_rating_segment, "ratings[0].segments:", "at least one segment"),
    (_dup_rating, "ratings:", "duplicate item 'GLOBAL'"),
    (_unknown_forced_from, "classification.forced_from:", "unknown category 'E'"),
    (
        _requires_forced_without_forced_from,
        "classification.categories[3].requires_forced:",
        "'D' needs forced_from",
    ),
    (_forced_to_itself, "classification.categories[3]:", "its own forced alternative"),
    (_d_without_d_rating, "classification.d_rating:", "needs a d_rating scale"),
    (_threshold_outside, "classification.d_rating.threshold:", "10 is outside 1–9"),
    (_d_rating_min_not_below_max, "classification.d_rating:", "min (9) must be below max (1)"),
    (_dup_category, "classification.categories:", "duplicate category 'C'"),
    (_dup_subgroup, "classification.categories:", "subgroup 'A2' appears more than once"),
    (_two_flags, "classification.categories[1]:", "only one of secure"),
    (_two_disorganized, "classification.categories:", "only one category may be disorganized"),
    (_sum_impossible, "sum_constraints[0].total:", "29 cannot be reached by items ranging 0–28"),
    (_sum_unknown_item, "sum_constraints[0].items:", "unknown item 'X3'"),
    (_reserved_session, "segments[0].id:", "'session' is reserved"),
    (_dup_segment, "segments:", "duplicate id 'ep1'"),
    (_unknown_present, "segments[1].present:", "unknown partner 'father'"),
    (_dup_stream, "streams:", "duplicate stream 'vocal'"),
    (_code_named_like_stream, "codes:", "code 'vocal' has the same id as a stream"),
    (_empty_stream, "streams[2]:", "stream 'touch' has no codes"),
    (_point_in_exclusive, "streams[0].exclusive:", "may hold states only"),
    (_exhaustive_not_exclusive, "streams[1].exhaustive:", "must also be exclusive"),
    (_stream_unknown_partner, "streams[0].partner:", "unknown partner 'father'"),
    (_uncodable_point, "codes[4].uncodable:", "only a state"),
    (_dup_modifier, "modifiers:", "duplicate modifier 'tone'"),
    (_dup_modifier_value, "modifiers[0].values:", "duplicate value 'pos'"),
    (_modifier_key_count, "modifiers[0].keys:", "1 keys for 2 values"),
    (_dup_modifier_key, "modifiers[0].keys:", "duplicate key '1'"),
    (_dup_composite, "composites:", "duplicate composite 'quality'"),
    (_composite_named_like_item, "composites:", "same id as a rating item"),
    (_composite_item_twice, "composites[0].items:", "item 'SENS' listed twice"),
    (_composite_min_items, "composites[0].min_items:", "3 is more than its 2 items"),
]


@pytest.mark.parametrize(
    ("breaker", "path", "fragment"), RULES, ids=[b.__name__.strip("_") for b, _, _ in RULES]
)
def test_each_rule_names_its_field_path(
    scheme_data: Data, breaker: Callable[[Data], None], path: str, fragment: str
) -> None:
    breaker(scheme_data)
    problems = _problems(scheme_data)
    assert len(problems) == 1, problems
    assert problems[0].startswith(path), problems
    assert fragment in problems[0]


def test_care_index_style_sum_constraint(scheme_data: Data) -> None:
    items = ["SENSITIVE", "CONTROLLING", "UNRESPONSIVE"]
    scheme_data["ratings"] = [{"id": i, "min": 0, "max": 14} for i in items]
    scheme_data["composites"] = []
    scheme_data["sum_constraints"] = [{"items": items, "total": 14}]
    assert parse_scheme(scheme_data).sum_constraints[0].total == 14

    scheme_data["sum_constraints"] = [{"items": items, "total": 43}]
    assert _problems(scheme_data) == [
        "sum_constraints[0].total: 43 cannot be reached by items ranging 0–42"
    ]
    scheme_data["sum_constraints"] = [{"items": items, "total": -1}]
    assert _problems(scheme_data)[0].startswith("sum_constraints[0].total: -1")


def test_every_problem_is_reported_at_once(scheme_data: Data) -> None:
    _unknown_stream(scheme_data)
    _anchor_outside(scheme_data)
    _d_without_d_rating(scheme_data)
    problems = _problems(scheme_data)
    assert len(problems) == 3
    assert {p.split(":")[0] for p in problems} == {
        "codes[4].stream",
        "ratings[0].anchors",
        "classification.d_rating",
    }


def test_error_message_names_file_and_lists_problems(scheme_data: Data) -> None:
    _dup_code(scheme_data)
    with pytest.raises(SchemeError) as info:
        parse_scheme(scheme_data, source="lab/broken.yaml")
    text = str(info.value)
    assert text.startswith("lab/broken.yaml: 1 problem(s): codes: duplicate code 'cry'")


def test_observer_may_be_present_without_being_a_partner(scheme_data: Data) -> None:
    scheme_data["segments"][0]["present"] = ["infant", "mother", "observer"]
    assert parse_scheme(scheme_data).segment("ep1") is not None


def test_half_point_d_rating_is_valid(scheme_data: Data) -> None:
    scheme_data["classification"]["d_rating"].update(step=0.5, threshold=4.5)
    scheme_data["ratings"][0]["step"] = 0.5
    scheme = parse_scheme(scheme_data)
    assert scheme.classification is not None and scheme.classification.d_rating is not None
    assert scheme.classification.d_rating.step == 0.5


# Field-level problems come from the model and name the path the same way.
FIELD_RULES: list[tuple[Callable[[Data], None], str]] = [
    (lambda d: d["codes"][0].update(key="ctrl"), "codes[0].key: a key must be one letter"),
    (lambda d: d["codes"][0].update(color="blue"), "codes[0].color: a colour must be written"),
    (lambda d: d["codes"][0].update(id="2gaze"), "codes[0].id: an id must start with a letter"),
    (lambda d: d["codes"][0].update(kind="interval"), "codes[0].kind:"),
    (lambda d: d["segments"][0].update(lable="x"), "segments[0].lable: unknown field"),
    (lambda d: d.update(colour="x"), "colour: unknown field"),
    (lambda d: d["segments"][0].update(nominal_ms=-1), "segments[0].nominal_ms:"),
    (lambda d: d["ratings"][0].update(step=0), "ratings[0].step:"),
    (lambda d: d["modifiers"][0].update(values=[]), "modifiers[0].values:"),
    (lambda d: d["sum_constraints"][0].update(items=["X1"]), "sum_constraints[0].items:"),
    (lambda d: d["classification"].update(categories=[{"id": "A"}]), "classification.categories:"),
    (
        lambda d: d["classification"]["categories"][0].update(subgroups=["A-1"]),
        "classification.categories[0].subgroups:",
    ),
    (lambda d: d.pop("title"), "title:"),
    (lambda d: d.update(format_version="1"), "format_version:"),
    (lambda d: d.update(format_version=0), "format_version:"),
]


@pytest.mark.parametrize(("breaker", "start"), FIELD_RULES, ids=[s for _, s in FIELD_RULES])
def test_field_problems_name_their_path(
    scheme_data: Data, breaker: Callable[[Data], None], start: str
) -> None:
    breaker(scheme_data)
    problems = _problems(scheme_data)
    assert len(problems) == 1, problems
    assert problems[0].startswith(start), problems
