"""Classification agreement: 4-way, 3-way forced, secure, D and subgroups, CC excluded."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.annotations.model import Classification
from coder.project.project import Project
from coder.reliability.report import project_report
from coder.shipped import shipped_schemes_dir

SSP = shipped_schemes_dir() / "ssp.yaml"


def test_reductions_by_hand(tmp_path: Path, writer) -> None:
    project = Project.create(tmp_path / "p", name="ssp", schemes=[SSP])
    write = writer(project)
    cases = {
        "S1": (Classification("B", "B3", 2), Classification("B", "B3", 3)),
        "S2": (Classification("A", "A1", 1), Classification("A", "A2", 1)),
        "S3": (Classification("D", None, 7, forced="B2"), Classification("C", "C1", 4)),
        "S4": (Classification("CC", None, 5), Classification("B", "B1", 4)),
    }
    for session, (ca, cb) in cases.items():
        write("ana", session, [], classification=ca)
        write("ben", session, [], classification=cb)
    report = project_report(project, bootstrap=0)
    [ssp] = report.classification
    assert ssp.n_sessions == 4
    red = {r.name: r for r in ssp.reductions}
    assert red["abcd"].categories == ("A", "B", "C", "D")
    assert red["abcd"].kappa.n == 3  # CC excluded
    assert red["abcd"].table == ((1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 0, 0), (0, 0, 1, 0))
    assert red["abc_forced"].table == ((1, 0, 0), (0, 1, 1), (0, 0, 0))  # D → B (from B2)
    assert red["secure"].table == ((1, 0), (0, 2))
    assert red["secure"].kappa.estimate == pytest.approx(1.0)
    assert red["disorganized"].table == ((0, 1), (0, 2))  # S3: a D, b not D
    assert red["subgroup"].percent.estimate == pytest.approx(100 / 3)
    # kappa of ABCD by the textbook: p_o = 2/3, p_e = (1·1 + 1·1 + 0 + 1·0)/9
    p_o, p_e = 2 / 3, 2 / 9
    assert red["abcd"].kappa.estimate == pytest.approx((p_o - p_e) / (1 - p_e))
    assert ssp.d_rating is not None and ssp.d_rating.n_units == 4
    assert ssp.d_rating in report.ratings
    kinds = {d.kind for d in report.disagreements}
    assert kinds == {"classification"}
    assert [d.session for d in report.disagreements] == ["S2", "S3", "S4"]
