"""A view of one camera: the frame scaled to fit (aspect kept), time and frame number on it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from coder.gui.player.region_outlines import paint_outlines
from coder.timebase import format_timecode

if TYPE_CHECKING:
    from coder.assist.motion import Region


def array_to_qimage(image: np.ndarray) -> QImage:
    """Wrap a uint8 (h, w, 3) RGB or (h, w, 4) BGRA array as a QImage without copying (keep
    the array alive). BGRA is Qt's native RGB32 layout, so painting it needs no conversion."""
    height, width, channels = image.shape
    image_format = QImage.Format.Format_RGB32 if channels == 4 else QImage.Format.Format_RGB888
    return QImage(image.data, width, height, image.strides[0], image_format)


class VideoView(QWidget):
    """Paints the latest frame given to ``show_frame``; emits ``display_size_changed`` (device
    pixels) so the decoder can make frames of about that size."""

    display_size_changed = Signal(int, int)

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 120)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._title = title
        self._array: np.ndarray | None = None  # keeps the QImage's pixels alive
        self._image: QImage | None = None
        self._label = ""
        self._aspect = 4 / 3
        self.frame_index: int | None = None
        self.regions: tuple[Region, ...] = ()  # outlined on the frame (Session ▸ Regions…)

    def sizeHint(self) -> QSize:
        return QSize(640, round(640 / self._aspect))

    def set_aspect(self, width: int, height: int) -> None:
        """The video's upright aspect (for the size hint before any frame arrives)."""
        self._aspect = width / max(1, height)

    def show_frame(self, image: np.ndarray | None, ms: int | None, index: int | None) -> None:
        """Show ``image`` (see ``array_to_qimage``) as frame ``index`` at ``ms``; None shows a blank view."""
        self._array = image
        self._image = None if image is None else array_to_qimage(image)
        if self._image is not None:
            self._image.setDevicePixelRatio(self.devicePixelRatioF())
        self.frame_index = index
        if ms is None or index is None:
            self._label = "not started"
        else:
            self._label = f"{format_timecode(ms)}   frame {index}"
        self.update()

    def set_regions(self, regions: Sequence[Region]) -> None:
        """Outline ``regions`` on the frame (none: no outlines)."""
        self.regions = tuple(regions)
        self.update()

    def current_image(self) -> QImage | None:
        """A copy of the frame shown (for drawing regions on it), or None before the first."""
        return None if self._image is None else self._image.copy()

    def image_rect(self) -> QRect:
        """Where the frame is painted: as large as fits, aspect kept, centred."""
        aspect = (
            self._image.width() / max(1, self._image.height()) if self._image else self._aspect
        )
        width, height = self.width(), self.height()
        if width / max(1, height) > aspect:
            fitted = QSize(round(height * aspect), height)
        else:
            fitted = QSize(width, round(width / aspect))
        return QRect(
            (width - fitted.width()) // 2, (height - fitted.height()) // 2,
            fitted.width(), fitted.height(),
        )

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if self._image is not None:
            target = self.image_rect()
            natural = self._image.deviceIndependentSize().toSize()
            if abs(target.width() - natural.width()) <= 2:
                # Decoded at display size already: blit 1:1 (scaling costs milliseconds).
                target.setSize(natural)
            else:
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QRectF(target), self._image)
        if self.regions:
            paint_outlines(painter, QRectF(self.image_rect()), self.regions)
        self._paint_label(painter)
        painter.end()

    def _paint_label(self, painter: QPainter) -> None:
        font = QFont(self.font())
        font.setFamily("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(max(9.0, min(14.0, self.height() / 30)))
        painter.setFont(font)
        text = f"{self._title}   {self._label}".strip()
        metrics = painter.fontMetrics()
        box = metrics.boundingRect(text).adjusted(-6, -3, 6, 3)
        if self._image is not None and self.height() - self.image_rect().bottom() < box.height() + 8:
            # no black band below the picture: the label would hide part of it, and the transport
            # bar shows the time and frame anyway; only a camera's name stays
            if not self._title:
                return
            text = self._title
            box = metrics.boundingRect(text).adjusted(-6, -3, 6, 3)
        box.moveBottomLeft(self.rect().bottomLeft() + QPoint(6, -6))
        painter.fillRect(box, QColor(0, 0, 0, 170))
        painter.setPen(Qt.GlobalColor.white)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        ratio = self.devicePixelRatioF()
        self.display_size_changed.emit(round(self.width() * ratio), round(self.height() * ratio))
