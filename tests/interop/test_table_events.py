"""Events from CSV, TSV and XLSX tables: codes by id or label, unknown codes drafted, rows that
cannot be read reported with their row numbers, a dry run writes nothing."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from coder import shipped
from coder.cli import main
from coder.errors import InteropError
from coder.interop.table_events import Columns, import_events
from coder.project.media_to_locate import add_session_to_locate
from coder.project.project import Project


@pytest.fixture
def fresh(tmp_path: Path) -> tuple[Project, str]:
    """A project with one session (media to locate) coded by nobody yet, demo scheme."""
    project = Project.create(tmp_path / "p")
    scheme_file = shipped.shipped_scheme("demo_interaction")
    assert scheme_file is not None
    scheme = project.add_scheme(scheme_file)
    entry = add_session_to_locate(project, [("rec.mp4", 0)], scheme=scheme.id)
    return project, entry.code


SHEET = (
    "Behaviour,Onset,Offset,Tone\n"
    "gaze_mother,1.5,4,\n"
    "Gaze away,4,6.25,\n"                # a label of the scheme, any case
    "infant_vocal,2.0,,positive\n"        # no end: a point
    "infant_vocal,abc,,\n"                # row 5: unreadable start
    "gaze_mother,9,8,\n"                  # row 6: end before start
    ",3,4,\n"                             # row 7: no code
    "\n"
    "mother_vocal,7.5,,neutral\n"
)


def test_csv_known_codes_by_id_and_label_and_rows_reported(
    fresh: tuple[Project, str], tmp_path: Path
) -> None:
    project, session = fresh
    table = tmp_path / "sheet.csv"
    table.write_text(SHEET, encoding="utf-8")
    columns = Columns(code="Behaviour", start="Onset", end="Offset", modifiers=("Tone",))
    report, _ = import_events(project, table, session=session, coder="ana", columns=columns,
                              unit="s")
    rows = {i.where: i.message for i in report.issues_of("unreadable_row")}
    assert set(rows) == {"row 5", "row 6", "row 7"}
    assert "'abc' is not a number of seconds" in rows["row 5"]
    loaded = Project.open(project.root).load_annotations("ana", session)
    assert loaded is not None and loaded.header.scheme_id == "demo_interaction"
    got = sorted((e.code, e.start_ms, e.end_ms, e.modifiers) for e in loaded.events)
    assert got == [
        ("gaze_away", 4000, 6250, ()),
        ("gaze_mother", 1500, 4000, ()),
        ("infant_vocal", 2000, None, (("voc_tone", "positive"),)),
        ("mother_vocal", 7500, None, (("voc_tone", "neutral"),)),
    ]


def test_unknown_codes_go_into_a_draft_scheme(fresh: tuple[Project, str], tmp_path: Path) -> None:
    project, session = fresh
    table = tmp_path / "legacy.tsv"
    table.write_text("code\tstart\tdur\nclap\t1000\t\ncry\t2000\t1500\nclap\t5000\t\n")
    columns = Columns(code="code", start="start", duration="dur")
    report, _ = import_events(project, table, session=session, coder="ben", columns=columns,
                              unit="ms")
    project = Project.open(project.root)
    assert project.session(session).scheme == "events_legacy"
    scheme = project.scheme("events_legacy")
    assert scheme.code("clap").kind.value == "point"  # type: ignore[union-attr]
    assert scheme.code("cry").kind.value == "state"  # type: ignore[union-attr]
    assert report.issues_of("draft_codes")
    loaded = project.load_annotations("ben", session)
    assert loaded is not None
    assert sorted((e.code, e.start_ms, e.end_ms) for e in loaded.events) == [
        ("clap", 1000, None), ("clap", 5000, None), ("cry", 2000, 3500)]


def test_xlsx_with_timecodes(fresh: tuple[Project, str], tmp_path: Path) -> None:
    project, session = fresh
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["what", "from", "to"], ["gaze_object", "00:00:01.250", "00:00:03.000"],
                ["gaze_mother", "00:01:02.5", "00:01:04"], ["gaze_away", "1:99", "2:00"]):
        sheet.append(row)
    table = tmp_path / "coding.xlsx"
    book.save(table)
    report, _ = import_events(project, table, session=session, coder="ana",
                              columns=Columns(code="what", start="from", end="to"),
                              unit="timecode")
    assert [i.where for i in report.issues_of("unreadable_row")] == ["row 4"]
    loaded = Project.open(project.root).load_annotations("ana", session)
    assert loaded is not None
    assert sorted((e.code, e.start_ms, e.end_ms) for e in loaded.events) == [
        ("gaze_mother", 62_500, 64_000), ("gaze_object", 1250, 3000)]


def test_a_missing_column_names_the_columns(fresh: tuple[Project, str], tmp_path: Path) -> None:
    project, session = fresh
    table = tmp_path / "sheet.csv"
    table.write_text(SHEET, encoding="utf-8")
    with pytest.raises(InteropError, match="no column 'start'") as caught:
        import_events(project, table, session=session, coder="ana",
                      columns=Columns(code="Behaviour", start="start"), unit="s")
    assert "'Onset'" in str(caught.value)


def test_cli_dry_run_previews_and_writes_nothing(
    fresh: tuple[Project, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, session = fresh
    table = tmp_path / "sheet.csv"
    table.write_text(SHEET, encoding="utf-8")
    before = project.file.read_bytes()
    args = ["import-events", str(project.root), str(table), "--session", session, "--coder",
            "ana", "--code", "Behaviour", "--start", "Onset", "--end", "Offset", "--modifier",
            "Tone", "--unit", "s"]
    assert main([*args, "--dry-run"]) == 1  # some rows could not be read
    out = capsys.readouterr().out
    assert "4 event(s) would be imported" in out and "row 5" in out
    assert project.file.read_bytes() == before
    assert not project.annotation_path("ana", session).exists()
    assert main(args) == 1
    assert project.annotation_path("ana", session).exists()
