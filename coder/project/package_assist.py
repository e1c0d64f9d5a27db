"""What a coder package carries for assisted coding: regions, suggestions and the coder's decisions.

    regions/<session>.json                          the session's regions (who drew them left out)
    suggestions/<coder>/<session>.json              the suggestions the lead made for this coder
    suggestions/<coder>/<session>.decisions.jsonl   the coder's decisions so far

Suggestions (and decisions) go only with sessions that may take them
(:func:`coder.project.assist_files.suggestions_allowed`: never a session of the reliability
sample the lead has not allowed); the package lists those sessions instead of saying which are
double-coded. Tools' parameters are copied only where they name nothing blinded: a value that is
a file path, or names a participant, arm, timepoint, another coder or an original video, is
withheld (the lead's own files keep it, and collecting restores it from them).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from coder.errors import StorageError, WorkflowError
from coder.project.assist_files import (
    REGIONS_FORMAT,
    REGIONS_FORMAT_VERSION,
    SUGGESTIONS_FORMAT,
    SUGGESTIONS_FORMAT_VERSION,
    DecisionLine,
    RegionsFile,
    SuggestionsFile,
    decisions_path,
    regions_path,
    suggestions_allowed,
    suggestions_path,
)
from coder.project.package_manifest import collected_decisions_path, collected_regions_path
from coder.project.project import Project
from coder.storage.atomic import dumps_json
from coder.storage.json_file import read_versioned, validation_problem

WITHHELD = "(withheld from the package)"
_TOKEN = re.compile(r"[^0-9a-z]+")


@dataclass
class IssuedAssist:
    """What packaging the assisted-coding files gave: the sessions that may take suggestions,
    and the bases of the next collect (written into the project with the package's change)."""

    suggestions_on: list[str] = field(default_factory=list)
    bases: list[tuple[Path, bytes]] = field(default_factory=list)


def blinded_terms(project: Project, coder: str) -> frozenset[str]:
    """Words a package for ``coder`` must not hold: other coders' ids, the key's values
    (participant, arm, timepoint …), the original videos' names and the project's name."""
    terms = {c.id for c in project.coders if c.id != coder}
    terms |= {v for row in project.key() for k, v in row.items() if k != "session" and v}
    for session in project.sessions:
        for video in session.videos:
            terms |= {video.path, Path(video.path).name, Path(video.path).stem}
    terms.add(project.name)
    return frozenset(t.lower() for t in terms if t.strip())


def names_blinded(text: str, terms: Iterable[str]) -> bool:
    """True when ``text`` is a path or names one of ``terms`` (short terms as whole words)."""
    if "/" in text or "\\" in text:
        return True
    low = text.lower()
    words = set(_TOKEN.split(low))
    return any((t in words) if len(t) < 4 else (t in low) for t in terms)


def scrubbed(value: Any, terms: frozenset[str]) -> Any:
    """``value`` (a tool's parameters) with every string naming something blinded withheld."""
    if isinstance(value, str):
        return WITHHELD if names_blinded(value, terms) else value
    if isinstance(value, dict):
        return {
            k: scrubbed(v, terms) for k, v in value.items() if not names_blinded(str(k), terms)
        }
    if isinstance(value, list | tuple):
        return [scrubbed(v, terms) for v in value]
    return value


def issue_assisted_files(
    project: Project,
    coder: str,
    codes: list[str],
    package_id: str,
    put: Callable[[str, bytes], None],
) -> IssuedAssist:
    """Put the regions, suggestions and decisions of ``coder``'s sessions ``codes`` into the
    package (through ``put``, which writes a file of the package by its relative name)."""
    terms = blinded_terms(project, coder)
    issued = IssuedAssist()
    for code in codes:
        regions = _regions(project, code)
        if regions is not None:
            package_form = regions.model_copy(update={"updated_by": ""})
            put(f"regions/{code}.json", _json(package_form.model_dump(mode="json")))
            issued.bases.append(
                (collected_regions_path(project.root, package_id, code),
                 regions_path(project.root, code).read_bytes())
            )
        if not suggestions_allowed(project, code):
            continue
        issued.suggestions_on.append(code)
        suggestions = _suggestions(project, coder, code)
        if suggestions is not None:
            runs = [
                run.model_copy(update={
                    "tool": scrubbed(run.tool, terms),
                    "version": scrubbed(run.version, terms),
                    "parameters": scrubbed(run.parameters, terms),
                })
                for run in suggestions.runs
            ]
            package_form_s = suggestions.model_copy(update={"runs": runs})
            put(f"suggestions/{coder}/{code}.json", _json(package_form_s.model_dump(mode="json")))
        lines = [
            package_line(line, terms) for line in read_decision_lines(
                decisions_path(project.root, coder, code)
            ) if line.by == coder
        ]
        if lines:
            data = "".join(f"{line}\n" for line in lines).encode("utf-8")
            put(f"suggestions/{coder}/{code}.decisions.jsonl", data)
            issued.bases.append((collected_decisions_path(project.root, package_id, code), data))
    return issued


def package_line(line: DecisionLine, terms: frozenset[str]) -> str:
    """One decision as a package holds it: one JSON line, its provenance scrubbed."""
    copy = line.model_copy(update={
        "tool": scrubbed(line.tool, terms),
        "version": scrubbed(line.version, terms),
        "parameters": scrubbed(line.parameters, terms),
    })
    return canonical_line(copy)


def canonical_line(line: DecisionLine) -> str:
    """The one text of a decision line (sorted keys), so that two copies compare equal."""
    return json.dumps(line.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)


def read_decision_lines(path: Path) -> list[DecisionLine]:
    """A decision log's lines; a torn last line (a crash mid-append) is skipped, any other
    damaged line is a StorageError."""
    if not path.exists():
        return []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise StorageError(f"cannot be read: {error}", path=path) from None
    out = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            out.append(DecisionLine.model_validate_json(text))
        except ValidationError as error:
            if number == len(lines):
                continue
            raise StorageError(
                f"line {number} is damaged: {validation_problem(error)}", path=path
            ) from None
    return out


def _json(data: dict[str, Any]) -> bytes:
    return dumps_json(data).encode("utf-8")


def _regions(project: Project, code: str) -> RegionsFile | None:
    path = regions_path(project.root, code)
    if not path.exists():
        return None
    try:
        data = read_versioned(path, REGIONS_FORMAT, REGIONS_FORMAT_VERSION)
        regions = RegionsFile.model_validate(data)
    except (StorageError, ValidationError) as error:
        problem = validation_problem(error) if isinstance(error, ValidationError) else error.message
        raise WorkflowError(
            f"cannot package the regions of session {code}: {problem}", path=path,
            hint="draw them again (Session ▸ Regions…) or fix the file",
        ) from None
    if regions.session != code:
        raise WorkflowError(f"holds the regions of session {regions.session}, not {code}", path=path)
    return regions


def _suggestions(project: Project, coder: str, code: str) -> SuggestionsFile | None:
    path = suggestions_path(project.root, coder, code)
    if not path.exists():
        return None
    try:
        data = read_versioned(path, SUGGESTIONS_FORMAT, SUGGESTIONS_FORMAT_VERSION)
        suggestions = SuggestionsFile.model_validate(data)
    except (StorageError, ValidationError) as error:
        problem = validation_problem(error) if isinstance(error, ValidationError) else error.message
        raise WorkflowError(
            f"cannot package the suggestions of session {code}: {problem}", path=path,
            hint=f"run `coder suggest` again for {code}",
        ) from None
    if (suggestions.coder, suggestions.session) != (coder, code):
        raise WorkflowError(
            f"holds suggestions for {suggestions.coder}/{suggestions.session}", path=path
        )
    return suggestions
