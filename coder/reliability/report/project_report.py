"""``project_report``: the whole reliability report of a project, from independent codes only."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from coder import __version__
from coder.errors import ReliabilityError
from coder.progress import Progress, no_progress, within
from coder.project.project import Project
from coder.project.record_check import InvalidValue
from coder.reliability.disagreement import Disagreement
from coder.reliability.report.assisted import assisted_split, is_assisted
from coder.reliability.report.bootstrap import session_weights
from coder.reliability.report.disagreements import sorted_disagreements
from coder.reliability.report.drift import drift
from coder.reliability.report.figures import Thresholds
from coder.reliability.report.model import (
    AssistedSplit,
    PairInfo,
    Parameters,
    RatingAgreement,
    ReliabilityReport,
    SspAgreement,
    TimedAgreement,
)
from coder.reliability.report.pairs import CodedPair, double_coded
from coder.reliability.report.ratings import rating_agreement
from coder.reliability.report.ssp import CC_RULE, classification_agreement
from coder.reliability.report.timed import in_windows, timed_agreement, unit_midpoints2
from coder.storage import now_iso


def project_report(
    project: Project,
    *,
    unit_ms: int = 1000,
    tolerance_ms: int = 2000,
    coders: Sequence[str] | None = None,
    bootstrap: int = 1000,
    seed: int = 0,
    progress: Progress | None = None,
    assisted: Collection[tuple[str, str]] = (),
) -> ReliabilityReport:
    """Inter-rater reliability of every session two or more coders coded independently.

    ``unit_ms``: time unit of time-unit kappa (ms); ``tolerance_ms``: tolerance of time-unit kappa
    (floored to whole units) and the onset window of event pairing (ms); ``coders``: only these
    coders' files (default: all); ``bootstrap``: resamples of sessions for the 95% percentile CIs
    (0 = none); ``seed``: the resampling seed. ``progress(fraction, message)`` is called as work
    proceeds. ``assisted``: the (coder, session) records in which machine suggestions were
    accepted (``coder.assist.assisted_records``); those sessions are marked and their agreement
    is also given apart. Consensus records are never read. See ``ReliabilityReport``.
    """
    if unit_ms <= 0 or tolerance_ms < 0 or bootstrap < 0:
        raise ReliabilityError(
            f"the report needs unit_ms > 0, tolerance_ms ≥ 0 and bootstrap ≥ 0; got {unit_ms}, "
            f"{tolerance_ms} and {bootstrap}"
        )
    settings = project.data.settings
    thresholds = Thresholds(
        settings.kappa_threshold, settings.icc_threshold, settings.alpha_threshold
    )
    report = progress or no_progress
    invalid: list[InvalidValue] = []
    pairs, excluded = double_coded(project, coders, within(report, 0.0, 0.5), invalid)
    by_scheme: dict[str, list[CodedPair]] = {}
    for pair in pairs:
        by_scheme.setdefault(pair.scheme.id, []).append(pair)
    timed: list[TimedAgreement] = []
    ratings: list[RatingAgreement] = []
    classes: list[SspAgreement] = []
    found: list[Disagreement] = []
    problems: list[str] = []
    ordered: list[CodedPair] = []
    kappas: list[list[float]] = []
    split: list[AssistedSplit] = []
    for step, (_scheme_id, group) in enumerate(sorted(by_scheme.items())):
        report(0.5 + 0.5 * step / len(by_scheme), f"agreement of {_scheme_id}")
        sessions = sorted({p.session for p in group})
        position = {s: i for i, s in enumerate(sessions)}
        weights = session_weights(len(sessions), bootstrap, seed)
        pair_weights = weights[:, np.array([position[p.session] for p in group], dtype=np.intp)]
        outcome = timed_agreement(
            group, pair_weights, unit_ms=unit_ms, tolerance_ms=tolerance_ms, thresholds=thresholds
        )
        timed += outcome.rows
        found += outcome.disagreements
        problems += outcome.problems
        ordered += group
        kappas += outcome.pair_kappas
        rows, differ = rating_agreement(group, pair_weights, thresholds)
        ratings += rows
        found += differ
        ssp, differ = classification_agreement(group, pair_weights, thresholds)
        if ssp is not None:
            classes.append(ssp)
            if ssp.d_rating is not None:
                ratings.append(ssp.d_rating)
        found += differ
        split += assisted_split(
            group, assisted, unit_ms=unit_ms, tolerance_ms=tolerance_ms, thresholds=thresholds
        )
    used = sorted({c for p in pairs for c in (p.coder_a, p.coder_b)})
    return ReliabilityReport(
        project=project.name,
        parameters=_parameters(unit_ms, tolerance_ms, bootstrap, seed, thresholds, used),
        pairs=tuple(
            PairInfo(
                session=p.session,
                scheme=p.scheme.id,
                coder_a=p.coder_a,
                coder_b=p.coder_b,
                window_ms=p.window_ms,
                n_units=int(in_windows(unit_midpoints2(p.duration_ms, unit_ms), p.windows).sum()),
            )
            for p in pairs
        ),
        excluded=tuple(excluded),
        timed=tuple(timed),
        ratings=tuple(ratings),
        classification=tuple(classes),
        disagreements=sorted_disagreements(found),
        drift=drift(ordered, kappas),
        problems=tuple(problems),
        assisted_sessions=tuple(sorted({p.session for p in pairs if is_assisted(p, assisted)})),
        assisted_split=tuple(split),
        invalid_values=tuple(str(v) for v in invalid),
    )


def _parameters(
    unit_ms: int,
    tolerance_ms: int,
    bootstrap: int,
    seed: int,
    thresholds: Thresholds,
    coders: list[str],
) -> Parameters:
    return Parameters(
        unit_ms=unit_ms,
        tolerance_ms=tolerance_ms,
        tolerance_units=tolerance_ms // unit_ms,
        unit_rule="a unit takes the code covering its midpoint (a point: the unit holding it); "
        "uncoded time is the category <nothing>; non-exclusive rows per code, present/absent",
        window_rule="units and events (by onset) within the segments both coders marked; the "
        "whole session (duration_ms, else the last event end) when a coder marked none",
        matching_rule=f"event kappa: one-to-one optimal pairing by onset within ±{tolerance_ms} "
        "ms, most pairs then most same-code pairs then closest; unpaired events tallied against "
        "<nothing>; in a non-exclusive row all its codes are paired together, and a code's event % is its paired-with-itself events over all events it is involved in. Time-unit kappa with tolerance: mean of both directions (Bakeman, Quera & "
        "Gnisci 2009)",
        icc_form="A,1: two-way random, absolute agreement, single rater (McGraw & Wong 1996; "
        "Shrout & Fleiss ICC(2,1)); units = session × segment, columns = coders",
        icc_df="two-way ANOVA mean squares: rows df n − 1, columns df k − 1, error df "
        "(n − 1)(k − 1); the CIs shown are the session bootstrap (see ci), not F-based",
        weights="quadratic, categories = the full scale from min to max in steps",
        alpha_level="ordinal (Krippendorff 2011)",
        classification_rule=CC_RULE,
        bootstrap=bootstrap,
        seed=seed,
        ci="95% percentile bootstrap over sessions (resampled with replacement, all coder "
        "pairs of a session together)"
        if bootstrap
        else "none (bootstrap = 0)",
        kappa_threshold=thresholds.kappa,
        icc_threshold=thresholds.icc,
        alpha_threshold=thresholds.alpha,
        coders=tuple(coders),
        tool_version=__version__,
        generated=now_iso(),
    )
