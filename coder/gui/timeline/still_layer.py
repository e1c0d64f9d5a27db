"""The timeline's still picture — all but the playhead and the running states — kept in parts.

The head (ruler, segment band, waveform) and each row's band are images of their own, each
drawn again only when what it shows changed: an edit redraws the rows it touched, a selection the
rows of the events it left and entered, and a row growing a sub-lane moves the bands below it
instead of redrawing them. Putting the parts together is a few image copies.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter

Draw = Callable[[QPainter], None]


@dataclass(frozen=True)
class StillPart:
    """One part of the picture: a name, what it shows (its key), its top, height and drawing."""

    name: Hashable
    key: Hashable
    top: int
    height: int
    draw: Draw


class StillLayer:
    """Parts drawn once and reused while their keys stay the same, and the whole they make."""

    def __init__(self, background: QColor) -> None:
        self.background = background
        self._parts: dict[Hashable, tuple[Hashable, QImage]] = {}
        self._whole: QImage | None = None
        self._whole_key: Hashable = None
        self.drawn: list[Hashable] = []  # the parts drawn for the last picture (what a change cost)

    def clear(self) -> None:
        """Make every part stale: the next picture draws them all (into the same images)."""
        stale = object()
        self._parts = {name: (stale, image) for name, (_key, image) in self._parts.items()}
        self._whole_key = None

    def picture(self, size: QSize, ratio: float, parts: Sequence[StillPart], finish: Draw) -> QImage:
        """The whole picture of ``size`` (logical px): ``parts`` at their tops, then ``finish``
        drawn over them (what is cheap and spans parts, e.g. the row labels)."""
        key = (size.width(), size.height(), ratio, tuple((p.name, p.key, p.top, p.height) for p in parts))
        self.drawn = []
        if self._whole is not None and key == self._whole_key:
            return self._whole
        images = [(part.top, self._part(part, size.width(), ratio)) for part in parts]
        for name in set(self._parts) - {part.name for part in parts}:
            del self._parts[name]  # a part no longer shown (a row the scheme lost)
        whole = self._image(self._whole, size, ratio)
        painter = QPainter(whole)
        try:
            for top, image in images:
                painter.drawImage(0, top, image)
            finish(painter)
        finally:
            painter.end()
        self._whole, self._whole_key = whole, key
        return whole

    def _part(self, part: StillPart, width: int, ratio: float) -> QImage:
        cached = self._parts.get(part.name)
        full_key = (part.key, width, part.height, ratio)
        if cached is not None and cached[0] == full_key:
            return cached[1]
        image = self._image(cached[1] if cached is not None else None, QSize(width, part.height), ratio)
        painter = QPainter(image)
        try:
            painter.translate(0, -part.top)  # parts draw where they sit in the whole picture
            part.draw(painter)
        finally:
            painter.end()
        self._parts[part.name] = (full_key, image)
        self.drawn.append(part.name)
        return image

    def _image(self, reuse: QImage | None, size: QSize, ratio: float) -> QImage:
        pixels = QSize(round(size.width() * ratio), round(size.height() * ratio))
        if reuse is None or reuse.size() != pixels:
            reuse = QImage(pixels, QImage.Format.Format_ARGB32_Premultiplied)
            reuse.setDevicePixelRatio(ratio)
        reuse.fill(self.background)
        return reuse
