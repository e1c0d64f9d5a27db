"""Figures render in every format, keep the scheme's colours and give the same bytes twice."""

from __future__ import annotations

import pandas as pd
import pytest

from coder.analysis.lag_sequential import lag_table
from coder.analysis.plots import (
    budget_bars,
    comparison_ethogram,
    ethogram,
    lag_heatmap,
    render,
    transition_diagram,
)
from coder.annotations.model import AnnotationHeader, AnnotationSet, Event, Segment
from coder.errors import AnalysisError
from coder.scheme import load_scheme
from coder.shipped import shipped_scheme

MAGIC = {"png": b"\x89PNG", "pdf": b"%PDF", "svg": b"<?xml"}


@pytest.fixture(scope="module")
def scheme():
    return load_scheme(shipped_scheme("demo_interaction"))


def _set(coder="ana"):
    events = (Event.make("gaze_mother", 0, 3000, id="a"), Event.make("gaze_object", 3000, 5000, id="b"),
              Event.make("mother_vocal", 1000, id="c"))
    return AnnotationSet(AnnotationHeader(coder, "S-1", "demo_interaction", "1.0", ""), events,
                         (Segment("s", "play1", 0, 4000),))


@pytest.mark.parametrize("fmt", ["svg", "pdf", "png"])
def test_every_figure_renders(scheme, fmt: str) -> None:
    result = lag_table(list("abcabcaab"), codes=list("abc"))
    budget = pd.DataFrame({"code": ["x", "y"] * 2, "measure": "prop", "value": [0.1, 0.2, 0.3, 0.4],
                           "arm": ["PIP", "PIP", "TAU", "TAU"], "timepoint": "t0"})
    for figure in (ethogram(_set(), scheme, end_ms=6000), comparison_ethogram(_set(), _set("ben"), scheme),
                   lag_heatmap(result), transition_diagram(result), budget_bars(budget)):
        assert render(figure, fmt).startswith(MAGIC[fmt])


def test_ethogram_uses_the_scheme_colours_and_same_bytes(scheme) -> None:
    svg = render(ethogram(_set(), scheme, end_ms=6000), "svg")
    assert b"#4e79a7" in svg.lower()  # gaze_mother's colour in the scheme
    assert svg == render(ethogram(_set(), scheme, end_ms=6000), "svg")


def test_unknown_format_is_refused(scheme) -> None:
    with pytest.raises(AnalysisError):
        render(ethogram(_set(), scheme), "gif")


def test_a_session_figure_never_draws_an_invalid_value(demo) -> None:  # type: ignore[no-untyped-def]
    import json

    from coder.analysis.plots.session_figure import load_session

    session = demo.sessions[0].code
    path = demo.annotation_path("ana", session)
    data = json.loads(path.read_bytes())
    state = next(e for e in data["events"] if e.get("end_ms") is not None)
    state["end_ms"] = state["start_ms"] - 1  # ends before it starts
    path.write_text(json.dumps(data))
    annotations, _scheme, _duration = load_session(demo, session, "ana")
    assert state["id"] not in {e.id for e in annotations.events}
    assert len(annotations.events) == len(data["events"]) - 1
