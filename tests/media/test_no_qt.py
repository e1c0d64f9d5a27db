"""The media core runs without Qt (DESIGN: only coder/gui imports PySide6)."""

from __future__ import annotations

import subprocess
import sys


def test_media_core_imports_no_qt() -> None:
    code = (
        "import sys, coder.media, coder.media.decoder_worker, coder.media.audio, "
        "coder.media.cameras, coder.cli.play\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'coder.gui'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
