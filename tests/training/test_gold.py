"""Gold records: marked from consensus or an expert, versioned, read-only, audited first."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.errors import CoderError, WorkflowError
from coder.project import Project
from coder.project.audit_log import read_audit
from coder.training.gold import gold_history, gold_record, gold_sessions, mark_gold

from .conftest import interaction_sessions


def test_marking_keeps_the_expert_record_with_its_provenance(project: Project) -> None:
    session = interaction_sessions(project)[0]
    gold = gold_record(project, session)
    assert gold is not None and gold.version == 1 and gold.source == "ana"
    expert = project.load_annotations("ana", session)
    assert expert is not None
    assert gold.annotations.events == expert.events
    assert gold.annotations.ratings == expert.ratings
    assert gold.marked_by == "lead" and gold.reason == "expert record"
    assert sorted(gold_sessions(project)) == sorted(interaction_sessions(project))


def test_marking_again_adds_a_version_and_never_changes_the_first(project: Project) -> None:
    session = interaction_sessions(project)[0]
    first = gold_record(project, session)
    assert first is not None
    before = first.path.read_bytes()
    second = mark_gold(project, session, source="ben", by="lead", reason="recoded by expert")
    assert second.version == 2 and second.source == "ben"
    assert first.path.read_bytes() == before
    assert first.path.stat().st_mode & 0o222 == 0
    assert [g.version for g in gold_history(project, session)] == [1, 2]
    assert gold_record(project, session, version=1).source == "ana"  # type: ignore[union-attr]


def test_the_audit_entry_comes_first_and_says_who_and_why(project: Project) -> None:
    session = interaction_sessions(project)[1]
    mark_gold(project, session, source="ben", by="lead", reason="second opinion")
    entries = [e for e in read_audit(project.audit_path) if e["action"] == "gold_marked"]
    assert entries[-1]["session"] == session and entries[-1]["reason"] == "second opinion"
    assert entries[-1]["version"] == 2 and entries[-1]["actor"] == "lead"


def test_refusals_name_what_is_missing(project: Project) -> None:
    session = interaction_sessions(project)[0]
    with pytest.raises(WorkflowError, match="no consensus record"):
        mark_gold(project, session, source="consensus", by="lead", reason="agreed")
    with pytest.raises(WorkflowError, match="a reason is required"):
        mark_gold(project, session, source="ana", by="lead", reason=" ")
    with pytest.raises(WorkflowError, match="no coder 'zed'"):
        mark_gold(project, session, source="zed", by="lead", reason="x")
    with pytest.raises(CoderError, match="no session"):
        mark_gold(project, "S-NOPE1", source="ana", by="lead", reason="x")


def test_a_damaged_gold_file_is_a_clear_error(project: Project) -> None:
    session = interaction_sessions(project)[0]
    gold = gold_record(project, session)
    assert gold is not None
    path: Path = gold.path
    path.chmod(0o644)
    path.write_text('{"format": "coder-gold", "format_version": 1}')
    with pytest.raises(CoderError, match="invalid gold record") as caught:
        gold_record(project, session)
    assert str(path) in str(caught.value)


@pytest.mark.skipif(__import__("shutil").which("ffmpeg") is None, reason="needs ffmpeg")
def test_a_gold_set_moves_to_another_project_without_the_source_codes(
    project: Project, tmp_path: Path
) -> None:
    from coder.shipped import shipped_schemes_dir
    from coder.training.gold_set import export_gold_set, import_gold_set

    sessions = interaction_sessions(project)[:2]
    out = export_gold_set(project, tmp_path / "set", name="Lab A set", sessions=sessions)
    everything = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    texts = b"".join(p.read_bytes() for p in out.rglob("*.json")) + b"".join(
        p.read_bytes() for p in out.rglob("*.yaml")
    )
    for code in sessions:
        assert code.encode() not in everything
    assert b"P101" not in everything  # no key value travels (3-letter ones only in the texts:
    assert b"PIP" not in texts and b"TAU" not in texts  # compressed video may hold any 3 bytes)

    other = Project.create(tmp_path / "other", schemes=[shipped_schemes_dir() / "ssp.yaml"])
    codes = import_gold_set(other, out, by="lead-b")
    assert len(codes) == 2 and not set(codes) & set(sessions)
    for code, original in zip(codes, sessions, strict=True):
        imported = gold_record(other, code)
        source = gold_record(project, original)
        assert imported is not None and source is not None
        assert imported.annotations.events == source.annotations.events
        assert imported.annotations.ratings == source.annotations.ratings
        assert "Lab A set" in imported.source
        assert other.session(code).scheme == "demo_interaction"
    with pytest.raises(CoderError, match="already exists"):
        export_gold_set(project, out, name="again")


def test_a_tampered_gold_set_is_refused(project: Project, tmp_path: Path) -> None:
    from coder.training.gold_set import export_gold_set, import_gold_set

    out = export_gold_set(project, tmp_path / "set", name="s", sessions=interaction_sessions(project)[:1])
    video = next((out / "videos").iterdir())
    video.write_bytes(video.read_bytes() + b"x")
    with pytest.raises(CoderError, match="does not match the hash"):
        import_gold_set(project, out, by="lead")
