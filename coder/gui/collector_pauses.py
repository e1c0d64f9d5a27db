"""Keeps Python's cyclic garbage collector from stalling the GUI thread.

The collector holds the GIL for the whole of a collection, whichever thread runs it, and a full
collection walks every tracked object: with a 30-minute session's records, disagreements and
widgets in memory that took 60–120 ms, a stall while typing or deciding even when the collection
ran on a worker thread. Once a session's long-lived values are loaded, ``keep_loaded`` moves
everything alive into the collector's permanent generation (``gc.freeze``): later collections
walk only what was made since. ``release`` undoes it when the session closes, so what it held
can be collected again. (Values freed by reference counting, nearly all, are freed as ever.)
"""

from __future__ import annotations

import gc


def keep_loaded() -> None:
    """Leave everything alive now out of later collections (call after loading a session)."""
    gc.freeze()


def release() -> None:
    """Let collections walk every object again (call when a session closes)."""
    gc.unfreeze()
