"""SSP classification variables (B, D with forced, CC) and episode durations and flags."""

from __future__ import annotations

import math

import pytest

from coder.annotations.model import Classification, Segment
from coder.export.ssp_variables import classification_variables, segment_info_variables
from coder.export.variables import Record, Registry
from coder.scheme.model import Scheme

from .conftest import annotation_set


def _classify(scheme: Scheme, value: Classification) -> dict[str, object]:
    registry = Registry()
    rows = classification_variables(scheme, [Record(0, "S-TEST1", annotation_set(scheme, classification=value))], registry)
    out: dict[str, object] = {}
    for v, x in zip(rows["var"], rows["value"], strict=True):
        info = registry.variables[v]
        out[info.stem] = info.categories[int(x) - 1] if info.kind == "categorical" and not math.isnan(x) else x
    return out


def test_secure_b3(ssp: Scheme) -> None:
    got = _classify(ssp, Classification(major="B", subgroup="B3", d_rating=2))
    assert got["ssp_class"] == "B3" and got["ssp_major"] == "B"
    assert got["secure"] == 1.0 and got["disorg"] == 0.0 and got["ssp_d_rating"] == 2.0
    assert math.isnan(got["ssp_forced"])  # type: ignore[arg-type]


def test_major_is_derived_from_the_subgroup(ssp: Scheme) -> None:
    assert _classify(ssp, Classification(subgroup="C2"))["ssp_major"] == "C"


def test_d_with_forced_alternative(ssp: Scheme) -> None:
    got = _classify(ssp, Classification(major="D", forced="B3", d_rating=7))
    assert got["ssp_class"] == "D" and got["ssp_major"] == "D" and got["ssp_forced"] == "B3"
    assert got["secure"] == 0.0 and got["disorg"] == 1.0 and got["ssp_d_rating"] == 7.0


def test_cannot_classify_is_missing_or_insecure_per_scheme(ssp: Scheme) -> None:
    got = _classify(ssp, Classification(major="CC"))
    assert got["ssp_major"] == "CC"
    assert math.isnan(got["secure"]) and math.isnan(got["disorg"])  # type: ignore[arg-type]
    assert ssp.classification is not None
    insecure = ssp.model_copy(update={"classification": ssp.classification.model_copy(update={"secure_cannot_classify": "insecure"})})
    got = _classify(insecure, Classification(major="CC"))
    assert got["secure"] == 0.0 and math.isnan(got["disorg"])  # type: ignore[arg-type]


def test_empty_classification_is_all_na(ssp: Scheme) -> None:
    got = _classify(ssp, Classification())
    assert all(math.isnan(v) for v in got.values())  # type: ignore[arg-type]


def test_episode_durations_and_flags(ssp: Scheme) -> None:
    segments = [Segment.make("ep4", 0, 95_000, curtailed=True), Segment.make("ep5", 95_000, 300_000, extended=True)]
    registry = Registry()
    rows = segment_info_variables(ssp, [Record(0, "S-TEST1", annotation_set(ssp, [], segments))], None, registry)
    got = {registry.variables[v].stem: x for v, x in zip(rows["var"], rows["value"], strict=True)}
    assert got["ep4_duration_s"] == 95.0 and got["ep4_curtailed"] == 1.0
    assert got["ep5_duration_s"] == pytest.approx(205.0) and got["ep5_extended"] == 1.0
    assert "ep5_curtailed" not in got  # ep5 may not be curtailed
    assert "ep8_duration_s" not in got  # not marked
