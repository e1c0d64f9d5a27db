"""Session ▸ Suggest movement…: movement bursts in the drawn regions, measured in the background.

The coder says which code each region's movement becomes (or none); ``coder.assist.suggest``
then runs for the open record on a worker thread — the same run as ``coder suggest --motion`` —
with its progress in the status bar, so coding goes on meanwhile. When it is done the
suggestions appear in their lanes and panel. A session that takes no suggestions gets a neutral
word, never the reason (a coder must not learn which sessions are double-coded).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from coder.annotations.wording import code_label
from coder.assist.motion import Region
from coder.assist.regions import load_regions
from coder.assist.run import SuggestOutcome, SuggestRequest, suggest
from coder.assist.store import suggestions_allowed
from coder.errors import CoderError
from coder.gui import dialogs
from coder.gui.background import run_in_background
from coder.project.project import Project
from coder.scheme.model import Scheme

NO_CODE = "(no suggestions for this region)"


class _Progress(QObject):
    """Carries ``progress(fraction, message)`` from the worker thread to the window (queued)."""

    moved = Signal(float, str)


def motion_request(parent: QWidget, project: Project, session: str, scheme: Scheme) -> SuggestRequest | None:
    """Ask which code each drawn region's movement becomes; None when there is nothing to run."""
    regions = load_regions(project, session)
    if not regions:
        dialogs.inform(parent, "Suggest movement",
                       "Draw the regions to measure first (Session ▸ Regions…).")
        return None
    # The coder picks by label; two codes with one label are told apart by their id.
    labels = [code_label(scheme, c.id) for c in scheme.codes]
    codes = {
        (label if labels.count(label) == 1 else f"{label} ({c.id})"): c.id
        for label, c in zip(labels, scheme.codes, strict=True)
    }
    chosen: dict[str, str] = {}
    used: list[Region] = []
    for region in regions:
        picked = dialogs.choose(parent, "Suggest movement",
                                f"Movement in region '{region.name}' becomes which code?", [*codes, NO_CODE])
        if picked is None:
            return None
        if picked != NO_CODE:
            chosen[region.name] = codes[picked]
            used.append(region)
    if not used:
        return None
    return SuggestRequest(motion=True, regions=tuple(used), motion_codes=chosen)


def run_motion_suggestions(
    parent: QWidget,
    project: Project,
    session: str,
    coder: str,
    scheme: Scheme,
    *,
    report: Callable[[str], None],
    done: Callable[[SuggestOutcome], None],
) -> bool:
    """Ask, then run in the background; ``report`` gets progress text, ``done`` the outcome.
    False when nothing was started."""
    if not suggestions_allowed(project, session):
        dialogs.inform(parent, "Suggest movement", "Suggestions are not available for this session.")
        return False
    try:
        request = motion_request(parent, project, session, scheme)
    except CoderError as error:
        dialogs.show_error(parent, error, "Suggest movement")
        return False
    if request is None:
        return False
    relay = _Progress(parent)
    relay.moved.connect(lambda fraction, what: report(f"Suggesting movement: {what} {100 * fraction:.0f}%"))

    def work() -> SuggestOutcome:
        return suggest(project, [session], request, coders=[coder], progress=relay.moved.emit)

    def finished(outcome: Any) -> None:
        relay.deleteLater()
        done(outcome)

    def failed(error: BaseException) -> None:
        relay.deleteLater()
        report("")
        dialogs.show_error(parent, error, "Suggest movement")

    report("Suggesting movement… (coding can go on)")
    run_in_background(work, finished, failed)
    return True
