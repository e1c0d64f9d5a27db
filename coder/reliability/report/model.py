"""The project reliability report as values: every figure with its estimate, CI, n, band and
threshold flag, and the parameters used. Numbers only; text lives in html/csv/json modules.

Times are integer ms of media time; kappas, ICCs and alphas are coefficients (≤ 1); percentages
are 0–100.
"""

from __future__ import annotations

from dataclasses import dataclass

from coder.reliability.disagreement import Disagreement
from coder.reliability.results import Table


@dataclass(frozen=True, kw_only=True)
class Figure:
    """One reliability coefficient.

    ``statistic`` is "kappa", "weighted_kappa", "icc", "alpha" or "percent". ``estimate`` is
    None when the statistic is undefined here (``note`` says why). ``ci_low``/``ci_high`` are the
    95% percentile bootstrap interval over sessions (None without bootstrap or when undefined).
    ``n`` counts the units the estimate rests on (time units, events, segments or sessions).
    ``band`` is the Landis & Koch band (kappa, alpha) or Koo & Li band (ICC); ``threshold`` is the
    lab's threshold and ``below_threshold`` whether the estimate falls under it.
    """

    statistic: str
    estimate: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    n: int = 0
    band: str | None = None
    threshold: float | None = None
    below_threshold: bool | None = None
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class SessionTimed:
    """One session's time-unit and event-based agreement for one row or code."""

    session: str
    coder_a: str
    coder_b: str
    n_units: int
    unit_kappa: float | None
    unit_kappa_tolerant: float | None
    unit_percent: float | None
    n_events: int
    event_kappa: float | None
    event_percent: float | None


@dataclass(frozen=True, kw_only=True)
class TimedAgreement:
    """Agreement on one exclusive stream (``code`` None; categories = its codes + nothing) or one
    code of a non-exclusive row as present/absent (``code`` set), pooled over sessions.

    ``unit_exact`` is time-unit kappa without tolerance; ``unit_a_to_b``/``unit_b_to_a`` with
    the tolerance in each direction, ``unit_tolerant`` their mean (Bakeman, Quera & Gnisci 2009).
    ``event`` is event-based kappa (onsets paired within the tolerance), ``event_percent`` its
    percent agreement. ``unit_table`` (rows coder a, columns coder b, order of ``categories``) and
    ``event_table`` (order of ``event_categories``) are pooled tallies.
    """

    scheme: str
    row: str
    code: str | None
    label: str
    categories: tuple[str, ...]
    unit_exact: Figure
    unit_a_to_b: Figure
    unit_b_to_a: Figure
    unit_tolerant: Figure
    unit_percent: Figure
    event: Figure
    event_percent: Figure
    event_kappa_max: float | None
    unit_table: Table
    event_categories: tuple[str, ...]
    event_table: Table
    sessions: tuple[SessionTimed, ...]


@dataclass(frozen=True, kw_only=True)
class RatingAgreement:
    """Agreement on one rating item or composite over units = session × segment.

    ``icc`` is ICC(A,1) (McGraw & Wong 1996; Shrout & Fleiss ICC(2,1)); ``weighted_kappa``
    quadratic-weighted kappa over the full scale ``scale_min``..``scale_max`` (items only);
    ``alpha`` ordinal Krippendorff's alpha; ``exact_percent`` percent of units rated identically.
    """

    scheme: str
    item: str
    label: str
    kind: str  # "item" | "composite" | "d_rating"
    scale_min: float
    scale_max: float
    n_units: int
    icc: Figure
    weighted_kappa: Figure
    alpha: Figure
    exact_percent: Figure


@dataclass(frozen=True, kw_only=True)
class ClassificationAgreement:
    """Agreement on one reduction of a classification (e.g. SSP ABCD), units = sessions."""

    scheme: str
    name: str  # "abcd" | "abc_forced" | "secure" | "disorganized" | "subgroup"
    label: str
    categories: tuple[str, ...]
    kappa: Figure
    percent: Figure
    table: Table


@dataclass(frozen=True, kw_only=True)
class SessionClassification:
    """Both coders' classification of one double-coded session."""

    session: str
    coder_a: str
    coder_b: str
    major_a: str | None
    major_b: str | None
    subgroup_a: str | None
    subgroup_b: str | None
    d_rating_a: float | None
    d_rating_b: float | None


@dataclass(frozen=True, kw_only=True)
class SspAgreement:
    """Classification agreement of one scheme (4-way, 3-way forced, secure, D, subgroups) with
    ICC of the D rating; interactive scales are in the ratings section."""

    scheme: str
    n_sessions: int
    reductions: tuple[ClassificationAgreement, ...]
    d_rating: RatingAgreement | None
    sessions: tuple[SessionClassification, ...]


@dataclass(frozen=True, kw_only=True)
class DriftPoint:
    """Agreement of one double-coded session at its coding date (the later ``modified`` of the
    two files); ``kappa`` is the mean exact time-unit kappa over the session's timed rows."""

    session: str
    coder_a: str
    coder_b: str
    date: str
    kappa: float | None
    n_rows: int


@dataclass(frozen=True, kw_only=True)
class Drift:
    """Agreement over coding date with an ordinary least-squares trend (kappa per 30 days)."""

    points: tuple[DriftPoint, ...]
    slope_per_30_days: float | None
    r: float | None
    p_value: float | None


@dataclass(frozen=True, kw_only=True)
class PairInfo:
    """A double-coded session and the two coders compared."""

    session: str
    scheme: str
    coder_a: str
    coder_b: str
    window_ms: int
    n_units: int


@dataclass(frozen=True, kw_only=True)
class Excluded:
    """A session left out of the report, and why."""

    session: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class Parameters:
    """Everything a methods section needs to cite the report."""

    unit_ms: int
    tolerance_ms: int
    tolerance_units: int
    unit_rule: str
    window_rule: str
    matching_rule: str
    icc_form: str
    icc_df: str
    weights: str
    alpha_level: str
    classification_rule: str
    bootstrap: int
    seed: int
    ci: str
    kappa_threshold: float
    icc_threshold: float
    alpha_threshold: float
    coders: tuple[str, ...]
    tool_version: str
    generated: str


@dataclass(frozen=True, kw_only=True)
class AssistedSplit:
    """One timed row's exact time-unit κ on sessions where a coder accepted machine suggestions
    (``assisted``) and on the others (``unassisted``), with how many sessions each rests on."""

    scheme: str
    row: str
    code: str | None
    label: str
    assisted: Figure
    unassisted: Figure
    n_assisted: int
    n_unassisted: int


@dataclass(frozen=True, kw_only=True)
class ReliabilityReport:
    """The project's inter-rater reliability report (independent codes only, never consensus)."""

    project: str
    parameters: Parameters
    pairs: tuple[PairInfo, ...]
    excluded: tuple[Excluded, ...]
    timed: tuple[TimedAgreement, ...]
    ratings: tuple[RatingAgreement, ...]
    classification: tuple[SspAgreement, ...]
    disagreements: tuple[Disagreement, ...]
    drift: Drift
    problems: tuple[str, ...]
    assisted_sessions: tuple[str, ...] = ()  # sessions where a coder accepted suggestions
    assisted_split: tuple[AssistedSplit, ...] = ()
    invalid_values: tuple[str, ...] = ()
    """Values of the coders' files that are not valid (file, field, value, why): left out."""
