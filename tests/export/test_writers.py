"""SPSS and Stata files read back equal to the data, with variable and value labels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyreadstat

from coder.export import parse_spec, run_export
from coder.export.dataset import Dataset
from coder.export.writers import WRITERS
from coder.project.project import Project
from coder.shipped import shipped_specs_dir


def _numeric_equal(written: pd.DataFrame, read: pd.DataFrame, dataset: Dataset) -> None:
    for column in dataset.columns:
        if column.kind == "string":
            expected = written[column.name].map(lambda v: "" if v is None else str(v))
            assert read[column.name].tolist() == expected.tolist(), column.name
        else:
            np.testing.assert_allclose(
                read[column.name].to_numpy(dtype=float), written[column.name].to_numpy(dtype=float),
                equal_nan=True, err_msg=column.name,
            )


def _dataset(project: Project, layout: str) -> Dataset:
    from coder.export.key_join import join_key
    from coder.export.run import _check_spec, _choose, build_dataset

    spec = parse_spec(f"name: w\nlayout: {layout}\n")
    schemes = _check_spec(project, spec)
    codes = sorted(s.code for s in project.sessions)
    key = join_key(project.key(), codes, codes, spec.key, project.key_path)
    sources = _choose(project, spec, codes, lambda f, m: None, [], [])
    return build_dataset(project, spec, sources, schemes, key, [])


def test_sav_reads_back_with_labels_and_measures(demo: Project) -> None:
    result = run_export(demo, parse_spec("name: w\nlayout: wide\n"), ["sav"])
    frame, meta = pyreadstat.read_sav(str(result.out_dir / "w.sav"))
    dataset = _dataset(demo, "wide")
    _numeric_equal(dataset.frame, frame, dataset)
    labels = meta.column_names_to_labels
    assert labels["arm"] == "Study arm"
    assert labels["m_sensitivity_play1_t0"].startswith("Maternal sensitivity, play1")
    assert meta.variable_value_labels["arm"] == {1: "PIP", 2: "TAU"}
    assert meta.variable_value_labels["ssp_major_t2"] == {1: "A", 2: "B", 3: "C", 4: "D", 5: "CC"}
    assert meta.variable_value_labels["secure_t2"] == {0: "insecure", 1: "secure"}
    assert meta.variable_measure["ssp_major_t2"] == "nominal"
    assert meta.variable_measure["m_sensitivity_play1_t0"] == "ordinal"
    assert meta.variable_measure["gaze_mother_dur_play1_t0"] == "scale"
    p101 = frame.index[frame["participant"] == "P101"][0]
    assert frame.loc[p101, "ssp_major_t2"] == 2  # B


def test_dta_reads_back_with_labels(demo: Project) -> None:
    result = run_export(demo, parse_spec("name: d\nlayout: wide\n"), ["dta"])
    frame, meta = pyreadstat.read_dta(str(result.out_dir / "d.dta"))
    dataset = _dataset(demo, "wide")
    _numeric_equal(dataset.frame, frame, dataset)
    assert meta.column_names_to_labels["arm"] == "Study arm"
    assert meta.variable_value_labels["arm"] == {1: "PIP", 2: "TAU"}
    assert meta.variable_value_labels["disorg_t2"] == {0: "organised", 1: "disorganised"}
    assert all(len(name) <= 32 for name in frame.columns)


def test_long_sav_has_text_values_for_categories(demo: Project) -> None:
    result = run_export(demo, parse_spec("name: l\n"), ["sav", "csv"])
    frame, _meta = pyreadstat.read_sav(str(result.out_dir / "l.sav"))
    csv = pd.read_csv(result.out_dir / "l.csv", keep_default_na=False)
    assert len(frame) == len(csv)
    major = frame[frame["variable"] == "ssp_major"]
    assert sorted(major["value_text"]) == ["B", "D"]


def test_dta_of_the_shipped_wide_spec_with_32_character_names(demo: Project) -> None:

    from coder.export.spec import load_spec

    spec = load_spec(shipped_specs_dir() / "demo_wide_spss.yaml")
    result = run_export(demo, spec, ["dta"])  # label-set names passed 32 characters: a traceback
    frame, meta = pyreadstat.read_dta(str(result.out_dir / f"{spec.name}.dta"))
    longest = max(frame.columns, key=len)
    assert len(longest) == 32 and longest not in meta.variable_value_labels
    assert meta.variable_value_labels["arm"] == {1: "PIP", 2: "TAU"}
    assert len(meta.variable_value_labels) > 10


FORMULA_LIKE = ['=HYPERLINK("http://x"&A1)', "+cmd", "-2+3", "@SUM(A1)"]


def test_xlsx_holds_key_values_as_text_never_as_formulas(demo: Project) -> None:
    import zipfile

    import openpyxl

    from coder.project.key_file import read_key, write_key

    rows = read_key(demo.key_path)
    for row, value in zip(rows, FORMULA_LIKE, strict=False):
        row["participant"] = value
        row["site"] = value
    write_key(demo.key_path, rows)
    spec = parse_spec("name: formulas\nlayout: long\nformats: [xlsx]\n")
    result = run_export(demo, spec)
    book = next(p for p in result.files if p.suffix == ".xlsx")
    with zipfile.ZipFile(book) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            xml = archive.read(name).decode("utf-8")
            assert "<f>" not in xml and "<f " not in xml, name
    data = openpyxl.load_workbook(book)["data"]
    header = [c.value for c in next(data.iter_rows(max_row=1))]
    found: dict[str, set[object]] = {"participant": set(), "site": set()}
    for row in data.iter_rows(min_row=2):
        for column in found:
            cell = row[header.index(column)]
            found[column].add(cell.value)
            assert cell.data_type != "f", cell.value
    assert set(FORMULA_LIKE) <= found["participant"]
    assert set(FORMULA_LIKE) <= found["site"]


def test_every_format_gets_the_mode_of_an_ordinary_new_file(demo: Project) -> None:
    import os
    import stat

    mask = os.umask(0o022)
    os.umask(mask)
    result = run_export(demo, parse_spec("name: w\nlayout: wide\n"), list(WRITERS))
    modes = {path.suffix: stat.S_IMODE(path.stat().st_mode) for path in result.files}
    assert set(modes) >= {".csv", ".sav", ".dta", ".parquet", ".xlsx"}
    assert set(modes.values()) == {0o666 & ~mask}, modes
