"""Source records: consensus else primary, named coders, and a consensus module that may be absent."""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, replace

import pytest

from coder.annotations.model import AnnotationSet, Classification
from coder.export.sources import choose_source, primary_coder
from coder.project.project import Project


@dataclass(frozen=True)
class _Consensus:
    annotations: AnnotationSet


def test_primary_is_the_coder_assigned_as_primary(demo: Project) -> None:
    session = demo.sessions[0].code
    assert primary_coder(demo, session) == "ana"
    chosen = choose_source(demo, session, ["consensus", "primary"])
    assert chosen is not None and chosen.coder == "ana" and chosen.kind == "coder"
    assert choose_source(demo, session, ["coder:ben"]).coder == "ben"  # type: ignore[union-attr]
    assert choose_source(demo, session, ["nobody"]) is None


def test_consensus_is_used_when_the_module_has_a_record(demo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    session = demo.sessions[-1].code
    base = demo.load_annotations("ben", session)
    assert base is not None
    agreed = replace(base, classification=Classification(major="B", subgroup="B2"))
    module = types.ModuleType("coder.project.consensus")

    def load_consensus(project: Project, code: str) -> _Consensus | None:
        return _Consensus(agreed) if code == session else None

    module.load_consensus = load_consensus  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "coder.project.consensus", module)
    chosen = choose_source(demo, session, ["consensus", "primary"])
    assert chosen is not None and chosen.kind == "consensus"
    assert chosen.annotations.classification.subgroup == "B2"
    other = choose_source(demo, demo.sessions[0].code, ["consensus", "primary"])
    assert other is not None and other.coder == "ana"
