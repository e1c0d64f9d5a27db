"""Heat map of a lag table's adjusted residuals (given rows × target columns)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from coder.analysis.lag_sequential import LagResult
from coder.analysis.plots.render import new_figure


def lag_heatmap(result: LagResult, *, title: str = "", labels: dict[str, str] | None = None) -> Figure:
    """Adjusted residuals on a diverging scale (±3 saturates), each cell annotated with z and n."""
    z = result.adjusted_residuals.to_numpy(dtype=float)
    n = result.counts.to_numpy()
    names = [(labels or {}).get(str(c), str(c)) for c in result.codes]
    size = max(4.0, 0.7 * len(names) + 2.5)
    figure = new_figure(size + 1.2, size)
    ax = figure.add_subplot()
    image = ax.imshow(np.ma.masked_invalid(z), cmap="RdBu_r", vmin=-3, vmax=3)
    for i in range(len(names)):
        for j in range(len(names)):
            text = "—" if not np.isfinite(z[i, j]) else f"{z[i, j]:.1f}\n({n[i, j]})"
            ax.text(j, i, text, ha="center", va="center", fontsize=7,
                    color="white" if np.isfinite(z[i, j]) and abs(z[i, j]) > 2 else "black")
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(names)), names, fontsize=8)
    ax.set_xlabel(f"target (lag {result.lag})")
    ax.set_ylabel("given")
    figure.colorbar(image, ax=ax, label="adjusted residual z", shrink=0.8)
    ax.set_title(title or f"Lag {result.lag}: adjusted residuals (count)", fontsize=10)
    return figure
