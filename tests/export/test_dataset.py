"""Wide and long layouts hold the same values: pivoting long gives wide."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coder.export import parse_spec, run_export
from coder.project.project import Project


def test_wide_is_long_pivoted(demo: Project) -> None:
    long = pd.read_csv(run_export(demo, parse_spec("name: l\n"), ["csv"]).out_dir / "l.csv")
    wide = pd.read_csv(run_export(demo, parse_spec("name: w\nlayout: wide\n"), ["csv"]).out_dir / "w.csv")
    long["stem"] = np.where(
        long["segment"] == "session", long["variable"], long["variable"] + "_" + long["segment"]
    )
    segment_info = long["variable"].isin(["duration_s", "curtailed", "extended"])
    long.loc[segment_info, "stem"] = long["segment"] + "_" + long["variable"]
    long["column"] = long["stem"] + "_" + long["timepoint"]
    categorical = set(long.loc[long["value_text"].notna(), "variable"])
    numeric = long[~long["variable"].isin(categorical)]
    pivot = numeric.pivot(index="participant", columns="column", values="value")
    codebook = pd.read_csv(demo.root / "exports" / "w" / "codebook.csv")
    short = dict(zip(codebook["long_name"], codebook["name"], strict=True))
    pivot.columns = [short[c] for c in pivot.columns]
    long["column"] = long["column"].map(short)
    assert set(pivot.columns) <= set(wide.columns)
    wide = wide.set_index("participant").loc[pivot.index, list(pivot.columns)]
    np.testing.assert_allclose(wide.to_numpy(float), pivot.to_numpy(float), equal_nan=True)
    text = long[long["value_text"].notna()]
    for row in text.itertuples():
        assert wide_text(demo, row.participant, row.column) == row.value_text


def wide_text(demo: Project, participant: str, column: str) -> str:
    frame = pd.read_csv(demo.root / "exports" / "w" / "w.csv").set_index("participant")
    return str(frame.loc[participant, column])


def test_wide_has_one_row_per_participant_and_timepoint_suffixes(demo: Project) -> None:
    wide = pd.read_csv(run_export(demo, parse_spec("name: w\nlayout: wide\n"), ["csv"]).out_dir / "w.csv")
    assert wide["participant"].tolist() == ["P101", "P102"]
    assert wide["arm"].tolist() == ["PIP", "TAU"]
    assert {"session_t0", "session_t1", "session_t2", "m_sensitivity_play1_t0",
            "ssp_class_t2", "AV_M_ep5_t2", "PS_M_ep8_t2", "ep4_duration_s_t2", "ep4_curtailed_t2",
            "infant_vocal_positive_freq_t1"} <= set(wide.columns)
    codebook = pd.read_csv(demo.root / "exports" / "w" / "codebook.csv")
    shortened = codebook[codebook["long_name"] == "infant_vocal_positive_freq_play1_t1"]["name"].item()
    assert len(shortened) <= 32 and shortened in wide.columns
    assert wide["ssp_class_t2"].tolist() == ["B3", "D"]
    assert wide["ssp_forced_t2"].tolist()[1] == "A1"


def test_two_schemes_at_one_timepoint_get_scheme_suffixed_session_columns(demo: Project) -> None:
    from coder.project.key_file import read_key, write_key

    rows = read_key(demo.key_path)
    ssp = {s.code for s in demo.sessions if s.scheme == "ssp"}
    write_key(demo.key_path, [{**r, "timepoint": "t1"} if r["session"] in ssp else r for r in rows])
    wide = pd.read_csv(run_export(demo, parse_spec("name: w\nlayout: wide\n"), ["csv"]).out_dir / "w.csv")
    assert {"session_t0", "session_demo_interaction_t1", "session_ssp_t1", "ssp_class_t1"} <= set(wide.columns)
    assert wide["ssp_class_t1"].tolist() == ["B3", "D"]
