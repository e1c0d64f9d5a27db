"""Dyadic indices on small hand-worked sessions."""

from __future__ import annotations

import math

import pytest

from coder.analysis.dyadic import contingent_responsiveness, episode_contrasts, match_repair
from coder.annotations.model import AnnotationHeader, AnnotationSet, Event
from coder.errors import AnalysisError


def _set(events):
    return AnnotationSet(AnnotationHeader("ana", "S-1", "icep_r", "1.0", ""), tuple(events))


def test_responsiveness_against_base_rate() -> None:
    # 10 s, bids at 1 s and 6 s; responses at 2 s (answers the first bid within 3 s) and 9.5 s.
    events = [Event.make("infant_vocal", 1000), Event.make("infant_vocal", 6000),
              Event.make("mother_vocal", 2000), Event.make("mother_vocal", 9500)]
    r = contingent_responsiveness(_set(events), ["infant_vocal"], ["mother_vocal"],
                                  start_ms=0, end_ms=10000, window_ms=(0, 3000), unit_ms=1000)
    assert (r.bids, r.bids_answered) == (2, 1)
    assert r.conditional == 0.5
    # Units u = 0..9 s; the window [u, u+3) catches a response for u in {0,1,2} (2 s) and {7,8,9} (9.5 s).
    assert r.base_rate == pytest.approx(0.6)
    assert r.index == pytest.approx(-0.1)
    assert r.contingency.target == "onset"


INFANT = {"inf_social_positive": "positive", "inf_object_engaged": "positive", "inf_negative_protest": "negative"}
CAREGIVER = {"cg_social_positive": "positive", "cg_intrusive": "negative"}


def test_match_mismatch_repair_per_episode() -> None:
    events = [
        # infant: positive 0–4 s, negative 4–7 s, positive 7–10 s
        Event.make("inf_social_positive", 0, 4000), Event.make("inf_negative_protest", 4000, 7000),
        Event.make("inf_social_positive", 7000, 10000),
        # caregiver: positive all through
        Event.make("cg_social_positive", 0, 10000),
    ]
    table = match_repair(_set(events), INFANT, CAREGIVER, episodes=[("play", 0, 10000)], unit_ms=1000)
    row = table.iloc[0]
    assert row.scored_s == 10
    assert row.match_prop == pytest.approx(0.7)
    assert (row.mismatch_runs, row.repairs) == (1, 1)
    assert row.repair_rate == 1.0
    assert row.repair_latency_s == 3.0
    assert row.repairs_per_min == pytest.approx(6.0)


def test_unrepaired_mismatch_at_the_end_and_unscored_units() -> None:
    events = [Event.make("inf_negative_protest", 0, 5000), Event.make("cg_social_positive", 0, 3000)]
    row = match_repair(_set(events), INFANT, CAREGIVER, episodes=[("still_face", 0, 5000)]).iloc[0]
    assert row.scored_s == 3 and row.mismatch_runs == 1 and row.repairs == 0
    assert math.isnan(row.repair_latency_s)
    with pytest.raises(AnalysisError):
        match_repair(_set(events), {"x": "happy"}, CAREGIVER, episodes=[])


def test_still_face_contrasts() -> None:
    c = episode_contrasts({"play": 0.5, "still_face": 0.2, "reunion": 0.4})
    assert c["still_face_minus_play"] == pytest.approx(-0.3)
    assert c["reunion_minus_still_face"] == pytest.approx(0.2)
    assert math.isnan(episode_contrasts({"play": 1.0})["reunion_minus_play"])
