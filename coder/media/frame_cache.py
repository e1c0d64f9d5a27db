"""A small least-recently-used cache of decoded frames, bounded in bytes."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class FrameCache(Generic[T]):
    """Frames by index, evicting the least recently used once ``max_bytes`` is exceeded.

    ``size_of`` gives the bytes one entry holds. The newest entry is always kept, even when it
    alone is larger than the budget.
    """

    def __init__(self, max_bytes: int, size_of: Callable[[T], int]) -> None:
        self.max_bytes = max_bytes
        self._size_of = size_of
        self._entries: OrderedDict[int, tuple[T, int]] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, index: object) -> bool:
        return index in self._entries

    @property
    def bytes_used(self) -> int:
        """Bytes held by the cached frames."""
        return self._bytes

    def get(self, index: int) -> T | None:
        """The frame at ``index`` if cached (and mark it recently used), else None."""
        entry = self._entries.get(index)
        if entry is None:
            return None
        self._entries.move_to_end(index)
        return entry[0]

    def put(self, index: int, frame: T) -> None:
        """Store ``frame`` under ``index`` and evict old entries beyond the byte budget."""
        old = self._entries.pop(index, None)
        if old is not None:
            self._bytes -= old[1]
        size = self._size_of(frame)
        self._entries[index] = (frame, size)
        self._bytes += size
        while self._bytes > self.max_bytes and len(self._entries) > 1:
            _, (_, evicted) = self._entries.popitem(last=False)
            self._bytes -= evicted

    def clear(self) -> None:
        """Drop every cached frame."""
        self._entries.clear()
        self._bytes = 0
