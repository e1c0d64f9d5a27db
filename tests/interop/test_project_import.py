"""Writing an import into a project: --replace keeps what it overwrites in .backup/."""

from __future__ import annotations

from pathlib import Path

from coder.interop.boris import import_boris
from coder.interop.boris_writer import export_boris
from coder.project.project import Project
from coder.storage import latest_backup


def test_replace_keeps_the_overwritten_file_as_a_backup(demo: Project, tmp_path: Path) -> None:
    session = demo.sessions[0].code
    path = demo.annotation_path("ana", session)
    before = path.read_bytes()
    out = tmp_path / "rt.boris"
    export_boris(demo, session, "ana", out)
    import_boris(demo, out, coder="ana", replace=True)  # BORIS carries no ratings: they go
    assert path.read_bytes() != before
    backup = latest_backup(path)
    assert backup is not None and backup.read_bytes() == before
    assert Project.open(demo.root).load_annotations("ana", session) is not None
