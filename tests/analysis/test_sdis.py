"""SDIS text for GSEQ: declaration, session labels, onset-offset times, session ends."""

from __future__ import annotations

import pytest

from coder.analysis.sdis import sdis_text
from coder.analysis.time_budget import SessionData
from coder.annotations.model import AnnotationHeader, AnnotationSet, Event
from coder.errors import AnalysisError
from coder.scheme import load_scheme
from coder.shipped import shipped_scheme


@pytest.fixture(scope="module")
def scheme():
    return load_scheme(shipped_scheme("demo_interaction"))


def _data():
    events = (Event.make("gaze_object", 2500, 4000), Event.make("gaze_mother", 0, 2500),
              Event.make("mother_vocal", 1200), Event.make("gaze_away", 4000))  # an open state
    return [SessionData("S-1", AnnotationSet(AnnotationHeader("ana", "S-1", "demo_interaction", "1.0", ""), events), 6000)]


def test_timed_sdis(scheme) -> None:
    text = sdis_text(_data(), scheme, streams=["infant_gaze", "vocal"])
    lines = text.splitlines()
    assert lines[0].startswith("%")
    # Gaze is exclusive but not exhaustive (gaps allowed): not declared as an ME&E set.
    assert lines[1] == "Timed gaze_mother gaze_object gaze_away infant_vocal mother_vocal;"
    affect = sdis_text(_data(), scheme, streams=["infant_affect"]).splitlines()[1]
    assert affect == "Timed (affect_positive affect_neutral affect_negative affect_uncodable);"
    assert lines[2] == "<S-1> ,0.000 gaze_mother,0.000-2.500 mother_vocal,1.200 gaze_object,2.500-4.000 ,6.000/"


def test_event_sdis_and_errors(scheme) -> None:
    text = sdis_text(_data(), scheme, streams=["infant_gaze"], kind="event")
    assert text.splitlines()[1:] == ["Event gaze_mother gaze_object gaze_away;",
                                     "<S-1> gaze_mother gaze_object gaze_away/"]
    with pytest.raises(AnalysisError):
        sdis_text(_data(), scheme, streams=["nope"])
    with pytest.raises(AnalysisError):
        sdis_text(_data(), scheme, kind="interval")
