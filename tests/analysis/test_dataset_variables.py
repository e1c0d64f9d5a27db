"""Sequential variables in the export: the same numbers as coder.analysis, named in the codebook."""

from __future__ import annotations

import pytest

from coder.analysis.dataset_variables import sequential_variables
from coder.analysis.lag_sequential import lag_table
from coder.analysis.sequences import merged_sequence
from coder.errors import ExportError
from coder.export import parse_spec, run_export
from coder.shipped import shipped_specs_dir


def test_shipped_sequential_spec_matches_the_analysis(demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run_export(demo, shipped_specs_dir() / "demo_sequential.yaml", out_dir=tmp_path / "out",
                        sequential=sequential_variables)
    import pandas as pd

    frame = pd.read_csv(tmp_path / "out" / "demo_sequential.csv")
    names = set(frame["variable"])
    assert {"affect_negative_to_affect_positive_lag1_adjres", "mvoc_after_ivoc_yules_q",
            "vocal_resp_index", "match_prop", "repair_rate", "mvoc_lat_mean", "pos_during_mgaze_prop_of_b",
            "gaze_mother_prop"} <= names
    assert "bin1" in set(frame["segment"])
    session = result.sessions[0]
    record = next(s for s in demo.sessions if s.code == session)
    source = frame[frame["session"] == session]["source"].iloc[0]
    annotations = demo.load_annotations(source, session) if source != "consensus" else None
    assert annotations is not None
    scheme = demo.scheme(record.scheme)
    seq = merged_sequence(annotations, scheme, ["infant_affect"])
    table = lag_table(seq, codes=[c.id for c in scheme.codes_in_stream("infant_affect")])
    row = frame[(frame["session"] == session) & (frame["variable"] == "affect_negative_to_affect_positive_lag1_count")]
    assert float(row["value"].iloc[0]) == table.counts.loc["affect_negative", "affect_positive"]
    codebook = (tmp_path / "out" / "codebook.md").read_text()
    assert "mvoc_after_ivoc_yules_q" in codebook and "time-window contingency" in codebook
    assert "mismatch runs followed by a match" in codebook


def test_misspelt_code_names_the_field(demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    spec = parse_spec(
        "name: bad\nschemes: [demo_interaction]\nsequential:\n  contingency:\n"
        "    - {name: x, given: [infant_vocal], target: [mother_vocl]}\n"
    )
    with pytest.raises(ExportError, match=r"sequential\.contingency\.0.*mother_vocl"):
        run_export(demo, spec, out_dir=tmp_path / "out", sequential=sequential_variables)
    with pytest.raises(ExportError, match="analysis package"):  # the export layer alone cannot
        run_export(demo, spec, out_dir=tmp_path / "out")


def test_cli_export_computes_sequential_variables(demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from coder.cli import main

    assert main(["export", str(demo.root), "--spec", "demo_sequential", "--out", str(tmp_path / "o")]) == 0
    assert "mvoc_after_ivoc_yules_q" in (tmp_path / "o" / "demo_sequential.csv").read_text()
