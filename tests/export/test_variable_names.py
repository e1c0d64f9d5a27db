"""SPSS/Stata names: valid, unique, deterministic shortening."""

from __future__ import annotations

from coder.export.variable_names import MAX_LENGTH, is_valid_name, short_names


def test_valid_names_are_kept() -> None:
    assert short_names(["gaze_mother_freq_play1_t0", "arm"]) == {
        "gaze_mother_freq_play1_t0": "gaze_mother_freq_play1_t0", "arm": "arm"
    }


def test_long_colliding_and_odd_names_become_unique_valid_names() -> None:
    names = [
        "touch_affectionate_mbout_play1_t0_extra_long",
        "touch_affectionate_mbout_play1_t0_extra_longer",
        "1st_item", "Ärger-Skala", "to", "ARM", "arm", "x" * 40,
    ]
    short = short_names(names)
    assert all(is_valid_name(s) for s in short.values())
    assert len({s.lower() for s in short.values()}) == len(names)
    assert all(len(s) <= MAX_LENGTH for s in short.values())
    assert short["1st_item"] == "v1st_item"
    assert short["Ärger-Skala"] == "Arger_Skala"
    assert short["to"] == "to_"
    assert short["arm"] != "arm"  # clashes with ARM in SPSS


def test_shortening_is_deterministic() -> None:
    names = [f"very_long_variable_name_number_{i}_for_the_test" for i in range(50)]
    assert short_names(names) == short_names(names)
    assert short_names(names)[names[0]].startswith("very_long_variable_name_")
