"""Source records: consensus else primary, named coders, sessions without a consensus record."""

from __future__ import annotations

from dataclasses import replace

from coder.annotations.model import Classification
from coder.export.sources import choose_source, primary_coder
from coder.project.consensus import save_consensus, start_consensus
from coder.project.project import Project


def test_primary_is_the_coder_assigned_as_primary(demo: Project) -> None:
    session = demo.sessions[0].code
    assert primary_coder(demo, session) == "ana"
    chosen = choose_source(demo, session, ["consensus", "primary"])
    assert chosen is not None and chosen.coder == "ana" and chosen.kind == "coder"
    assert choose_source(demo, session, ["coder:ben"]).coder == "ben"  # type: ignore[union-attr]
    assert choose_source(demo, session, ["nobody"]) is None


def test_consensus_is_used_when_the_session_has_a_record(demo: Project) -> None:
    session = demo.sessions[-1].code
    base = demo.load_annotations("ben", session)
    assert base is not None
    agreed = replace(base, classification=Classification(major="B", subgroup="B2"))
    record = start_consensus(demo, session, ["ben", "ana"], "lead")
    save_consensus(demo, replace(record, annotations=agreed))
    chosen = choose_source(demo, session, ["consensus", "primary"])
    assert chosen is not None and chosen.kind == "consensus"
    assert chosen.annotations.classification.subgroup == "B2"
    other = choose_source(demo, demo.sessions[0].code, ["consensus", "primary"])
    assert other is not None and other.coder == "ana"
