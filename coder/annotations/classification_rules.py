"""Rules of a classification such as the Strange Situation's (A/B/C/D/CC with subgroups).

D without a forced alternative is an error; a D rating below the threshold with class D is a
warning the coder must confirm; CC is never forced into A/B/C.

A problem marked ``invalid`` is a value the scheme cannot hold (an unknown category, a D rating
off the scale or not a number): such a classification is never used as data. The others are
rules of a coding still in progress (D without its forced alternative yet).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from coder.annotations.model import Classification
from coder.scheme.model import Scheme


@dataclass(frozen=True)
class ClassificationProblem:
    severity: str  # "error" | "warning"
    where: str
    message: str
    invalid: bool = False
    field: str = ""


def _invalid(field: str, message: str) -> ClassificationProblem:
    return ClassificationProblem("error", "classification", message, invalid=True, field=field)


def _error(message: str) -> ClassificationProblem:
    return ClassificationProblem("error", "classification", message)


def _warning(message: str) -> ClassificationProblem:
    return ClassificationProblem("warning", "classification", message)


def classification_problems(value: Classification, scheme: Scheme) -> list[ClassificationProblem]:
    """Errors and warnings of a classification judged by the scheme's classification rules."""
    definition = scheme.classification
    if definition is None:
        return [] if value.is_empty else [
            _invalid("classification", f"scheme '{scheme.id}' has no classification")
        ]
    if value.is_empty:
        return []
    problems: list[ClassificationProblem] = []
    categories = {c.id: c for c in definition.categories}
    major = categories.get(value.major or "")
    if value.major is None:
        problems.append(_error("no category chosen"))
    elif major is None:
        problems.append(
            _invalid("classification.major", f"'{value.major}' is not a category of {definition.label}")
        )
    if major is not None and value.subgroup is not None and value.subgroup not in major.subgroups:
        problems.append(
            _invalid("classification.subgroup", f"'{value.subgroup}' is not a subgroup of {major.id}")
        )
    if major is not None and major.cannot_classify and value.forced:
        problems.append(_error(f"{major.id} (cannot classify) is not forced into another category"))
    if major is not None and major.requires_forced:
        if not value.forced:
            problems.append(_error(f"{major.id} needs a forced best-fitting alternative"))
        elif not _is_forced_choice(value.forced, scheme):
            allowed = ", ".join(definition.forced_from)
            problems.append(
                _invalid(
                    "classification.forced",
                    f"forced alternative '{value.forced}' must be one of {allowed} or their subgroups",
                )
            )
    elif major is not None and value.forced and not major.cannot_classify:
        problems.append(_error(f"a forced alternative is only given with {_forced_majors(scheme)}"))
    d = definition.d_rating
    if d is None and value.d_rating is not None:
        problems.append(_invalid("classification.d_rating", "the scheme has no D rating"))
    if d is not None and value.d_rating is not None:
        steps = (value.d_rating - d.min) / d.step if math.isfinite(value.d_rating) else 0.0
        if not math.isfinite(value.d_rating):
            problems.append(
                _invalid("classification.d_rating", f"D rating {value.d_rating} is not a number")
            )
        elif not d.min <= value.d_rating <= d.max:
            problems.append(
                _invalid(
                    "classification.d_rating",
                    f"D rating {value.d_rating:g} is outside {d.min:g}–{d.max:g}",
                )
            )
        elif abs(steps - round(steps)) > 1e-9:
            problems.append(
                _invalid(
                    "classification.d_rating",
                    f"D rating {value.d_rating:g} is not on steps of {d.step:g}",
                )
            )
        elif (
            major is not None
            and major.disorganized
            and value.d_rating < d.threshold
            and not value.low_d_confirmed
        ):
            problems.append(
                _warning(
                    f"classified {major.id} with a D rating of {value.d_rating:g}, below the threshold "
                    f"{d.threshold:g}: confirm it"
                )
            )
        elif (
            major is not None
            and not major.disorganized
            and not major.cannot_classify
            and value.d_rating >= d.threshold
        ):
            problems.append(
                _warning(
                    f"D rating {value.d_rating:g} is at or above the threshold {d.threshold:g} but the class is {major.id}"
                )
            )
    if major is not None and major.disorganized and d is not None and value.d_rating is None:
        problems.append(_error(f"{major.id} needs a D rating"))
    return problems


def _forced_majors(scheme: Scheme) -> str:
    assert scheme.classification is not None
    return (
        " or ".join(c.id for c in scheme.classification.categories if c.requires_forced)
        or "no category"
    )


def _is_forced_choice(forced: str, scheme: Scheme) -> bool:
    assert scheme.classification is not None
    allowed = set(scheme.classification.forced_from)
    return scheme.all_subgroups().get(forced) in allowed
