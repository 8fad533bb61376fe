"""Start-up in turns: steps wait for the first paint, run once, one event-loop turn apart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from kcp_pos.ui.shell.first_paint import FALLBACK_MS, after_first_paint


def test_steps_wait_for_the_first_paint_and_run_in_order(qtbot: QtBot) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    ran: list[str] = []
    after_first_paint(field, [lambda: ran.append("first"), lambda: ran.append("second")])

    qtbot.wait(50)
    assert ran == []  # not shown, not painted
    field.show()
    qtbot.waitUntil(lambda: ran == ["first", "second"], timeout=FALLBACK_MS // 2)


def test_work_queued_by_a_step_runs_before_the_next_step(qtbot: QtBot) -> None:
    """Each step has its own turn: what arrived meanwhile (a keystroke) is handled in between."""
    field = QLineEdit()
    qtbot.addWidget(field)
    ran: list[str] = []

    def first() -> None:
        ran.append("first")
        QTimer.singleShot(0, lambda: ran.append("queued by first"))

    after_first_paint(field, [first, lambda: ran.append("second")])
    field.show()
    qtbot.waitUntil(lambda: "second" in ran, timeout=FALLBACK_MS // 2)
    assert ran == ["first", "queued by first", "second"]


def test_steps_run_once_however_often_the_widget_paints(qtbot: QtBot) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    ran: list[str] = []
    after_first_paint(field, [lambda: ran.append("step")])
    field.show()
    qtbot.waitUntil(lambda: ran == ["step"], timeout=FALLBACK_MS // 2)

    field.setText("repaint me")
    field.repaint()
    qtbot.wait(FALLBACK_MS + 200)  # past the fallback too
    assert ran == ["step"]


def test_steps_start_without_a_paint_after_the_fallback_delay(qtbot: QtBot) -> None:
    """A window opened minimized still starts its backend."""
    field = QLineEdit()
    qtbot.addWidget(field)
    ran: list[str] = []
    after_first_paint(field, [lambda: ran.append("step")])

    qtbot.waitUntil(lambda: ran == ["step"], timeout=FALLBACK_MS * 3)
    assert not field.isVisible()


def test_a_failing_step_is_logged_and_the_others_still_run(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("step broke")

    after_first_paint(field, [broken, lambda: ran.append("next")])
    field.show()
    qtbot.waitUntil(lambda: ran == ["next"], timeout=FALLBACK_MS // 2)
    assert "start-up step" in caplog.text and "step broke" in caplog.text
