"""Small helpers shared by commands: writing JSON results."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

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
