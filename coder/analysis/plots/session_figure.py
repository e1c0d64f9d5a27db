"""The figure of one coder's session that ``coder plot`` writes and the lead's analysis view shows."""

from __future__ import annotations

from typing import Literal

from matplotlib.figure import Figure

from coder.analysis.lag_sequential import LagResult, lag_table
from coder.analysis.plots.ethogram import ethogram
from coder.analysis.plots.lag_heatmap import lag_heatmap
from coder.analysis.plots.transition_diagram import transition_diagram
from coder.analysis.sequences import merged_sequence
from coder.annotations.model import AnnotationSet
from coder.errors import AnalysisError
from coder.project.project import Project
from coder.scheme.model import Scheme

Kind = Literal["ethogram", "lag", "transitions"]
KINDS = ("ethogram", "lag", "transitions")


def load_session(project: Project, session: str, coder: str) -> tuple[AnnotationSet, Scheme, int | None]:
    """One coder's annotations of a session (after the door check: invalid values left out), its
    scheme and the video duration (ms)."""
    entry = project.session(session)
    annotations = project.usable_annotations(coder, session)
    if annotations is None:
        raise AnalysisError(f"coder '{coder}' has no annotations of session {session}",
                            hint="check the coder id (coder plot … --coder ID)")
    return annotations, project.scheme_for(session), entry.duration_ms


def default_stream(scheme: Scheme) -> str:
    """The first exclusive stream of the scheme (else its first row)."""
    return next((s.id for s in scheme.streams if s.exclusive), scheme.rows()[0] if scheme.rows() else "")


def session_lag(annotations: AnnotationSet, scheme: Scheme, stream: str, lag: int = 1) -> LagResult:
    """The lag table of one session's stream (scheme code order)."""
    codes = [c.id for c in scheme.codes_in_stream(stream)]
    return lag_table(merged_sequence(annotations, scheme, [stream]), lag=lag, codes=codes)


def session_figure(project: Project, session: str, coder: str, kind: str = "ethogram",
                   stream: str | None = None, lag: int = 1) -> Figure:
    """An ethogram, a lag heat map or a transition diagram of one coder's session."""
    if kind not in KINDS:
        raise AnalysisError(f"unknown plot '{kind}'", hint="use " + ", ".join(KINDS))
    annotations, scheme, duration = load_session(project, session, coder)
    if kind == "ethogram":
        return ethogram(annotations, scheme, end_ms=duration, title=f"{session} — {coder}")
    stream = stream or default_stream(scheme)
    result = session_lag(annotations, scheme, stream, lag)
    labels = {c.id: c.label or c.id for c in scheme.codes}
    if kind == "lag":
        return lag_heatmap(result, labels=labels, title=f"{session} — {coder}: {stream}, lag {lag}")
    return transition_diagram(result, colors={c.id: c.color for c in scheme.codes},
                              title=f"{session} — {coder}: {stream}, lag {lag}")
