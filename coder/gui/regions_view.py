"""Drawing the named regions of a session's picture (mother, infant …) that motion is measured in.

A dialog shows the current frame of the first camera with the regions as outlines. Drag on an
empty part of the picture to draw a region (its name is asked), drag a region to move it, drag
its corner handle to resize it. The keys do the same without a mouse: N new region, Tab / the
list to choose one, arrows move it (Shift: further), Ctrl+arrows resize it, F2 renames, Delete
removes, Ctrl+Z / Ctrl+Shift+Z undo and redo. Every change is saved at once through
``coder.assist.regions.RegionEditor``, which holds the regions and their history; the widgets
hold only which region is selected and the drag under way.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPointF, QRectF, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from coder.assist.motion import Region
from coder.assist.regions import RegionEditor, fitted
from coder.errors import CoderError
from coder.gui import dialogs
from coder.gui.player.region_outlines import HANDLE, paint_outlines

STEP, BIG_STEP = 0.01, 0.05
KEYS_HELP = (
    "Drag on the picture to draw a region, drag a region to move it, drag its corner to resize. "
    "Keys: N new, Tab next, arrows move (Shift further), Ctrl+arrows resize, F2 rename, "
    "Delete remove, Ctrl+Z undo, Ctrl+Shift+Z redo."
)


class RegionsController(QObject):
    """The selected region; every edit goes to the editor (saved, undoable); errors are shown."""

    changed = Signal()

    def __init__(self, editor: RegionEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.widget = parent
        self.selected: str | None = editor.regions[0].name if editor.regions else None

    @property
    def regions(self) -> tuple[Region, ...]:
        return self.editor.regions

    def _edit(self, action: Callable[..., None], *args: str | Region) -> bool:
        try:
            action(*args)
        except CoderError as error:
            dialogs.show_error(self.widget, error, "Regions")
            return False
        if self.selected is not None and self.editor.find(self.selected) is None:
            self.selected = self.editor.regions[-1].name if self.editor.regions else None
        self.changed.emit()
        return True

    def select(self, name: str | None) -> None:
        self.selected = name
        self.changed.emit()

    def select_next(self, step: int = 1) -> None:
        names = [r.name for r in self.regions]
        if names:
            at = names.index(self.selected) if self.selected in names else -step
            self.select(names[(at + step) % len(names)])

    def _free_name(self) -> str:
        taken = {r.name for r in self.regions}
        return next(n for n in ("mother", "infant", *(f"region{i}" for i in range(3, 99))) if n not in taken)

    def draw(self, x: float, y: float, w: float, h: float) -> None:
        """A new region at x, y, w, h (fractions), named by the user (cancel: none)."""
        name = dialogs.ask_text(self.widget, "New region", "Name of the region (e.g. mother, infant):",
                                self._free_name())
        if name is None or not name.strip():
            self.changed.emit()
            return
        name = name.strip()
        try:
            region = fitted(name, x, y, w, h)
        except CoderError as error:
            dialogs.show_error(self.widget, error, "Regions")
            return
        if self._edit(self.editor.add, region):
            self.select(name)

    def new(self) -> None:
        self.draw(0.35, 0.35, 0.3, 0.3)

    def set_box(self, x: float, y: float, w: float, h: float) -> None:
        """Move or resize the selected region to x, y, w, h (fractions; kept in the picture)."""
        found = self.editor.find(self.selected) if self.selected else None
        if found is None:
            return
        region = fitted(found.name, x, y, w, h)
        if region != found:
            self._edit(self.editor.replace, found.name, region)

    def nudge(self, dx: float, dy: float, dw: float, dh: float) -> None:
        found = self.editor.find(self.selected) if self.selected else None
        if found is not None:
            self.set_box(found.x + dx, found.y + dy, found.w + dw, found.h + dh)

    def rename(self) -> None:
        if self.selected is None:
            return
        name = dialogs.ask_text(self.widget, "Rename region", "New name:", self.selected)
        wanted = (name or "").strip()
        if wanted and wanted != self.selected and self._edit(self.editor.rename, self.selected, wanted):
            self.select(wanted)

    def remove(self) -> None:
        if self.selected is not None:
            self._edit(self.editor.remove, self.selected)

    def undo(self) -> None:
        self._edit(self.editor.undo)

    def redo(self) -> None:
        self._edit(self.editor.redo)


class RegionCanvas(QWidget):
    """The frame, scaled to fit, with the regions; mouse and keys edit them."""

    def __init__(self, controller: RegionsController, image: QImage | None, aspect: float,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.image = image
        self.aspect = image.width() / max(1, image.height()) if image is not None else aspect
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 200)
        self.setAccessibleName("Picture with regions")
        self._mode: str | None = None  # "draw" | "move" | "resize" while a drag is under way
        self._origin = QPointF()
        self._box: tuple[float, float, float, float] | None = None  # the drag's box (fractions)
        controller.changed.connect(self.update)

    def sizeHint(self) -> QSize:
        return QSize(720, round(720 / self.aspect))

    def image_rect(self) -> QRectF:
        """Where the frame is drawn: as large as fits, aspect kept, centred."""
        width, height = self.width(), self.height()
        if width / max(1, height) > self.aspect:
            w, h = height * self.aspect, float(height)
        else:
            w, h = float(width), width / self.aspect
        return QRectF((width - w) / 2, (height - h) / 2, w, h)

    def to_fraction(self, point: QPointF) -> QPointF:
        target = self.image_rect()
        return QPointF((point.x() - target.x()) / target.width(), (point.y() - target.y()) / target.height())

    def _region_at(self, point: QPointF) -> Region | None:
        f = self.to_fraction(point)
        for region in reversed(self.controller.regions):
            if region.x <= f.x() <= region.x + region.w and region.y <= f.y() <= region.y + region.h:
                return region
        return None

    def _on_handle(self, point: QPointF) -> bool:
        selected = self.controller.editor.find(self.controller.selected) if self.controller.selected else None
        if selected is None:
            return False
        target = self.image_rect()
        corner = QPointF(target.x() + (selected.x + selected.w) * target.width(),
                         target.y() + (selected.y + selected.h) * target.height())
        return abs(point.x() - corner.x()) <= HANDLE and abs(point.y() - corner.y()) <= HANDLE

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self.setFocus()
        point = event.position()
        self._origin = self.to_fraction(point)
        if self._on_handle(point):
            self._mode = "resize"
        else:
            hit = self._region_at(point)
            if hit is not None:
                self.controller.select(hit.name)
                self._mode = "move"
            else:
                self._mode = "draw"
        self._box = None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._mode is None:
            return
        f = self.to_fraction(event.position())
        o = self._origin
        if self._mode == "draw":
            self._box = (min(o.x(), f.x()), min(o.y(), f.y()), abs(f.x() - o.x()), abs(f.y() - o.y()))
        else:
            found = self.controller.editor.find(self.controller.selected or "")
            if found is None:
                return
            dx, dy = f.x() - o.x(), f.y() - o.y()
            if self._mode == "move":
                self._box = (found.x + dx, found.y + dy, found.w, found.h)
            else:
                self._box = (found.x, found.y, found.w + dx, found.h + dy)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._mode is None:
            return
        mode, box = self._mode, self._box
        self._mode, self._box = None, None
        if box is None:
            self.update()
            return
        x, y, w, h = box
        if mode == "draw":
            target = self.image_rect()
            if w * target.width() >= 4 and h * target.height() >= 4:
                # Only the part inside the picture counts.
                x0, y0 = max(0.0, x), max(0.0, y)
                self.controller.draw(x0, y0, min(1.0, x + w) - x0, min(1.0, y + h) - y0)
        else:
            self.controller.set_box(x, y, w, h)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        step = BIG_STEP if mods & Qt.KeyboardModifier.ShiftModifier else STEP
        resize = bool(mods & Qt.KeyboardModifier.ControlModifier)
        moves = {Qt.Key.Key_Left: (-step, 0.0), Qt.Key.Key_Right: (step, 0.0),
                 Qt.Key.Key_Up: (0.0, -step), Qt.Key.Key_Down: (0.0, step)}
        if key in moves:
            dx, dy = moves[Qt.Key(key)]
            if resize:
                self.controller.nudge(0, 0, dx, dy)
            else:
                self.controller.nudge(dx, dy, 0, 0)
        elif key == Qt.Key.Key_N and not mods:
            self.controller.new()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not resize:
            self.controller.remove()
        elif key == Qt.Key.Key_F2:
            self.controller.rename()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusNextPrevChild(self, forward: bool) -> bool:
        # Tab chooses the next region while the picture has the focus (Esc-free way out: the list).
        if self.controller.regions and self.hasFocus():
            self.controller.select_next(1 if forward else -1)
            return True
        return super().focusNextPrevChild(forward)

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        target = self.image_rect()
        if self.image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, self.image)
        else:
            painter.setPen(Qt.GlobalColor.gray)
            painter.drawText(target, Qt.AlignmentFlag.AlignCenter, "No frame shown yet")
        shown = list(self.controller.regions)
        if self._box is not None:
            x, y, w, h = self._box
            if self._mode == "draw":
                painter.setPen(QPen(QColor("white"), 1, Qt.PenStyle.DashLine))
                painter.drawRect(QRectF(target.x() + x * target.width(), target.y() + y * target.height(),
                                        w * target.width(), h * target.height()))
            else:
                name = self.controller.selected or ""
                try:
                    moved = fitted(name, x, y, w, h)
                    shown = [moved if r.name == name else r for r in shown]
                except CoderError:
                    pass
        paint_outlines(painter, target, shown, self.controller.selected)
        painter.end()


class RegionsDialog(QDialog):
    """The picture with its regions, the list of regions and the buttons for each edit."""

    def __init__(self, editor: RegionEditor, image: QImage | None, aspect: float,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Regions of session {editor.session}")
        self.controller = RegionsController(editor, self)
        self.canvas = RegionCanvas(self.controller, image, aspect, self)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Regions")
        self.list.currentTextChanged.connect(lambda name: self.controller.select(name or None)
                                             if name and name != self.controller.selected else None)
        side = QVBoxLayout()
        side.addWidget(QLabel("Regions (first camera):"))
        side.addWidget(self.list, 1)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, action in (
            ("new", "New (N)", self.controller.new),
            ("rename", "Rename (F2)", self.controller.rename),
            ("remove", "Remove (Del)", self.controller.remove),
            ("undo", "Undo (Ctrl+Z)", self.controller.undo),
            ("redo", "Redo (Ctrl+Shift+Z)", self.controller.redo),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(action)
            side.addWidget(button)
            self.buttons[key] = button
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        side.addWidget(close)
        for keys, action in ((QKeySequence.StandardKey.Undo, self.controller.undo),
                             (QKeySequence.StandardKey.Redo, self.controller.redo)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(action)
        help_label = QLabel(KEYS_HELP, self)
        help_label.setWordWrap(True)
        help_label.setObjectName("muted")
        left = QVBoxLayout()
        left.addWidget(self.canvas, 1)
        left.addWidget(help_label)
        row = QHBoxLayout(self)
        row.addLayout(left, 1)
        row.addLayout(side)
        self.controller.changed.connect(self.refresh)
        self.refresh()
        self.canvas.setFocus()

    def refresh(self) -> None:
        names = [r.name for r in self.controller.regions]
        with QSignalBlocker(self.list):
            if [self.list.item(i).text() for i in range(self.list.count())] != names:
                self.list.clear()
                self.list.addItems(names)
            if self.controller.selected in names:
                self.list.setCurrentRow(names.index(self.controller.selected))
        chosen = self.controller.selected is not None
        self.buttons["rename"].setEnabled(chosen)
        self.buttons["remove"].setEnabled(chosen)
        self.buttons["undo"].setEnabled(self.controller.editor.can_undo())
        self.buttons["redo"].setEnabled(self.controller.editor.can_redo())
        self.canvas.update()
