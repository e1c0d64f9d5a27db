"""Time-budget bars: the mean of one measure per code, grouped by arm × timepoint (or any group)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from coder.analysis.plots.render import new_figure


def budget_bars(budget: pd.DataFrame, *, measure: str = "prop", group: Sequence[str] = ("arm", "timepoint"),
                codes: Sequence[str] | None = None, colors: dict[str, str] | None = None,
                title: str = "") -> Figure:
    """Bars of the mean ``measure`` per code (scheme order via ``codes``) for each group, ±1 SE.

    ``budget`` is the tidy frame of ``time_budget`` joined with the group columns (e.g. arm and
    timepoint from the key, after unblinding).
    """
    frame = budget[budget["measure"] == measure]
    group = [g for g in group if g in frame.columns]
    order = list(codes) if codes is not None else list(dict.fromkeys(frame["code"]))
    frame = frame[frame["code"].isin(order)]
    keys = frame[group].astype(str).agg(" × ".join, axis=1) if group else pd.Series("all", index=frame.index)
    stats = frame.assign(group=keys).groupby(["group", "code"])["value"].agg(["mean", "sem"]).reset_index()
    groups = list(dict.fromkeys(sorted(stats["group"])))
    figure = new_figure(max(6.0, 0.6 * len(order) * max(len(groups), 1) / 2 + 3), 4)
    ax = figure.add_subplot()
    width = 0.8 / max(len(groups), 1)
    x = np.arange(len(order))
    hatches = ["", "//", "..", "xx", "\\\\", "oo"]
    for n, g in enumerate(groups):
        part = stats[stats["group"] == g].set_index("code").reindex(order)
        ax.bar(x + n * width - 0.4 + width / 2, part["mean"], width, yerr=part["sem"].fillna(0), label=g,
               color=[(colors or {}).get(c, "#888888") for c in order], hatch=hatches[n % len(hatches)],
               edgecolor="#333333", linewidth=0.5, capsize=2)
    ax.set_xticks(x, order, rotation=45, ha="right", fontsize=8)
    ax.set_ylabel(measure)
    if groups:
        from matplotlib.patches import Patch

        handles = [Patch(facecolor="white", edgecolor="#333333", hatch=hatches[n % len(hatches)], label=g)
                   for n, g in enumerate(groups)]
        ax.legend(handles=handles, fontsize=7, title=" × ".join(group) if group else None, title_fontsize=7)
    ax.set_title(title or f"Time budget ({measure}) by {' × '.join(group) or 'all sessions'}", fontsize=10)
    return figure
