"""Agreement on assisted and unassisted sessions, apart.

A pair is assisted when either coder accepted a machine suggestion in that session (the caller
says which coder–session records were assisted; ``coder.assist`` knows). Suggestions can bias
coders towards each other (both see the same proposal), so the report gives each timed row's
exact time-unit κ separately for assisted and unassisted sessions, without bootstrap.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from coder.reliability.report.figures import Thresholds
from coder.reliability.report.model import AssistedSplit, Figure
from coder.reliability.report.pairs import CodedPair
from coder.reliability.report.timed import timed_agreement


def is_assisted(pair: CodedPair, assisted: Collection[tuple[str, str]]) -> bool:
    return (pair.coder_a, pair.session) in assisted or (pair.coder_b, pair.session) in assisted


def assisted_split(
    pairs: list[CodedPair],
    assisted: Collection[tuple[str, str]],
    *,
    unit_ms: int,
    tolerance_ms: int,
    thresholds: Thresholds,
) -> list[AssistedSplit]:
    """Per timed row of one scheme's pairs: κ on assisted and on unassisted sessions."""
    with_help = [p for p in pairs if is_assisted(p, assisted)]
    without = [p for p in pairs if not is_assisted(p, assisted)]
    if not with_help:
        return []

    def rows(group: list[CodedPair]) -> dict[tuple[str, str | None], tuple[str, Figure]]:
        if not group:
            return {}
        outcome = timed_agreement(
            group,
            np.zeros((0, len(group))),
            unit_ms=unit_ms,
            tolerance_ms=tolerance_ms,
            thresholds=thresholds,
        )
        return {(r.row, r.code): (r.label, r.unit_exact) for r in outcome.rows}

    helped, alone = rows(with_help), rows(without)
    empty = Figure(statistic="kappa", estimate=None, note="no such sessions")
    return [
        AssistedSplit(
            scheme=pairs[0].scheme.id,
            row=row,
            code=code,
            label=label,
            assisted=figure,
            unassisted=alone.get((row, code), ("", empty))[1],
            n_assisted=len({p.session for p in with_help}),
            n_unassisted=len({p.session for p in without}),
        )
        for (row, code), (label, figure) in helped.items()
    ]
