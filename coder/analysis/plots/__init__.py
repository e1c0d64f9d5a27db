"""Figures of analysis results with matplotlib (Agg backend: no display, no Qt).

Each function returns a matplotlib ``Figure``; ``render`` turns it into SVG, PDF or PNG bytes
and ``save_figure`` writes it atomically. Codes keep the scheme's order and colours.
"""

from coder.analysis.plots.budget_bars import budget_bars
from coder.analysis.plots.ethogram import comparison_ethogram, ethogram
from coder.analysis.plots.lag_heatmap import lag_heatmap
from coder.analysis.plots.render import FORMATS, render, save_figure
from coder.analysis.plots.transition_diagram import transition_diagram

__all__ = [
    "FORMATS", "budget_bars", "comparison_ethogram", "ethogram", "lag_heatmap", "render",
    "save_figure", "transition_diagram",
]
