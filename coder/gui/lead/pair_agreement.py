"""Agreement of two coders computed straight from the statistics API, as rows for the
reliability view (no Qt).

This is what the view shows while the project report of ``coder.reliability`` is not there:
per session, time-unit kappa of each exclusive stream and event-based kappa of each row (Bakeman,
Quera & Gnisci 2009 recommend reporting both); across the sessions both coders coded, ICC(A,1)
(McGraw & Wong 1996; Shrout & Fleiss ICC(2,1)) and ordinal Krippendorff's alpha of each rating
item, and Cohen's kappa of the classification's major category. A statistic that cannot be
computed (too few units, one category only …) gives a row with no value and the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from coder.annotations.model import AnnotationSet
from coder.errors import CoderError
from coder.project.project import Project
from coder.reliability import (
    cohen_kappa,
    icc,
    koo_li,
    krippendorff_alpha,
    landis_koch,
    percent_agreement,
)
from coder.reliability.event_alignment import event_agreement
from coder.reliability.time_units import time_unit_kappa
from coder.scheme.model import CodeKind, Scheme


@dataclass(frozen=True)
class AgreementRow:
    """One statistic for one thing (a stream, an item, a classification)."""

    what: str
    statistic: str
    value: float | None
    ci: tuple[float, float] | None = None
    n: int | None = None
    band: str = ""
    threshold: float | None = None
    note: str = ""

    @property
    def below(self) -> bool:
        """True when the value is under the project's threshold for this statistic."""
        return self.value is not None and self.threshold is not None and self.value < self.threshold


@dataclass(frozen=True)
class PairParameters:
    """Parameters of the computation, shown with the tables so a methods section can cite them."""

    coder_a: str
    coder_b: str
    unit_ms: int
    tolerance_ms: int
    icc_form: str = "A,1"


def _safe(what: str, statistic: str, compute: Callable[[], AgreementRow]) -> AgreementRow:
    try:
        return compute()
    except (CoderError, ValueError, ZeroDivisionError) as error:
        return AgreementRow(what, statistic, None, note=str(error))


def _events(record: AnnotationSet, scheme: Scheme, row: str, end_ms: int) -> list[tuple[str, int, int]]:
    """Events of one row as (code, start_ms, end_ms); a point ends where it starts, an open
    state at ``end_ms``."""
    found = []
    for event in record.events:
        if scheme.stream_of(event.code) != row:
            continue
        code = scheme.code(event.code)
        if code is not None and code.kind is CodeKind.POINT:
            found.append((event.code, event.start_ms, event.start_ms))
        else:
            found.append((event.code, event.start_ms, event.end_ms if event.end_ms is not None else end_ms))
    return found


def session_rows(
    project: Project, session: str, params: PairParameters
) -> list[AgreementRow]:
    """Timed-code agreement of the two coders in ``session``, one or two rows per timeline row."""
    scheme = project.scheme_for(session)
    a = project.load_annotations(params.coder_a, session)
    b = project.load_annotations(params.coder_b, session)
    if a is None or b is None:
        missing = params.coder_a if a is None else params.coder_b
        return [AgreementRow(session, "—", None, note=f"{missing} has no record of {session}")]
    duration = project.session(session).duration_ms or max(
        [e.end_ms or e.start_ms for e in (*a.events, *b.events)] + [1]
    )
    kappa_threshold = project.data.settings.kappa_threshold
    rows: list[AgreementRow] = []
    for row in scheme.rows():
        stream = scheme.stream(row)
        label = (stream.label if stream else "") or row
        ea, eb = _events(a, scheme, row, duration), _events(b, scheme, row, duration)
        if not ea and not eb:
            rows.append(AgreementRow(label, "—", None, note="neither coder coded this row"))
            continue
        codes = [c.id for c in scheme.codes_in_stream(row)]
        if scheme.is_exclusive(row):

            def unit_kappa(ea: Any = ea, eb: Any = eb, codes: Any = codes, label: str = label) -> AgreementRow:
                result = time_unit_kappa(
                    ea, eb, start_ms=0, end_ms=duration, unit_ms=params.unit_ms,
                    tolerance_ms=params.tolerance_ms, codes=codes,
                )
                return AgreementRow(
                    label, "time-unit κ", result.kappa, (result.ci_low, result.ci_high), result.n,
                    landis_koch(result.kappa).value if -1 <= result.kappa <= 1 else "",
                    kappa_threshold, f"agreement {100 * result.p_observed:.1f}%",
                )

            rows.append(_safe(label, "time-unit κ", unit_kappa))

        def event_kappa(ea: Any = ea, eb: Any = eb, label: str = label) -> AgreementRow:
            result = event_agreement(ea, eb, tolerance_ms=params.tolerance_ms)
            note = f"agreement {result.percent_agreement:.1f}%; {params.coder_a} {result.n_a}, {params.coder_b} {result.n_b} events"
            if result.kappa is None:
                return AgreementRow(label, "event κ", None, n=result.n_a + result.n_b, note=note + "; κ undefined")
            detail = result.detail
            ci = (detail.ci_low, detail.ci_high) if detail is not None else None
            if result.kappa_max is not None:
                note += f"; κmax {result.kappa_max:.2f}"
            return AgreementRow(
                label, "event κ", result.kappa, ci, len(result.pairs) + len(result.unmatched_a) + len(result.unmatched_b),
                landis_koch(result.kappa).value, kappa_threshold, note,
            )

        rows.append(_safe(label, "event κ", event_kappa))
    return rows


def double_coded(project: Project, coder_a: str, coder_b: str) -> list[str]:
    """Sessions both coders have a record of, in project order."""
    return [
        s.code for s in project.sessions
        if {coder_a, coder_b} <= set(project.coders_of(s.code))
    ]


def rating_rows(project: Project, params: PairParameters) -> list[AgreementRow]:
    """Per rating item, over every (session, segment) both coders could rate: ICC and α."""
    sessions = double_coded(project, params.coder_a, params.coder_b)
    records = {
        s: (project.load_annotations(params.coder_a, s), project.load_annotations(params.coder_b, s))
        for s in sessions
    }
    settings = project.data.settings
    rows: list[AgreementRow] = []
    seen: set[str] = set()
    for entry in project.data.schemes:
        scheme = project.scheme(entry.id)
        for item in scheme.ratings:
            if item.id in seen:
                continue
            seen.add(item.id)
            units: list[list[float | None]] = []
            for session, (a, b) in records.items():
                if a is None or b is None or project.session(session).scheme != scheme.id:
                    continue
                for segment in item.segments:
                    va, vb = _value(a, item.id, segment), _value(b, item.id, segment)
                    if va is not None or vb is not None:
                        units.append([va, vb])
            if not units:
                continue
            label = f"{item.label or item.id}"

            def icc_row(units: Any = units, label: str = label) -> AgreementRow:
                result = icc(units, form=params.icc_form)
                note = f"{len(units) - result.n} units with one rating left out" if result.n_dropped else ""
                return AgreementRow(
                    label, f"ICC({params.icc_form})", result.value, (result.ci_low, result.ci_high),
                    result.n, koo_li(result.value).value if -1 <= result.value <= 1 else "",
                    settings.icc_threshold, note,
                )

            def alpha_row(units: Any = units, label: str = label) -> AgreementRow:
                result = krippendorff_alpha(units, "ordinal")
                return AgreementRow(
                    label, "α ordinal", result.alpha, None, result.n_units, "", settings.alpha_threshold
                )

            rows.append(_safe(label, f"ICC({params.icc_form})", icc_row))
            rows.append(_safe(label, "α ordinal", alpha_row))
    return rows


def classification_rows(project: Project, params: PairParameters) -> list[AgreementRow]:
    """Cohen's kappa and % agreement of the major category over the double-coded sessions."""
    rows: list[AgreementRow] = []
    sessions = double_coded(project, params.coder_a, params.coder_b)
    for entry in project.data.schemes:
        scheme = project.scheme(entry.id)
        if scheme.classification is None:
            continue
        pairs = []
        for session in sessions:
            if project.session(session).scheme != scheme.id:
                continue
            a = project.load_annotations(params.coder_a, session)
            b = project.load_annotations(params.coder_b, session)
            if a is not None and b is not None and a.classification.major and b.classification.major:
                pairs.append([a.classification.major, b.classification.major])
        label = scheme.classification.label
        if not pairs:
            rows.append(AgreementRow(label, "κ (major)", None, note="no session classified by both"))
            continue
        categories = [c.id for c in scheme.classification.categories]

        def kappa_row(pairs: Any = pairs, label: str = label, categories: Any = categories) -> AgreementRow:
            result = cohen_kappa([p[0] for p in pairs], [p[1] for p in pairs], categories=categories)
            return AgreementRow(
                label, "κ (major)", result.kappa, (result.ci_low, result.ci_high), result.n,
                landis_koch(result.kappa).value, project.data.settings.kappa_threshold,
                f"agreement {percent_agreement(pairs):.1f}%",
            )

        rows.append(_safe(label, "κ (major)", kappa_row))
    return rows


def _value(record: AnnotationSet, item: str, segment: str) -> float | None:
    return next(
        (r.value for r in record.ratings if (r.item, r.segment) == (item, segment)), None
    )
