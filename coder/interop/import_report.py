"""What an import or export carried over and what it could not: a result object, never text.

Every command of ``coder.interop`` returns an ``InteropReport``. Anything that could not be
carried over (a dependent symbolic tier, an unpaired BORIS START, an unknown code, overlapping
annotations in an exclusive stream …) becomes an ``Issue`` instead of being dropped silently.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Issue:
    """One thing not carried over (or changed on the way): a kind, where it is, and what happened.

    ``kind`` is a stable machine-readable word (``dependent_tier``, ``unpaired_start``,
    ``unknown_code``, ``overlap``, ``interpolated``, ``camera_offset``, ``media_to_locate``,
    ``shortcut_key``, ``unreadable_row`` …).
    """

    kind: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}: {self.message}"


@dataclass
class ReportBuilder:
    """Collects issues and counts while a reader or writer works; ``build()`` freezes them."""

    action: str
    source: str
    issues: list[Issue] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    written: list[str] = field(default_factory=list)

    def add(self, kind: str, where: str, message: str) -> None:
        issue = Issue(kind, where, message)
        if issue not in self.issues:  # e.g. the same scheme chosen for every observation
            self.issues.append(issue)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] += n

    def wrote(self, path: str) -> None:
        self.written.append(path)

    def extend(self, issues: tuple[Issue, ...] | list[Issue]) -> None:
        self.issues.extend(issues)

    def build(self) -> InteropReport:
        return InteropReport(
            action=self.action,
            source=self.source,
            counts=tuple(sorted(self.counts.items())),
            issues=tuple(self.issues),
            written=tuple(self.written),
        )


@dataclass(frozen=True)
class InteropReport:
    """The result of one import or export: counts carried, issues, files written."""

    action: str
    source: str
    counts: tuple[tuple[str, int], ...] = ()
    issues: tuple[Issue, ...] = ()
    written: tuple[str, ...] = ()

    def count(self, what: str) -> int:
        return dict(self.counts).get(what, 0)

    def issues_of(self, kind: str) -> list[Issue]:
        return [i for i in self.issues if i.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (for ``--json``)."""
        return {
            "action": self.action,
            "source": self.source,
            "counts": dict(self.counts),
            "issues": [
                {"kind": i.kind, "where": i.where, "message": i.message} for i in self.issues
            ],
            "written": list(self.written),
        }

    def lines(self) -> list[str]:
        """Human-readable lines: what was carried over, then what was not."""
        out = [f"{self.action} {self.source}"]
        out += [f"  {what}: {n}" for what, n in self.counts]
        out += [f"  wrote {path}" for path in self.written]
        if self.issues:
            out.append(f"  not carried over or changed ({len(self.issues)}):")
            out += [f"    {issue}" for issue in self.issues]
        else:
            out.append("  everything was carried over")
        return out
