"""What the person at the keys may read: every message of the core, worded for their role.

The lead reads messages as they are. A coder is blind (DESIGN: they see pseudonymous session codes
only), so a message worded for a coder never holds

- a video's path, folder, file name or stem: a video is "the video of session S-…";
- a participant, arm, timepoint or any other column of the unblinding key, nor the key's file;
- another coder's id or name, nor a concealed assignment role (reliability sample, gold check);

and, where the lead's hint would send a coder to do the lead's job (relink, convert, re-add a
video), it says what a coder can do instead: ask their lead, naming the session.

Messages are worded from their fields (a ``CoderError``'s ``path``, ``hint`` and class; a store's
state and lease holder), not by editing their text: a path is replaced as a whole by what a coder
may know of it, and a free text (a message, hint or notice) that still holds anything a coder may
not read is withheld as a whole and worded anew — never patched word by word, so nothing half
hidden ever reaches a coder.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from coder.errors import CoderError, MediaError
from coder.storage.annotation_store import AnnotationStore, StoreState
from coder.storage.lease import LeaseHolder

if TYPE_CHECKING:
    from coder.project.project import Project

ASK_LEAD = "ask your lead"
# Roles a coder is not told: a session in the reliability sample or a concealed gold check
# (training sessions are given openly; "primary" is every ordinary assignment).
_HIDDEN_ROLES = ("reliability", "gold_check", "gold check", "drift check")
_MIN_WORD = 2  # shorter key values ("1", "A") are too common to withhold every text holding them


def _normal(path: Path) -> str:
    return os.path.normcase(os.path.normpath(str(path)))


@dataclass(frozen=True)
class RoleWords:
    """Words messages for the lead (``coder`` None: everything as it is) or for one coder.

    ``videos`` maps each video file (absolute) to its session code; ``secrets`` are further words a
    coder never reads (key values, other coders, roles); ``root`` is the project folder.
    Build one for a project with :func:`role_words`.
    """

    coder: str | None = None
    root: Path | None = None
    videos: Mapping[Path, str] = field(default_factory=dict)
    secrets: frozenset[str] = frozenset()
    key_file: Path | None = None

    @property
    def lead(self) -> bool:
        return self.coder is None

    # -- what a coder may not read ------------------------------------------------------------
    @cached_property
    def hidden_words(self) -> frozenset[str]:
        """Every text a coder may not read: the videos' paths (absolute and in the project),
        folders outside the project, names and stems, and ``secrets``."""
        words = set(self.secrets)
        for video in self.videos:
            words |= {str(video), video.name, video.stem}
            inside = self._inside(video)
            if inside is not None:
                words.add(str(inside))
            else:  # a folder of the lead's (often named after the study, a wave or an arm)
                words |= {str(video.parent), video.parent.name}
        if self.key_file is not None:
            words |= {str(self.key_file), self.key_file.name}
        return frozenset(w for w in words if len(w.strip()) >= _MIN_WORD)

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        words = sorted(self.hidden_words, key=len, reverse=True)
        if not words:
            return None
        alternatives = "|".join(re.escape(w) for w in words)
        return re.compile(rf"(?<![\w]){'(?:' + alternatives + ')'}(?![\w])", re.IGNORECASE)

    def may_read(self, text: str) -> bool:
        """True when the person at the keys may read ``text`` as it is."""
        if self.lead:
            return True
        pattern = self._pattern
        return pattern is None or pattern.search(text) is None

    # -- wording -----------------------------------------------------------------------------
    def video_session(self, path: Path | None) -> str | None:
        """The session whose video ``path`` is, None when it is none of the project's videos."""
        if path is None:
            return None
        wanted = _normal(path if path.is_absolute() or self.root is None else self.root / path)
        return next((code for video, code in self.videos.items() if _normal(video) == wanted), None)

    def _inside(self, path: Path) -> Path | None:
        if self.root is None:
            return None
        with contextlib.suppress(ValueError):
            return Path(os.path.normpath(path)).relative_to(os.path.normpath(self.root))
        return None

    def _is_key(self, path: Path | None) -> bool:
        if path is None or self.key_file is None:
            return False
        absolute = path if path.is_absolute() or self.root is None else self.root / path
        return _normal(absolute) == _normal(self.key_file)

    def path(self, path: Path) -> str:
        """``path`` as the reader may see it: for a coder, a video is "the video of session S",
        a file of the project is named within it, any other file as it is — unless it holds
        something they may not read (a file in a folder of the lead's videos), when it is not
        named."""
        if self.lead:
            return str(path)
        session = self.video_session(path)
        if session is not None:
            return f"the video of session {session}"
        absolute = path if path.is_absolute() or self.root is None else self.root / path
        if self._is_key(absolute):
            return "a file only your lead has"
        inside = self._inside(absolute)
        shown = str(inside) if inside is not None else str(path)
        if self.may_read(shown):
            return shown
        return "a file of the project" if inside is not None else "a file outside the project"

    def text(self, text: str, *, session: str | None = None) -> str:
        """A free text (a notice, a status line) for the reader: for a coder, withheld as a whole
        when it holds anything they may not read, and said anew with what to do."""
        if self.may_read(text):
            return text
        about = f" about session {session}" if session else ""
        return f"Something went wrong{about}; {ASK_LEAD} to look at it (the details are for the lead only)."

    def error(self, error: CoderError, *, session: str | None = None) -> CoderError:
        """``error`` for the reader. The lead gets it unchanged; a coder gets one worded from its
        fields: which file (see :meth:`path`), what is wrong (its message when they may read it),
        and what to do (for a video, ask the lead about the session)."""
        if self.lead:
            return error
        video_session = self.video_session(error.path)
        session = video_session or session
        about_video = video_session is not None or isinstance(error, MediaError)
        if error.path is not None:
            where = self.path(error.path)
        elif about_video and session:
            where = f"the video of session {session}"
        else:
            where = ""
        # Nothing of the key is read by a coder, not even a value too short to look for.
        withheld = not self.may_read(error.message) or self._is_key(error.path)
        if not withheld:
            what = error.message
        elif about_video:
            what = "cannot be opened or played"
        elif where:
            what = "has a problem whose details are for the lead only"
        else:
            what = "something went wrong whose details are for the lead only"
        if about_video:
            hint: str | None = f"{ASK_LEAD} to check the video of session {session}" if session \
                else f"{ASK_LEAD} to check the project's videos"
        elif not withheld and (error.hint is None or self.may_read(error.hint)):
            hint = error.hint
        else:
            hint = f"{ASK_LEAD} about session {session}" if session else ASK_LEAD
        worded = CoderError(f"{where}: {what}" if where else what, hint=hint)
        worded.__cause__ = error
        return worded

    def store_notice(self, store: AnnotationStore, session: str) -> str:
        """The store's notice (where the record is open, why it stopped saving) for the reader.

        A coder's record is written only by that coder, so the one holding it elsewhere is
        normally the coder themselves: they are told the computer and since when, which they
        need to find the other window. A holder who is anyone else is "someone else", unnamed.
        """
        if self.lead or store.state is not StoreState.OPEN_ELSEWHERE:
            return self.text(store.notice, session=session)
        holder = store.holder
        where = _place(holder, self.coder) if holder is not None else "elsewhere"
        text = f"Read-only: session {session} is open for editing {where}."
        if store.can_take_over:
            return text + " It looks abandoned: you may take it over."
        return text + " Close it there to edit it here."


def _place(holder: LeaseHolder, reader: str | None) -> str:
    since = holder.taken.replace("T", " ").replace("Z", " UTC")
    if holder.coder != reader:
        return f"by someone else, since {since}"
    if holder.on_this_computer and holder.pid == os.getpid():
        place = "in another window of this Coder"
    elif holder.on_this_computer:
        place = "in another Coder on this computer"
    else:
        place = f"on your computer '{holder.host}'"
    return f"{place}, since {since}"


LEAD_WORDS = RoleWords()
"""Messages as they are: what the lead reads."""


def role_words(project: Project, coder: str | None) -> RoleWords:
    """The wording for ``coder`` (None: the lead) at the keys of ``project``.

    For a coder it gathers what they may not read: every video of the project, the key's values
    (every column but the session code), the other coders' ids and names and the assignment roles.
    """
    if coder is None:
        return LEAD_WORDS
    videos: dict[Path, str] = {}
    for entry in project.sessions:
        for video in entry.videos:
            stored = Path(video.path)
            videos[stored if stored.is_absolute() else project.root / stored] = entry.code
    secrets: set[str] = set(_HIDDEN_ROLES)
    with contextlib.suppress(CoderError, OSError):  # an unreadable key hides nothing more
        for row in project.key():
            secrets |= {v for k, v in row.items() if k != "session" and v}
    secrets |= _others(((c.id, c.name) for c in project.coders), coder)
    return RoleWords(
        coder=coder,
        root=project.root,
        videos=videos,
        secrets=frozenset(secrets),
        key_file=project.key_path,
    )


def _others(coders: Iterable[tuple[str, str]], coder: str) -> set[str]:
    return {word for cid, name in coders if cid != coder for word in (cid, name) if word}
