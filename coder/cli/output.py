"""Small helpers shared by commands: writing JSON results, showing an import or export report."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from coder.interop.import_report import InteropReport
from coder.storage.atomic import atomic_write_text, dumps_json


def emit_json(data: Any, target: str | None) -> None:
    """Write ``data`` as JSON to the file ``target``, or to standard output when it is '-'."""
    if target is None:
        return
    if target == "-":
        json.dump(data, sys.stdout, indent=2, sort_keys=True, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        atomic_write_text(Path(target), dumps_json(data))


def show_report(report: InteropReport, json_target: str | None) -> None:
    """Print the report (unless JSON goes to stdout) and write the JSON form when asked."""
    if json_target != "-":
        print("\n".join(report.lines()))
    emit_json(report.to_dict(), json_target)
