"""The background runner: results on the UI thread, per-key serialisation, progress and cancel."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kcp_pos.services.progress import Stopped, stop_if_requested
from kcp_pos.ui.shell.runner import BackgroundRunner, Progress, ProgressUpdate

WAIT_MS = 5000


@pytest.fixture
def runner(qapp: QApplication) -> Any:
    runner = BackgroundRunner()
    yield runner
    runner.shutdown()


class Outcome:
    """Records callbacks and the thread each one ran on."""

    def __init__(self) -> None:
        self.results: list[object] = []
        self.errors: list[Exception] = []
        self.on_ui_thread: list[bool] = []

    def success(self, value: object) -> None:
        self.on_ui_thread.append(QThread.currentThread() is QApplication.instance().thread())  # type: ignore[union-attr]
        self.results.append(value)

    def failure(self, error: Exception) -> None:
        self.on_ui_thread.append(QThread.currentThread() is QApplication.instance().thread())  # type: ignore[union-attr]
        self.errors.append(error)

    @property
    def done(self) -> int:
        return len(self.results) + len(self.errors)


def test_success_is_delivered_on_the_ui_thread(qtbot: QtBot, runner: BackgroundRunner) -> None:
    outcome = Outcome()
    op_threads: list[bool] = []

    def op(progress: Progress) -> int:
        op_threads.append(QThread.currentThread() is QApplication.instance().thread())  # type: ignore[union-attr]
        return 42

    handle = runner.run(op, outcome.success, outcome.failure)
    qtbot.waitUntil(lambda: outcome.done == 1, timeout=WAIT_MS)
    assert outcome.results == [42]
    assert outcome.on_ui_thread == [True]
    assert op_threads == [False]
    assert handle.finished


def test_failure_is_delivered_with_the_exception(qtbot: QtBot, runner: BackgroundRunner) -> None:
    outcome = Outcome()
    error = ValueError("declined by test")

    def op(progress: Progress) -> None:
        raise error

    runner.run(op, outcome.success, outcome.failure)
    qtbot.waitUntil(lambda: outcome.done == 1, timeout=WAIT_MS)
    assert outcome.errors == [error]
    assert outcome.on_ui_thread == [True]


def test_busy_changed_brackets_the_work(qtbot: QtBot, runner: BackgroundRunner) -> None:
    states: list[bool] = []
    runner.busy_changed.connect(states.append)
    outcome = Outcome()
    runner.run(lambda progress: 1, outcome.success, outcome.failure)
    runner.run(lambda progress: 2, outcome.success, outcome.failure)
    assert runner.busy
    qtbot.waitUntil(lambda: outcome.done == 2, timeout=WAIT_MS)
    assert states == [True, False]
    assert not runner.busy


def test_same_key_runs_one_after_another(qtbot: QtBot, runner: BackgroundRunner) -> None:
    events: list[str] = []
    first_started = threading.Event()
    release_first = threading.Event()
    outcome = Outcome()

    def first(progress: Progress) -> str:
        events.append("first started")
        first_started.set()
        assert release_first.wait(WAIT_MS / 1000)
        events.append("first finished")
        return "first"

    def second(progress: Progress) -> str:
        events.append("second started")
        return "second"

    runner.run(first, outcome.success, outcome.failure, key="customer-1")
    runner.run(second, outcome.success, outcome.failure, key="customer-1")
    assert first_started.wait(WAIT_MS / 1000)
    qtbot.wait(100)  # give a (wrongly) parallel second op the chance to start
    assert events == ["first started"]
    release_first.set()
    qtbot.waitUntil(lambda: outcome.done == 2, timeout=WAIT_MS)
    assert events == ["first started", "first finished", "second started"]
    assert outcome.results == ["first", "second"]


def test_different_keys_run_in_parallel(qtbot: QtBot, runner: BackgroundRunner) -> None:
    b_started = threading.Event()
    outcome = Outcome()

    def a(progress: Progress) -> bool:
        return b_started.wait(WAIT_MS / 1000)  # only True if b runs while a is running

    def b(progress: Progress) -> bool:
        b_started.set()
        return True

    runner.run(a, outcome.success, outcome.failure, key="customer-1")
    runner.run(b, outcome.success, outcome.failure, key="customer-2")
    qtbot.waitUntil(lambda: outcome.done == 2, timeout=WAIT_MS)
    assert outcome.results == [True, True]


def test_cancel_before_start_never_runs_the_op(qtbot: QtBot, runner: BackgroundRunner) -> None:
    release_first = threading.Event()
    ran: list[str] = []
    outcome = Outcome()

    def first(progress: Progress) -> str:
        release_first.wait(WAIT_MS / 1000)
        return "first"

    def second(progress: Progress) -> str:
        ran.append("second")
        return "second"

    runner.run(first, outcome.success, outcome.failure, key="order-1")
    handle = runner.run(second, outcome.success, outcome.failure, key="order-1")
    handle.cancel()
    release_first.set()
    qtbot.waitUntil(lambda: outcome.done == 2, timeout=WAIT_MS)
    assert ran == []
    assert outcome.results == ["first"]
    assert len(outcome.errors) == 1 and isinstance(outcome.errors[0], Stopped)


def test_cancel_after_sending_still_delivers_the_real_outcome(
    qtbot: QtBot, runner: BackgroundRunner
) -> None:
    """An op that already sent its request ignores the cancel and its result is delivered."""
    sent = threading.Event()
    cancel_seen = threading.Event()
    outcome = Outcome()

    def charge(progress: Progress) -> str:
        stop_if_requested(progress)  # safe point: nothing sent yet
        sent.set()  # from here on the request is "on the wire"
        assert cancel_seen.wait(WAIT_MS / 1000)
        assert progress.stop_requested
        return "paid"

    handle = runner.run(charge, outcome.success, outcome.failure, key="order-2")
    assert sent.wait(WAIT_MS / 1000)
    handle.cancel()
    cancel_seen.set()
    qtbot.waitUntil(lambda: outcome.done == 1, timeout=WAIT_MS)
    assert outcome.results == ["paid"]
    assert handle.cancelled


def test_progress_reaches_the_ui_thread(qtbot: QtBot, runner: BackgroundRunner) -> None:
    updates: list[tuple[ProgressUpdate, bool]] = []
    outcome = Outcome()

    def op(progress: Progress) -> None:
        progress.report("sending", 0.5)
        progress.report("done", 1.0)

    def on_progress(update: ProgressUpdate) -> None:
        updates.append((update, QThread.currentThread() is QApplication.instance().thread()))  # type: ignore[union-attr]

    runner.run(op, outcome.success, outcome.failure, on_progress=on_progress)
    qtbot.waitUntil(lambda: outcome.done == 1 and len(updates) == 2, timeout=WAIT_MS)
    assert updates == [
        (ProgressUpdate("sending", 0.5), True),
        (ProgressUpdate("done", 1.0), True),
    ]


def test_a_raising_callback_does_not_stall_the_key(qtbot: QtBot, runner: BackgroundRunner) -> None:
    outcome = Outcome()

    def broken_callback(value: object) -> None:
        raise RuntimeError("callback bug")

    runner.run(lambda progress: 1, broken_callback, outcome.failure, key="k")
    runner.run(lambda progress: 2, outcome.success, outcome.failure, key="k")
    qtbot.waitUntil(lambda: outcome.done == 1, timeout=WAIT_MS)
    assert outcome.results == [2]


def test_run_from_a_worker_thread_is_refused(runner: BackgroundRunner) -> None:
    errors: list[Exception] = []

    def submit() -> None:
        try:
            runner.run(lambda progress: 1, lambda value: None, lambda error: None)
        except RuntimeError as error:
            errors.append(error)

    thread = threading.Thread(target=submit)
    thread.start()
    thread.join()
    assert len(errors) == 1
