"""The report as plain JSON-ready data (dicts, lists, numbers, strings)."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from coder.reliability.report.model import ReliabilityReport

REPORT_FORMAT = "coder-reliability-report"
REPORT_FORMAT_VERSION = 1


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def report_to_json(report: ReliabilityReport) -> dict[str, Any]:
    """The report as a dict that ``json.dumps`` accepts; non-finite numbers become null."""
    data: dict[str, Any] = {"format": REPORT_FORMAT, "format_version": REPORT_FORMAT_VERSION}
    data.update(_plain(report))
    return data
