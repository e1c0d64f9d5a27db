"""A Qt-free undo stack of edit commands, the one every front end uses (the GUI wraps it thinly).

``push`` applies a command (with the session-status rule of ``coder.annotations.status``) and
keeps it; ``undo``/``redo`` revert and re-apply. ``changed`` emits the stack's state after every
move so a menu can show "Undo Add Gaze to mother" without knowing the commands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coder.annotations.changes import Emitter
from coder.annotations.commands import Command
from coder.annotations.document import AnnotationDocument
from coder.annotations.status import with_status_rule


@dataclass(frozen=True)
class StackState:
    """What an undo menu shows: whether and what can be undone or redone, and if saved work is clean."""

    can_undo: bool
    can_redo: bool
    undo_text: str
    redo_text: str
    clean: bool


class CommandStack:
    """Applied commands in order; ``index`` of them are in effect (the rest can be redone)."""

    def __init__(
        self,
        document: AnnotationDocument,
        *,
        limit: int = 0,
        describe: Callable[[Command], str] | None = None,
    ) -> None:
        self.document = document
        self.describe = describe or (lambda command: command.text)
        self.limit = limit  # 0 keeps every step
        self._commands: list[Command] = []
        self._index = 0
        self._clean_index: int | None = 0
        self.changed: Emitter[StackState] = Emitter()

    # --- moving ---------------------------------------------------------------------------
    def push(self, command: Command, *, reopen: bool = False) -> Command:
        """Apply ``command`` as one undo step (a completed record only with ``reopen``); returns
        the command as applied (with its status change)."""
        applied = with_status_rule(self.document, command, reopen=reopen)
        applied.apply(self.document)
        del self._commands[self._index :]
        if self._clean_index is not None and self._clean_index > self._index:
            self._clean_index = None  # the clean state can no longer be reached
        self._commands.append(applied)
        self._index += 1
        if self.limit and len(self._commands) > self.limit:
            drop = len(self._commands) - self.limit
            del self._commands[:drop]
            self._index -= drop
            self._clean_index = None if self._clean_index is None or self._clean_index < drop else self._clean_index - drop
        self._notify()
        return applied

    def undo(self) -> None:
        if self._index:
            self._index -= 1
            self._commands[self._index].revert(self.document)
            self._notify()

    def redo(self) -> None:
        if self._index < len(self._commands):
            self._commands[self._index].apply(self.document)
            self._index += 1
            self._notify()

    def set_clean(self) -> None:
        self._clean_index = self._index
        self._notify()

    def clear(self) -> None:
        self._commands.clear()
        self._index = 0
        self._clean_index = 0
        self._notify()

    # --- reading --------------------------------------------------------------------------
    @property
    def index(self) -> int:
        return self._index

    def __len__(self) -> int:
        return len(self._commands)

    def count(self) -> int:
        return len(self._commands)

    def command(self, index: int) -> Command:
        return self._commands[index]

    @property
    def state(self) -> StackState:
        can_undo, can_redo = self._index > 0, self._index < len(self._commands)
        return StackState(
            can_undo=can_undo,
            can_redo=can_redo,
            undo_text=self.describe(self._commands[self._index - 1]) if can_undo else "",
            redo_text=self.describe(self._commands[self._index]) if can_redo else "",
            clean=self._clean_index == self._index,
        )

    def _notify(self) -> None:
        self.changed.emit(self.state)
