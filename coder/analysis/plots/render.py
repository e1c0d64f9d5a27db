"""Figure → bytes (SVG, PDF, PNG) on the Agg backend, written atomically."""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import Literal

import matplotlib

matplotlib.use("Agg", force=False)  # the core never needs a display
from matplotlib.figure import Figure

from coder.errors import AnalysisError
from coder.storage.atomic import atomic_write_bytes

FORMATS = ("svg", "pdf", "png")
# Matplotlib shares font objects between figures and is not thread-safe: figures are drawn one at
# a time, whichever thread asks (the GUI draws on worker threads).
_DRAW_LOCK = threading.Lock()
# Fixed metadata so the same figure gives the same bytes (no creation date, no tool version).
_METADATA = {"svg": {"Date": None, "Creator": None}, "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
             "png": {"Software": None}}


def new_figure(width_in: float, height_in: float,
               layout: Literal["constrained"] | None = "constrained") -> Figure:
    """A figure bound to the Agg canvas (not to pyplot's global state).

    ``layout=None`` skips constrained layout (a second full draw): the caller places the axes.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = Figure(figsize=(width_in, height_in), layout=layout)
    FigureCanvasAgg(figure)
    return figure


def render(figure: Figure, fmt: str, dpi: int = 150) -> bytes:
    """The figure as ``svg``, ``pdf`` or ``png`` bytes."""
    if fmt not in FORMATS:
        raise AnalysisError(f"unknown figure format '{fmt}'", hint="use svg, pdf or png")
    buffer = io.BytesIO()
    with _DRAW_LOCK, matplotlib.rc_context({"svg.hashsalt": "coder"}):  # stable element ids in SVG
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
    return buffer.getvalue()


def save_figure(figure: Figure, path: str | Path, fmt: str | None = None) -> Path:
    """Write the figure to ``path`` (format from ``fmt`` or the file's suffix)."""
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    atomic_write_bytes(path, render(figure, fmt))
    return path
