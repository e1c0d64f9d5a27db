"""Raw tidy tables for R users: every event and every rating of every record, long.

``events``: session, key columns, coder (``consensus`` for the consensus record), exported
(1 when the record is the dataset's source), code, onset_ms, offset_ms (empty for points and
open states), duration_ms, one column per modifier (``mod_<id>``), comment.
``ratings``: session, key columns, coder, exported, segment, item, value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from coder.annotations.model import AnnotationSet
from coder.export.key_join import KeyJoin


@dataclass(frozen=True)
class RawRecord:
    session: str
    coder: str
    exported: bool
    annotations: AnnotationSet


def _key_values(key: KeyJoin | None, session: str) -> dict[str, str]:
    if key is None:
        return {}
    row = key.rows.get(session, {})
    return {c: row.get(c, "") for c in key.columns if c != "session"}


def _key_names(key: KeyJoin | None) -> list[str]:
    return [c for c in key.columns if c != "session"] if key is not None else []


def events_table(records: Sequence[RawRecord], key: KeyJoin | None) -> pd.DataFrame:
    """All events, one row each, in session, coder, onset order."""
    rows = []
    modifier_ids: list[str] = []
    for r in records:
        keys = _key_values(key, r.session)
        for e in sorted(r.annotations.events, key=lambda x: (x.start_ms, x.code, x.id)):
            mods = dict(e.modifiers)
            modifier_ids += [m for m in mods if m not in modifier_ids]
            rows.append({
                "session": r.session, **keys, "coder": r.coder, "exported": int(r.exported),
                "code": e.code, "onset_ms": e.start_ms, "offset_ms": e.end_ms,
                "duration_ms": None if e.end_ms is None else e.end_ms - e.start_ms,
                **{f"mod_{m}": v for m, v in mods.items()}, "comment": e.comment,
            })
    columns = (["session", *_key_names(key)]
               + ["coder", "exported", "code", "onset_ms", "offset_ms", "duration_ms"]
               + [f"mod_{m}" for m in sorted(modifier_ids)] + ["comment"])
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("onset_ms", "offset_ms", "duration_ms"):
        frame[column] = frame[column].astype("Int64")
    return frame


def ratings_table(records: Sequence[RawRecord], key: KeyJoin | None) -> pd.DataFrame:
    """All ratings, one row per record × segment × item."""
    rows = []
    for r in records:
        keys = _key_values(key, r.session)
        for rating in r.annotations.ratings:
            rows.append({
                "session": r.session, **keys, "coder": r.coder, "exported": int(r.exported),
                "segment": rating.segment, "item": rating.item, "value": rating.value,
            })
    columns = ["session", *_key_names(key), "coder", "exported", "segment", "item", "value"]
    return pd.DataFrame(rows, columns=columns).astype({"value": "float64"})
