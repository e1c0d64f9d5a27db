"""An edit's difference names only what changed: a moved event is placed again, nothing else."""

from __future__ import annotations

from typing import Any

from coder.server.record_delta import MAX_TOUCHED, events_as_rows, events_delta


def _events(*ids: str) -> list[dict[str, Any]]:
    return [{"id": i, "code": "look", "start_ms": n} for n, i in enumerate(ids)]


def test_no_change_is_an_empty_difference() -> None:
    delta = events_delta(_events("a", "b"), _events("a", "b"))
    assert delta is not None and delta.is_empty and (delta.base, delta.count) == (2, 2)


def test_an_added_event_is_placed_after_its_predecessor() -> None:
    delta = events_delta(_events("a", "b"), [*_events("a"), {"id": "n"}, *_events("a", "b")[1:]])
    assert delta is not None
    assert delta.place == (("a", "b", {"id": "n"}),) and not delta.remove and not delta.change
    first = events_delta(_events("a"), [{"id": "n"}, *_events("a")])
    assert first is not None and first.place == ((None, "a", {"id": "n"}),)
    last = events_delta(_events("a"), [*_events("a"), {"id": "n"}])
    assert last is not None and last.place == (("a", None, {"id": "n"}),)


def test_a_moved_event_is_removed_and_placed_again_the_rest_kept() -> None:
    before = _events("a", "b", "c", "d", "e")
    after = [before[1], before[2], before[3], before[4], before[0]]
    delta = events_delta(before, after)
    assert delta is not None
    assert delta.remove == ("a",) and delta.place == (("e", None, before[0]),)
    assert not delta.change


def test_events_placed_in_a_row_lie_before_the_same_kept_event() -> None:
    before = _events("a", "b")
    delta = events_delta(before, [before[0], {"id": "x"}, {"id": "y"}, before[1]])
    assert delta is not None
    assert delta.place == (("a", "b", {"id": "x"}), ("x", "b", {"id": "y"}))


def test_a_changed_event_in_place_is_changed() -> None:
    before = _events("a", "b")
    after = [before[0], {**before[1], "comment": "x"}]
    delta = events_delta(before, after)
    assert delta is not None and delta.change == (after[1],) and not delta.place
    assert delta.as_json()["kind"] == "change"


def test_removed_events_are_named() -> None:
    delta = events_delta(_events("a", "b", "c"), _events("a", "b", "c")[1:2])
    assert delta is not None and delta.remove == ("a", "c") and delta.count == 1


def test_too_many_placements_send_the_whole_record() -> None:
    ids = [f"e{n}" for n in range(MAX_TOUCHED + 5)]
    assert events_delta([], _events(*ids)) is None
    reversed_ids = _events(*ids)[::-1]
    assert events_delta(_events(*ids), reversed_ids) is None


def test_only_lists_of_objects_with_distinct_string_ids_are_rows() -> None:
    assert events_as_rows({"events": _events("a", "b")}) is not None
    assert events_as_rows({"events": _events("a", "a")}) is None
    assert events_as_rows({"events": [{"code": "look"}]}) is None
    assert events_as_rows({"events": [{"id": 3}]}) is None
    assert events_as_rows({"events": ["a"]}) is None
    assert events_as_rows({"counts": {}}) is None


def test_a_previous_body_with_repeated_ids_sends_the_whole_record() -> None:
    before = _events("a", "b", "c")
    assert events_delta([*before, before[0]], before) is None  # "a" twice, once around the edit
    assert events_delta([before[0], before[0]], before[:1]) is None


def test_only_the_edited_stretch_is_compared_and_named() -> None:
    ids = [f"e{n:03d}" for n in range(300)]
    before = _events(*ids)
    after = [*before[:150], {"id": "new"}, *before[150:]]
    delta = events_delta(before, after)
    assert delta is not None and delta.place == (("e149", "e150", {"id": "new"}),)
    assert (delta.base, delta.count) == (300, 301)
