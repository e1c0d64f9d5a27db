"""Per-session ethogram: one lane per stream (scheme order), states as bars, points as ticks."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from coder.analysis.plots.render import new_figure
from coder.annotations.model import AnnotationSet
from coder.scheme.model import CodeKind, Scheme

SEGMENT_SHADES = ("#000000", "#7F7F7F")


def _draw(ax, annotations: AnnotationSet, scheme: Scheme, rows: Sequence[str], end_ms: int | None) -> None:  # type: ignore[no-untyped-def]
    lane = {row: i for i, row in enumerate(rows)}
    for n, seg in enumerate(annotations.segments):
        ax.axvspan(seg.start_ms / 1000, seg.end_ms / 1000, color=SEGMENT_SHADES[n % 2], alpha=0.07, lw=0)
        ax.text((seg.start_ms + seg.end_ms) / 2000, len(rows) - 0.45, seg.segment, ha="center", va="bottom",
                fontsize=7, color="#555555")
    # One artist per code (not per event): a session of thousands of events draws in milliseconds.
    bars: dict[str, list[tuple[float, float]]] = {}
    ticks: dict[str, list[float]] = {}
    for event in annotations.events:
        code = scheme.code(event.code)
        if code is None:
            continue
        if code.kind is CodeKind.STATE and event.end_ms is not None:
            bars.setdefault(code.id, []).append((event.start_ms / 1000, (event.end_ms - event.start_ms) / 1000))
        else:
            ticks.setdefault(code.id, []).append(event.start_ms / 1000)
    for code_id, spans in bars.items():
        code = scheme.code(code_id)
        assert code is not None
        y = lane[scheme.stream_of(code_id)]
        ax.broken_barh(spans, (y - 0.35, 0.7), facecolors=code.color, edgecolors="none")
    for code_id, times in ticks.items():
        code = scheme.code(code_id)
        assert code is not None
        y = lane[scheme.stream_of(code_id)]
        ax.vlines(times, y - 0.4, y + 0.4, colors=code.color, linewidth=1.5)
    ax.set_yticks(range(len(rows)), [scheme.stream(r).label if scheme.stream(r) and scheme.stream(r).label  # type: ignore[union-attr]
                                      else r for r in rows], fontsize=8)
    ax.set_ylim(-0.6, len(rows) - 0.1)
    ax.invert_yaxis()
    if end_ms:
        ax.set_xlim(0, end_ms / 1000)
    ax.set_xlabel("time (s)")


def _legend(figure: Figure, scheme: Scheme, loc: str = "outside lower center") -> None:
    from matplotlib.patches import Patch

    handles = [Patch(color=c.color, label=c.label or c.id) for c in scheme.codes]
    figure.legend(handles=handles, loc=loc, ncol=min(len(handles), 6), fontsize=7,  # type: ignore[call-overload]
                  frameon=False)


def ethogram(annotations: AnnotationSet, scheme: Scheme, *, end_ms: int | None = None, title: str = "") -> Figure:
    """The session's streams as lanes in the scheme's order and colours; segments shaded."""
    rows = scheme.rows()
    figure = new_figure(10, 0.45 * len(rows) + 1.8)
    ax = figure.add_subplot()
    _draw(ax, annotations, scheme, rows, end_ms)
    ax.set_title(title or annotations.header.session, fontsize=10)
    _legend(figure, scheme)
    return figure


def comparison_ethogram(first: AnnotationSet, second: AnnotationSet, scheme: Scheme, *,
                        end_ms: int | None = None, title: str = "") -> Figure:
    """Two coders' ethograms of one session, one above the other on the same time axis."""
    rows = scheme.rows()
    height = 0.9 * len(rows) + 2.4
    figure = new_figure(10, height, layout=None)  # fixed margins: one draw, fast enough for reports
    figure.subplots_adjust(left=0.16, right=0.98, top=1 - 0.45 / height, bottom=1.1 / height, hspace=0.35)
    top, bottom = figure.subplots(2, 1, sharex=True)
    _draw(top, first, scheme, rows, end_ms)
    _draw(bottom, second, scheme, rows, end_ms)
    top.set_xlabel("")
    top.set_title(f"{first.header.coder}", fontsize=9, loc="left")
    bottom.set_title(f"{second.header.coder}", fontsize=9, loc="left")
    figure.suptitle(title or first.header.session, fontsize=10)
    _legend(figure, scheme, loc="lower center")
    return figure
