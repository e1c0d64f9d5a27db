"""Per-session comparison ethograms of two coders, as PNG data URIs for the HTML reliability report."""

from __future__ import annotations

import base64
from collections.abc import Sequence

from coder.analysis.plots.ethogram import comparison_ethogram
from coder.analysis.plots.render import render
from coder.errors import CoderError
from coder.project.project import Project

MAX_FIGURES = 50
"""A report embeds at most this many figures by default (each ~25–100 kB, ~0.5 s to draw for a
session of 2,000 events per coder), so the report stays quick to make and to open."""


def comparison_key(session: str, coder_a: str, coder_b: str) -> str:
    return f"{session}:{coder_a}:{coder_b}"


def comparison_figures(project: Project, pairs: Sequence[tuple[str, str, str]],
                       limit: int = MAX_FIGURES, dpi: int = 80) -> dict[str, str]:
    """``comparison_key(...)`` → ``data:image/png;base64,…`` for the first ``limit`` pairs that load."""
    out: dict[str, str] = {}
    for session, coder_a, coder_b in pairs[:limit]:
        try:  # through the door check: an invalid value is never drawn (the report lists it)
            first = project.usable_annotations(coder_a, session)
            second = project.usable_annotations(coder_b, session)
        except CoderError:
            continue
        if first is None or second is None:
            continue
        figure = comparison_ethogram(first, second, project.scheme_for(session),
                                     end_ms=project.session(session).duration_ms,
                                     title=f"{session}: {coder_a} (top) and {coder_b} (bottom)")
        data = base64.b64encode(render(figure, "png", dpi=dpi)).decode("ascii")
        out[comparison_key(session, coder_a, coder_b)] = f"data:image/png;base64,{data}"
    return out
