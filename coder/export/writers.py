"""Writers of a dataset: CSV, SPSS .sav, Stata .dta, Parquet and XLSX — every write atomic.

CSV is UTF-8 with a fixed column order, ``\\n`` line ends, numbers formatted with ``%.10g``
(integral values without a decimal point) and NA as an empty field, so the same data give the
same bytes. SPSS and Stata files carry variable labels and value labels (categorical columns are
written as 1-based codes labelled with their text; Stata value labels must be integers, so
non-integral anchors are left out there); SPSS files also carry measure levels.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from coder.errors import ExportError, StorageError
from coder.export.dataset import Dataset
from coder.storage.atomic import atomic_output, atomic_write_bytes

NUMBER_FORMAT = "%.10g"
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_COLUMNS = 16_384
MAX_STATA_NAME = 32  # characters of a Stata name (variables and value-label sets)
EXTENSIONS = {"csv": ".csv", "sav": ".sav", "dta": ".dta", "parquet": ".parquet", "xlsx": ".xlsx"}


def _via_temp(path: Path, write: Callable[[Path], None]) -> None:
    """Let a library write to a temp file beside ``path``, which then replaces it atomically."""
    try:
        with atomic_output(path, suffix=path.suffix) as temp:
            write(temp)
    except (ExportError, StorageError):
        raise
    except OSError as error:
        raise ExportError(f"could not write: {error.strerror}", path=path) from None
    except Exception as error:
        # a library's own refusal (e.g. pyreadstat's ReadstatError): one line, not a traceback
        raise ExportError(f"could not write: {error}", path=path,
                          hint="try another format (csv keeps everything)") from None


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Deterministic CSV text of a frame (see the module docstring)."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, na_rep="", float_format=NUMBER_FORMAT, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def write_csv(dataset: Dataset, path: Path) -> None:
    atomic_write_bytes(path, csv_bytes(dataset.text_frame))


def _labels(dataset: Dataset, integer_only: bool) -> dict[str, dict[int | float, str]]:
    # SPSS keeps value labels up to 120 bytes; longer anchor text is cut (the codebook has it all).
    labels: dict[str, dict[int | float, str]] = {}
    for column in dataset.columns:
        if column.kind == "categorical":
            labels[column.name] = {i + 1: text for i, text in enumerate(column.categories)}
        elif column.value_labels:
            pairs = {
                (int(v) if float(v).is_integer() else v): text for v, text in column.value_labels
            }
            if integer_only:
                pairs = {k: t for k, t in pairs.items() if isinstance(k, int)}
            if pairs:
                labels[column.name] = pairs
    return {
        name: {k: text.encode("utf-8")[:120].decode("utf-8", "ignore") for k, text in pairs.items()}
        for name, pairs in labels.items()
    }


def _stat_frame(dataset: Dataset) -> pd.DataFrame:
    frame = dataset.frame.copy()
    for column in dataset.columns:
        if column.kind == "string":
            frame[column.name] = frame[column.name].map(lambda v: "" if v is None else str(v)).astype(object)
    return frame


def write_sav(dataset: Dataset, path: Path) -> None:
    import pyreadstat

    measures: dict[str, str] = {c.name: str(c.measure) for c in dataset.columns}
    _via_temp(
        path,
        lambda temp: pyreadstat.write_sav(
            _stat_frame(dataset),
            str(temp),
            column_labels={c.name: c.label[:255] for c in dataset.columns},
            variable_value_labels=_labels(dataset, integer_only=False),
            variable_measure=measures,
        ),
    )


def _stata_labels(dataset: Dataset, columns: list[str]) -> dict[str, dict[int | float, str]]:
    """Integer value labels whose label-set name fits Stata's 32 characters.

    pyreadstat names each set after its variable plus a running count of labelled variables
    (``m_sensitivity_play1_t0`` + ``12``); a variable where that passes 32 characters is written
    without value labels (the codebook still has them) instead of failing the whole file.
    """
    labels = _labels(dataset, integer_only=True)
    kept: dict[str, dict[int | float, str]] = {}
    for name in columns:
        pairs = labels.get(name)
        if pairs and len(name) + len(str(len(kept))) <= MAX_STATA_NAME:
            kept[name] = pairs
    return kept


def write_dta(dataset: Dataset, path: Path) -> None:
    import pyreadstat

    frame = _stat_frame(dataset)
    _via_temp(
        path,
        lambda temp: pyreadstat.write_dta(
            frame,
            str(temp),
            column_labels={c.name: c.label[:80] for c in dataset.columns},
            variable_value_labels=_stata_labels(dataset, [str(c) for c in frame.columns]),
        ),
    )


def write_parquet(dataset: Dataset, path: Path) -> None:
    frame = dataset.text_frame
    for column in dataset.columns:
        if column.kind in ("string", "categorical"):
            frame[column.name] = frame[column.name].astype("string")
    _via_temp(path, lambda temp: frame.to_parquet(temp, engine="pyarrow", index=False))


def _xlsx_value(value: object) -> object:
    """A cell value: None for NA, a Python number, or text (never a formula, see ``_xlsx_rows``)."""
    if value is None or value is pd.NA or value == "":
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value) if np.isfinite(value) else None
    return str(value)


def _xlsx_rows(sheet: Any, frame: pd.DataFrame) -> None:
    """Append the header and rows of ``frame`` to a write-only sheet.

    Every string is a text cell: openpyxl takes a string beginning with ``=`` for a formula, so a
    key value or comment such as ``=HYPERLINK("http://…"&A1)`` would become a live formula in the
    lead's workbook. Text cells keep the exact value and never run.
    """

    from openpyxl.cell import WriteOnlyCell

    def cell(value: object) -> object:
        value = _xlsx_value(value)
        if not isinstance(value, str):
            return value
        text = WriteOnlyCell(sheet, value=value)
        text.data_type = "s"
        return text

    sheet.append([cell(str(name)) for name in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        sheet.append([cell(v) for v in row])


def write_xlsx(dataset: Dataset, path: Path) -> None:
    rows, columns = dataset.frame.shape
    if rows >= XLSX_MAX_ROWS or columns > XLSX_MAX_COLUMNS:
        raise ExportError(
            f"{rows} rows × {columns} columns do not fit an Excel sheet", path=path,
            hint="use csv, parquet or sav for a dataset this large",
        )
    frame = dataset.text_frame
    codebook = pd.DataFrame(
        {
            "name": [c.name for c in dataset.columns],
            "label": [c.label for c in dataset.columns],
            "derivation": [c.derivation for c in dataset.columns],
        }
    )

    def write(temp: Path) -> None:
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        _xlsx_rows(book.create_sheet("data"), frame)
        _xlsx_rows(book.create_sheet("variables"), codebook)
        book.save(temp)

    _via_temp(path, write)


WRITERS: dict[str, Callable[[Dataset, Path], None]] = {
    "csv": write_csv,
    "sav": write_sav,
    "dta": write_dta,
    "parquet": write_parquet,
    "xlsx": write_xlsx,
}


def write_dataset(dataset: Dataset, fmt: str, path: Path) -> None:
    """Write ``dataset`` in format ``fmt`` (csv, sav, dta, parquet, xlsx) to ``path``."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise ExportError(f"unknown format '{fmt}'", hint="use " + ", ".join(WRITERS))
    writer(dataset, path)
