"""Classification agreement (the SSP and any scheme with a classification), units = sessions.

Reductions reported (DOMAIN: Cohen's κ on 4-way ABCD, 3-way forced ABC, secure/insecure, D/not-D;
% agreement on subgroups; ICC on the D rating):
- ``abcd``: the major categories except cannot-classify (CC); a D's forced alternative is
  ignored; sessions either coder called CC are excluded.
- ``abc_forced``: a disorganized major is replaced by the major of its forced alternative.
- ``secure``: secure (B) vs the rest; CC follows the scheme's ``secure_cannot_classify``
  ("missing": excluded, "insecure": counted as insecure).
- ``disorganized``: D vs not-D; CC excluded.
- ``subgroup``: subgroups (a major without subgroups stands for itself); CC excluded.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from coder.annotations.model import Classification
from coder.reliability.disagreement import Disagreement, DisagreementKind
from coder.reliability.kappa import kappa_from_table
from coder.reliability.report.bootstrap import kappa_of_tables, percent_of_tables, resample_sum
from coder.reliability.report.disagreements import pair_disagreement
from coder.reliability.report.figures import Thresholds, guarded, make_figure
from coder.reliability.report.model import (
    ClassificationAgreement,
    SessionClassification,
    SspAgreement,
)
from coder.reliability.report.pairs import CodedPair
from coder.reliability.report.ratings import rating_figures
from coder.reliability.results import as_table
from coder.scheme.model import ClassificationDef, Scheme

FloatArray = npt.NDArray[np.float64]
Reduce = Callable[[Classification], str | None]

CC_RULE = (
    "classification: CC excluded from ABCD, ABC-forced, D/not-D and subgroups; for secure/"
    "insecure CC follows the scheme's secure_cannot_classify (missing: excluded); a D's forced alternative is ignored in "
    "ABCD and replaces D in ABC-forced"
)


def _reductions(scheme: Scheme, cls: ClassificationDef) -> list[tuple[str, str, list[str], Reduce]]:
    majors = {c.id: c for c in cls.categories}
    cc = {c.id for c in cls.categories if c.cannot_classify}
    disorg = {c.id for c in cls.categories if c.disorganized}
    secure = {c.id for c in cls.categories if c.secure}
    to_major = scheme.all_subgroups()
    organised = cls.forced_from or [
        c.id for c in cls.categories if c.id not in cc and c.id not in disorg
    ]
    subgroups = [s for c in cls.categories if c.id not in cc for s in (c.subgroups or [c.id])]

    def major(c: Classification) -> str | None:
        return c.major if c.major in majors and c.major not in cc else None

    def forced(c: Classification) -> str | None:
        m = major(c)
        if m in disorg:
            return to_major.get(c.forced or "")
        return m

    def sec(c: Classification) -> str | None:
        if c.major in cc:
            return "insecure" if cls.secure_cannot_classify == "insecure" else None
        m = major(c)
        return None if m is None else ("secure" if m in secure else "insecure")

    def dis(c: Classification) -> str | None:
        m = major(c)
        return None if m is None else ("D" if m in disorg else "not D")

    def sub(c: Classification) -> str | None:
        m = major(c)
        if m is None:
            return None
        return c.subgroup if c.subgroup in subgroups else (m if m in subgroups else None)

    return [
        (
            "abcd",
            "4-way (all majors but CC)",
            [c.id for c in cls.categories if c.id not in cc],
            major,
        ),
        ("abc_forced", "3-way, D forced", [m for m in organised if m in majors], forced),
        ("secure", "secure vs insecure", ["secure", "insecure"], sec),
        ("disorganized", "D vs not D", ["D", "not D"], dis),
        ("subgroup", "subgroups", subgroups, sub),
    ]


def classification_agreement(
    pairs: list[CodedPair], pair_weights: FloatArray, thresholds: Thresholds
) -> tuple[SspAgreement | None, list[Disagreement]]:
    """Classification figures of one scheme's pairs (None when it has no classification)."""
    if not pairs or pairs[0].scheme.classification is None:
        return None, []
    scheme = pairs[0].scheme
    cls = scheme.classification
    assert cls is not None
    coded = [
        (i, p) for i, p in enumerate(pairs) if p.a.classification.major and p.b.classification.major
    ]
    reductions = []
    for name, label, cats, reduce in _reductions(scheme, cls):
        k = len(cats)
        index = {c: j for j, c in enumerate(cats)}
        tables = np.zeros((len(pairs), k, k))
        for i, p in coded:
            ra, rb = reduce(p.a.classification), reduce(p.b.classification)
            if ra in index and rb in index:
                tables[i, index[ra], index[rb]] += 1
        pooled = tables.sum(0)
        n = int(pooled.sum())
        est, note = _kappa(pooled, cats)
        boots = resample_sum(tables, pair_weights)
        pct = float(100.0 * np.trace(pooled) / n) if n else None
        reductions.append(
            ClassificationAgreement(
                scheme=scheme.id,
                name=name,
                label=label,
                categories=tuple(cats),
                kappa=make_figure("kappa", est, kappa_of_tables(boots), n, thresholds, note),
                percent=make_figure(
                    "percent",
                    pct,
                    percent_of_tables(boots),
                    n,
                    thresholds,
                    "" if n else "no sessions",
                ),
                table=as_table(pooled),
            )
        )
    d_rating = None
    if cls.d_rating is not None:
        units = [
            (i, float(p.a.classification.d_rating), float(p.b.classification.d_rating))
            for i, p in enumerate(pairs)
            if p.a.classification.d_rating is not None and p.b.classification.d_rating is not None
        ]
        d_rating = rating_figures(
            scheme.id,
            "d_rating",
            cls.d_rating.label,
            "d_rating",
            cls.d_rating.min,
            cls.d_rating.max,
            cls.d_rating.step,
            units,
            pair_weights,
            thresholds,
        )
    sessions = []
    found = []
    for _i, p in coded:
        ca, cb = p.a.classification, p.b.classification
        sessions.append(
            SessionClassification(
                session=p.session,
                coder_a=p.coder_a,
                coder_b=p.coder_b,
                major_a=ca.major,
                major_b=cb.major,
                subgroup_a=ca.subgroup,
                subgroup_b=cb.subgroup,
                d_rating_a=ca.d_rating,
                d_rating_b=cb.d_rating,
            )
        )
        if (ca.major, ca.subgroup, ca.forced) != (cb.major, cb.subgroup, cb.forced):
            found.append(
                pair_disagreement(
                    p, DisagreementKind.CLASSIFICATION, cls.id, _text(ca), _text(cb)
                )
            )
    return SspAgreement(
        scheme=scheme.id,
        n_sessions=len(coded),
        reductions=tuple(reductions),
        d_rating=d_rating,
        sessions=tuple(sessions),
    ), found


def _kappa(table: FloatArray, categories: list[str]) -> tuple[float | None, str]:
    return guarded(lambda: kappa_from_table(table, categories).kappa)


def _text(c: Classification) -> str:
    value = c.subgroup or c.major or ""
    return f"{value} (forced {c.forced})" if c.forced else value
