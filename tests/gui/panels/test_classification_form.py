"""The SSP classification form: one command per change, live validation, low-D confirmation."""

from __future__ import annotations

from PySide6.QtCore import Qt

from coder.annotations.commands import set_classification
from coder.annotations.model import Classification
from coder.gui.panels.classification_form import ClassificationForm
from coder.storage import load_annotations


def _fresh(ctx, qtbot) -> ClassificationForm:  # type: ignore[no-untyped-def]
    ctx.execute(set_classification(ctx.document, Classification()))
    form = ClassificationForm(ctx)
    qtbot.addWidget(form)
    form.show()  # radio buttons are hit-tested on their laid-out geometry
    qtbot.waitExposed(form)
    return form


def _pick(combo, data) -> None:  # type: ignore[no-untyped-def]
    combo.setCurrentIndex(combo.findData(data))
    combo.activated.emit(combo.currentIndex())


def _saved(ctx) -> Classification:  # type: ignore[no-untyped-def]
    return load_annotations(ctx.store.path).classification


def test_complete_a_b3_classification(open_ctx, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx("ssp")
    form = _fresh(ctx, qtbot)
    depth = len(ctx.undo_stack)
    qtbot.mouseClick(form.major_buttons["B"], Qt.MouseButton.LeftButton)
    assert [form.subgroup.itemData(i) for i in range(form.subgroup.count())] == [None, "B1", "B2", "B3", "B4"]
    _pick(form.subgroup, "B3")
    qtbot.mouseClick(form.d_scale.button_for(2), Qt.MouseButton.LeftButton)
    assert not form.forced.isEnabled()
    assert len(ctx.undo_stack) == depth + 3  # one command per change
    assert _saved(ctx) == Classification(major="B", subgroup="B3", d_rating=2)
    assert form.problems.messages == []
    assert answers == []


def test_d_without_forced_is_an_error_but_saved_as_entered(open_ctx, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx("ssp")
    form = _fresh(ctx, qtbot)
    qtbot.mouseClick(form.major_buttons["D"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.d_scale.button_for(7), Qt.MouseButton.LeftButton)
    assert form.forced.isEnabled()
    assert any("forced" in e for e in form.problems.errors())
    assert "#B3261E" in form.problems.text()
    assert _saved(ctx) == Classification(major="D", d_rating=7)
    _pick(form.forced, "B3")
    assert form.problems.errors() == []
    assert _saved(ctx).forced == "B3"


def test_low_d_rating_confirmed(open_ctx, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx("ssp")
    form = _fresh(ctx, qtbot)
    qtbot.mouseClick(form.major_buttons["D"], Qt.MouseButton.LeftButton)
    _pick(form.forced, "A1")
    answers.reply = True
    qtbot.mouseClick(form.d_scale.button_for(3), Qt.MouseButton.LeftButton)
    assert len(answers) == 1 and "below the threshold" in answers[0][1]
    assert _saved(ctx) == Classification(major="D", d_rating=3, forced="A1", low_d_confirmed=True)
    assert form.problems.messages == []
    assert not form.confirm.isVisibleTo(form)


def test_low_d_rating_declined(open_ctx, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx("ssp")
    form = _fresh(ctx, qtbot)
    qtbot.mouseClick(form.major_buttons["D"], Qt.MouseButton.LeftButton)
    _pick(form.forced, "C")
    answers.reply = False
    qtbot.mouseClick(form.d_scale.button_for(3), Qt.MouseButton.LeftButton)
    saved = _saved(ctx)
    assert saved.d_rating == 3 and saved.low_d_confirmed is False
    assert any("confirm" in w for w in form.problems.warnings())
    assert form.confirm.isVisibleTo(form)
    answers.reply = True
    qtbot.mouseClick(form.confirm, Qt.MouseButton.LeftButton)
    assert _saved(ctx).low_d_confirmed is True


def test_cannot_classify_disables_and_drops_forced(open_ctx, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx("ssp")
    form = _fresh(ctx, qtbot)
    qtbot.mouseClick(form.major_buttons["D"], Qt.MouseButton.LeftButton)
    _pick(form.forced, "B")
    assert form.forced.isEnabled()
    qtbot.mouseClick(form.major_buttons["CC"], Qt.MouseButton.LeftButton)
    assert not form.forced.isEnabled()
    assert not form.subgroup.isEnabled()
    assert _saved(ctx) == Classification(major="CC")
    ctx.undo_stack.undo()
    assert ctx.document.classification.forced == "B"
    assert form.forced.isEnabled() and form.major_buttons["D"].isChecked()


def test_notes_committed_once(open_ctx, qtbot, answers) -> None:  # type: ignore[no-untyped-def]
    ctx = open_ctx("ssp")
    form = _fresh(ctx, qtbot)
    depth = len(ctx.undo_stack)
    form.notes.setPlainText("mother re-entered late in ep5")
    form.commit_notes()
    form.commit_notes()
    assert len(ctx.undo_stack) == depth + 1
    assert _saved(ctx).notes == "mother re-entered late in ep5"
