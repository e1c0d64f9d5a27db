"""Draft schemes: valid ids, keys without collisions, a scheme that always validates."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coder.interop.draft_scheme import DraftScheme, assign_keys, make_id


def test_make_id() -> None:
    assert make_id("chicken - healthy") == "chicken_healthy"
    assert make_id("2nd look") == "c_2nd_look"
    assert make_id("") == "c"
    assert make_id("gaze", ["gaze", "gaze_2"]) == "gaze_3"


def test_assign_keys_keeps_free_preferred_keys_and_never_collides() -> None:
    keys = assign_keys([("hold", "h"), ("Hit", "H"), ("look", None), ("x", "F1"), ("y", "**")])
    assert keys["hold"] == "h"
    assert keys["Hit"] not in ("h", "H")
    assert keys["x"] == "F1"
    taken = [k.lower() for k in keys.values() if k]
    assert len(taken) == len(set(taken))


@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=80, unique=True))
def test_any_labels_give_a_valid_scheme(labels: list[str]) -> None:
    draft = DraftScheme(id="draft", title="Draft")
    draft.add_stream("row", exclusive=True, partner="mother")
    for label in labels:
        code = make_id(label, draft.taken_ids())
        draft.add_code(code, label=label, kind="state", stream="row", key=label[:1])
    scheme = draft.scheme()
    assert len(scheme.codes) == len(labels)
