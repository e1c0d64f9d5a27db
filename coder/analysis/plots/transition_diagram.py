"""Transition diagram: codes on a circle (scheme order, colours); an arrow for every observed
given → target transition, its width the transitional probability; dark when the adjusted
residual reaches the threshold (more often than chance), light grey otherwise."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from coder.analysis.lag_sequential import LagResult
from coder.analysis.plots.render import new_figure


def transition_diagram(result: LagResult, *, colors: dict[str, str] | None = None, z_min: float = 1.96,
                       title: str = "") -> Figure:
    """Arrows for observed transitions (dark when z ≥ ``z_min``); labels give p(target|given)."""
    codes = [str(c) for c in result.codes]
    k = len(codes)
    angle = [math.pi / 2 - 2 * math.pi * i / k for i in range(k)]
    pos = {c: (math.cos(a), math.sin(a)) for c, a in zip(codes, angle, strict=True)}
    figure = new_figure(6, 6)
    ax = figure.add_subplot()
    ax.set_aspect("equal")
    ax.axis("off")
    z = result.adjusted_residuals.to_numpy(dtype=float)
    p = result.probabilities.to_numpy(dtype=float)
    n = result.counts.to_numpy()
    for i, g in enumerate(codes):
        for j, t in enumerate(codes):
            if n[i, j] == 0:
                continue
            strong = bool(np.isfinite(z[i, j]) and z[i, j] >= z_min)
            color = "#222222" if strong else "#BBBBBB"
            if i == j:
                x, y = pos[g]
                ax.add_patch(FancyArrowPatch((x * 1.12, y * 1.12 + 0.04), (x * 1.12 + 0.04, y * 1.12),
                                             connectionstyle="arc3,rad=2.5", arrowstyle="-|>", mutation_scale=10,
                                             lw=0.5 + 4 * p[i, j], color=color))
                continue
            arrow = FancyArrowPatch(pos[g], pos[t], connectionstyle="arc3,rad=0.15", arrowstyle="-|>",
                                    mutation_scale=12, shrinkA=18, shrinkB=18, lw=0.5 + 4 * p[i, j],
                                    color=color)
            ax.add_patch(arrow)
            mx, my = (pos[g][0] + pos[t][0]) / 2, (pos[g][1] + pos[t][1]) / 2
            ax.text(mx, my, f"{p[i, j]:.2f}", fontsize=7, ha="center", va="center",
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none"})
    for c in codes:
        ax.scatter(*pos[c], s=900, color=(colors or {}).get(c, "#BBBBBB"), zorder=3, edgecolors="#333333")
        ax.text(pos[c][0] * 1.32, pos[c][1] * 1.32, c, ha="center", va="center", fontsize=8)
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.6, 1.6)
    ax.set_title(title or f"Lag {result.lag} transitions (dark: z ≥ {z_min:g})", fontsize=10)
    return figure
