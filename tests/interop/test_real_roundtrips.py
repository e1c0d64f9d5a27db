"""Every real file in tests/data through Coder and back: BORIS → Coder → BORIS and
EAF → Coder → EAF keep times, streams (tiers), values, modifiers, subjects and offsets, and every
difference is in the import report with its count."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from coder.interop.boris import import_boris
from coder.interop.boris_reader import clean_modifier_value
from coder.interop.boris_writer import export_boris
from coder.interop.eaf_reader import EafDocument, read_eaf
from coder.interop.eaf_writer import export_eaf
from coder.interop.elan import import_eaf
from coder.project.project import Project

from .conftest import BORIS_SAMPLES, ELAN_SAMPLES

BORIS_FILES = sorted(BORIS_SAMPLES.glob("*.boris"))
EAF_FILES = sorted(ELAN_SAMPLES.glob("*.eaf"))
Key = tuple[Any, ...]


def _modifiers(text: str) -> tuple[str, ...]:
    parts = [clean_modifier_value(p) for p in str(text).split("|")]
    parts = ["" if p == "None" else ",".join(v.strip() for v in p.split(",")) for p in parts]
    return tuple(parts) if any(parts) else ()


def boris_events(obs: dict[str, Any], states: set[str]) -> tuple[Counter[Key], int]:
    """(subject, behaviour, modifiers, start ms, end ms or None) of an observation, paired as
    BORIS pairs them, times without the observation's time offset; and the unpaired count."""
    offset = float(obs.get("time offset", 0) or 0)
    out: Counter[Key] = Counter()
    open_: dict[Key, int] = {}
    for row in sorted((r for r in obs["events"] if r[0] != "NA"), key=lambda r: r[0]):
        subject, code = str(row[1]).strip(), str(row[2]).strip()
        t = round((float(row[0]) - offset) * 1000)
        if code not in states:
            out[(subject, code, _modifiers(row[3]), t, None)] += 1
            continue
        key = (subject, code, row[3])
        if key in open_:
            out[(subject, code, _modifiers(row[3]), open_.pop(key), t)] += 1
        else:
            open_[key] = t
    return out, len(open_)


def _offsets(obs: dict[str, Any]) -> dict[str, float]:
    offsets = dict((obs.get("media_info") or {}).get("offset") or {})
    base = float(offsets.get("1", 0.0))
    files = obs.get("file") or {}
    return {p: float(offsets.get(p, 0.0)) - base for p in files if files[p]}


@pytest.mark.parametrize("path", BORIS_FILES, ids=[p.name for p in BORIS_FILES])
def test_boris_coder_boris(path: Path, tmp_path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    states = {b["code"].strip() for b in raw["behaviors_conf"].values() if "State" in b["type"]}
    for n, (name, obs) in enumerate(raw.get("observations", {}).items()):
        project = Project.create(tmp_path / f"p{n}")
        report = import_boris(project, path, coder="ana", observation=name)
        project = Project.open(project.root)
        (session,) = project.sessions
        out = tmp_path / f"back{n}.boris"
        export_report = export_boris(project, session.code, "ana", out)
        back = json.loads(out.read_text(encoding="utf-8"))
        back_states = {b["code"] for b in back["behaviors_conf"].values() if "State" in b["type"]}
        back_obs = back["observations"][session.code]
        before, unpaired = boris_events(obs, states)
        after, _ = boris_events(back_obs, back_states)
        lost = sum((before - after).values())
        issues = report.issues + export_report.issues
        explained = sum(
            1 for i in issues if i.kind in ("unknown_code", "zero_length", "negative_time", "modifier",
                                            "overlap", "kind_mismatch")
        )
        assert after - before == Counter(), name  # nothing invented
        assert lost <= explained, (name, before - after, issues)
        assert len([i for i in report.issues if i.kind == "unpaired_start"]) == unpaired
        assert not [r for r in obs["events"] if r[0] == "NA"] or report.issues_of("no_time")
        # subjects, offsets and the observation's time offset
        used = {r[1].strip() for r in obs["events"] if str(r[1]).strip()}
        assert used <= {s["name"] for s in back["subjects_conf"].values()}
        first = (obs.get("file") or {}).get("1") or []
        if len(first) <= 1:
            assert _offsets(back_obs) == pytest.approx(
                {p: v for p, v in _offsets(obs).items() if p in _offsets(back_obs)}
            )
        else:
            assert report.issues_of("media_sequence")
        if float(obs.get("time offset", 0) or 0):
            assert report.issues_of("time_offset")


def _eaf_spans(doc: EafDocument, *, exported: bool) -> Counter[Key]:
    out: Counter[Key] = Counter()
    for tier in doc.tiers:
        name = tier.id
        if exported:  # Coder's layout: <tier>@<coder>, extra lanes #n, points on <tier>-points
            name = re.sub(r"#\d+$", "", name.split("@", 1)[0]).removesuffix("-points")
        for ann in tier.annotations:  # a symbolic annotation has no times
            out[(name, tier.participant, ann.start_ms, ann.end_ms, ann.value)] += 1
    return out


@pytest.mark.slow
@pytest.mark.parametrize("path", EAF_FILES, ids=[p.name for p in EAF_FILES])
def test_eaf_coder_eaf(path: Path, tmp_path: Path) -> None:
    original = read_eaf(path)
    project = Project.create(tmp_path / "p")
    report = import_eaf(project, path, coder="ana")
    project = Project.open(project.root)
    (session,) = project.sessions
    out = tmp_path / "back.eaf"
    export_eaf(project, session.code, "ana", out)
    back = read_eaf(out)
    before, after = _eaf_spans(original, exported=False), _eaf_spans(back, exported=True)
    assert after - before == Counter()  # nothing invented, every tier name and value verbatim
    lost = Counter(k[0] for k in (before - after).elements())
    reported = {
        i.where: int(re.match(r"(\d+)", i.message).group(1))  # type: ignore[union-attr]
        for i in report.issues_of("dependent_tier")
    }
    # Only symbolic (dependent) tiers are lost, each with its count in the report
    symbolic = {t.id: len(t.annotations) for t in original.tiers if any(a.ref for a in t.annotations)}
    assert dict(lost) == {t: n for t, n in symbolic.items() if t in reported}
    assert reported == {t: n for t, n in symbolic.items() if t in reported}
    assert set(symbolic) - set(reported) <= {
        i.where for i in report.issues_of("modifier_tier")
    }
    # media: the same file name, with the primary's time origin
    assert [Path(m.url).name for m in back.media] == [Path(m.url).name for m in original.media]
