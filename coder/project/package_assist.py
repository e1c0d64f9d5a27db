"""What a coder package carries for assisted coding: regions, suggestions and the coder's decisions.

    regions/<session>.json                          the session's regions (who drew them left out)
    suggestions/<coder>/<session>.json              the suggestions the lead made for this coder
    suggestions/<coder>/<session>.decisions.jsonl   the coder's decisions so far

Suggestions (and decisions) go only with sessions that may take them
(:func:`coder.project.assist_files.suggestions_allowed`: never a session of the reliability
sample the lead has not allowed); the package lists those sessions instead of saying which are
double-coded. Tools' parameters are copied only where a coder may read them: a value that is a
file path, or names the project or anything :mod:`coder.project.role_words` keeps from a coder
(videos, key values, other coders, hidden roles), is withheld (the lead's own files keep it,
and collecting restores it from them).
"""

from __future__ import annotations

import json
from collections.abc import Callable
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
from coder.project.role_words import role_words
from coder.storage.atomic import dumps_json
from coder.storage.json_file import read_versioned, validation_problem

WITHHELD = "(withheld from the package)"


@dataclass
class IssuedAssist:
    """What packaging the assisted-coding files gave: the sessions that may take suggestions,
    and the bases of the next collect (written into the project with the package's change)."""

    suggestions_on: list[str] = field(default_factory=list)
    bases: list[tuple[Path, bytes]] = field(default_factory=list)


def scrubber(project: Project, coder: str) -> Callable[[Any], Any]:
    """A function giving a tool's parameters as a package for ``coder`` may hold them: a string
    that is a file path, names the project, or holds anything a coder may not read
    (:func:`coder.project.role_words.role_words`: videos, key values, other coders, hidden
    roles) is withheld."""
    words = role_words(project, coder)
    name = project.name.strip().lower()

    def readable(text: str) -> bool:
        if "/" in text or "\\" in text or (name and name in text.lower()):
            return False
        return words.may_read(text)

    def scrub(value: Any) -> Any:
        if isinstance(value, str):
            return value if readable(value) else WITHHELD
        if isinstance(value, dict):
            return {k: scrub(v) for k, v in value.items() if readable(str(k))}
        if isinstance(value, list | tuple):
            return [scrub(v) for v in value]
        return value

    return scrub


def issue_assisted_files(
    project: Project,
    coder: str,
    codes: list[str],
    package_id: str,
    put: Callable[[str, bytes], None],
) -> IssuedAssist:
    """Put the regions, suggestions and decisions of ``coder``'s sessions ``codes`` into the
    package (through ``put``, which writes a file of the package by its relative name)."""
    scrub = scrubber(project, coder)
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
                    "tool": scrub(run.tool),
                    "version": scrub(run.version),
                    "parameters": scrub(run.parameters),
                })
                for run in suggestions.runs
            ]
            package_form_s = suggestions.model_copy(update={"runs": runs})
            put(f"suggestions/{coder}/{code}.json", _json(package_form_s.model_dump(mode="json")))
        lines = [
            package_line(line, scrub) for line in read_decision_lines(
                decisions_path(project.root, coder, code)
            ) if line.by == coder
        ]
        if lines:
            data = "".join(f"{line}\n" for line in lines).encode("utf-8")
            put(f"suggestions/{coder}/{code}.decisions.jsonl", data)
            issued.bases.append((collected_decisions_path(project.root, package_id, code), data))
    return issued


def package_line(line: DecisionLine, scrub: Callable[[Any], Any]) -> str:
    """One decision as a package holds it: one JSON line, its provenance scrubbed."""
    copy = line.model_copy(update={
        "tool": scrub(line.tool),
        "version": scrub(line.version),
        "parameters": scrub(line.parameters),
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
