"""Writing an import into a project: --replace keeps what it overwrites in .backup/."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.cli import main
from coder.interop.boris import import_boris
from coder.interop.boris_writer import export_boris
from coder.project.media_to_locate import sessions_to_locate
from coder.project.project import Project
from coder.storage import latest_backup

from .eaf_maker import write_eaf


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


def test_cli_imports_of_several_files_without_media_all_exit_0_then_relink(
    tmp_path: Path, demo: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project_dir = tmp_path / "p"
    assert main(["init", str(project_dir)]) == 0
    for n in range(3):
        eaf = write_eaf(tmp_path / f"f{n}.eaf", {"gaze": [(1000, 2000 + n, "mother")]})
        assert main(["import-elan", str(project_dir), str(eaf)]) == 0
    assert "media to locate" in capsys.readouterr().out
    project = Project.open(project_dir)
    assert len(sessions_to_locate(project)) == 3
    assert main(["relink", str(project_dir)]) == 0
    assert capsys.readouterr().out.count("camera 0") == 3
    code = project.sessions[0].code
    video = demo.video_path(demo.sessions[0].code)
    assert main(["relink", str(project_dir), code, str(video)]) == 0
    assert main(["relink", str(project_dir), code, str(tmp_path / "nope.mp4")]) == 2
    assert "no such media file" in capsys.readouterr().err
    assert len(sessions_to_locate(Project.open(project_dir))) == 2
