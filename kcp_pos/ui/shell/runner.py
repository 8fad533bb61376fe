"""The one background runner: every network or disk operation of the UI goes through it.

Modelled on Anki's `CollectionOp`/`QueryOp`: an operation body is plain Python that receives a
`Progress` and never touches Qt; its result or exception comes back through `on_success` or
`on_failure` on the UI thread (delivered by queued signals). Operations that share a `key` (a
customer, an order) run one after another in submission order; others run in parallel on a small
thread pool. `busy_changed(bool)` drives the window's busy indicator.

`Progress` is the runner's side of the services' `ProgressSink` protocol
(`kcp_pos/services/progress.py`): reports become `ProgressUpdate`s on the UI thread, and a cancel
becomes `stop_requested`. Cancelling is cooperative and honest. `OpHandle.cancel()` sets a flag:
- an operation that has not started yet is not run at all; `on_failure` gets `Stopped`;
- a running operation sees `progress.stop_requested` and may stop at a safe point, i.e. BEFORE it
  sends a money-moving request (`stop_if_requested(progress)`). Once a request is on the wire the
  operation must finish and report what happened; the runner always delivers that real outcome
  (success or error), cancelled or not. A cancel never hides a charge that was sent.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6 import QtCore
from PySide6.QtCore import QObject, QThread, QThreadPool, Signal

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_MAX_THREADS = 4


@dataclass(frozen=True)
class ProgressUpdate:
    """What an operation reports while it runs; `fraction` is 0..1 or None when unknown."""

    message: str
    fraction: float | None = None


class Progress:
    """Given to an operation body on the worker thread: report progress, look at the cancel flag
    (a `ProgressSink`)."""

    def __init__(
        self, cancel_event: threading.Event, emit: Callable[[ProgressUpdate], None]
    ) -> None:
        self._cancel_event = cancel_event
        self._emit = emit

    @property
    def stop_requested(self) -> bool:
        """True once the UI asked to cancel. Check it only before sending anything irreversible."""
        return self._cancel_event.is_set()

    def report(self, message: str, fraction: float | None = None) -> None:
        """Show `message` (and `fraction` done) on the UI thread; never pass card data here."""
        self._emit(ProgressUpdate(message=message, fraction=fraction))


class OpHandle:
    """The caller's handle on a submitted operation."""

    def __init__(self, op_id: int, key: str | None, cancel_event: threading.Event) -> None:
        self.op_id = op_id
        self.key = key
        self._cancel_event = cancel_event
        self.finished = False  # set on the UI thread just before the callback runs

    def cancel(self) -> None:
        """Ask the operation to stop (see the module docstring for what that can and cannot do)."""
        self._cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel_event.is_set()


@dataclass
class _Job(Generic[T]):
    handle: OpHandle
    op: Callable[[Progress], T]
    on_success: Callable[[T], None]
    on_failure: Callable[[Exception], None]
    on_progress: Callable[[ProgressUpdate], None] | None
    cancel_event: threading.Event = field(default_factory=threading.Event)


class BackgroundRunner(QObject):
    """Runs operations off the UI thread and calls back on it. Create and use on the UI thread."""

    busy_changed = Signal(bool)
    """True when the first operation is submitted, False when the last one has reported back."""

    _op_finished = Signal(int, bool, object)  # op id, succeeded, result or exception
    _op_progress = Signal(int, object)  # op id, ProgressUpdate

    def __init__(self, parent: QObject | None = None, max_threads: int = DEFAULT_MAX_THREADS):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        self._jobs: dict[int, _Job[Any]] = {}
        self._waiting_by_key: dict[str, deque[_Job[Any]]] = {}
        self._keys_running: set[str] = set()
        self._delivery_connected = False

    def _connect_delivery(self) -> None:
        """Results and progress always arrive through the event loop, never inside `run`.
        Connected on first use: `Qt` is not named before the first paint (first_paint.py)."""
        if not self._delivery_connected:
            self._delivery_connected = True
            queued = QtCore.Qt.ConnectionType.QueuedConnection
            self._op_finished.connect(self._deliver_result, queued)
            self._op_progress.connect(self._deliver_progress, queued)

    @property
    def busy(self) -> bool:
        """True while any operation is queued or running or has not reported back yet."""
        return bool(self._jobs)

    def run(
        self,
        op: Callable[[Progress], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[Exception], None],
        key: str | None = None,
        on_progress: Callable[[ProgressUpdate], None] | None = None,
    ) -> OpHandle:
        """Run `op(progress)` in the pool, after any earlier op with the same `key` has reported."""
        self._require_ui_thread()
        self._connect_delivery()
        op_id = next(self._ids)
        cancel_event = threading.Event()
        job: _Job[T] = _Job(
            handle=OpHandle(op_id, key, cancel_event),
            op=op,
            on_success=on_success,
            on_failure=on_failure,
            on_progress=on_progress,
            cancel_event=cancel_event,
        )
        was_busy = self.busy
        self._jobs[op_id] = job
        if key is not None and key in self._keys_running:
            self._waiting_by_key.setdefault(key, deque()).append(job)
        else:
            self._start(job)
        if not was_busy:
            self.busy_changed.emit(True)
        return job.handle

    def cancel_all(self) -> None:
        """Ask every queued and running operation to cancel."""
        for job in self._jobs.values():
            job.handle.cancel()

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel what has not started and wait for running operations; True if all finished."""
        self.cancel_all()
        return self._pool.waitForDone(timeout_ms)

    def _start(self, job: _Job[Any]) -> None:
        if job.handle.key is not None:
            self._keys_running.add(job.handle.key)
        self._pool.start(lambda: self._execute(job))

    def _execute(self, job: _Job[Any]) -> None:
        """Worker thread: run the body, then hand the outcome to the UI thread."""
        op_id = job.handle.op_id
        if job.cancel_event.is_set():
            # Here, not at the top: nothing of the service layer is loaded before the first paint.
            from kcp_pos.services.progress import Stopped

            self._op_finished.emit(op_id, False, Stopped())
            return
        progress = Progress(job.cancel_event, lambda update: self._op_progress.emit(op_id, update))
        try:
            result = job.op(progress)
        except Exception as error:
            # The type only: an operation's exception text is shown by its own on_failure.
            log.debug("operation %d failed: %s", op_id, type(error).__name__)
            self._op_finished.emit(op_id, False, error)
        else:
            self._op_finished.emit(op_id, True, result)

    def _deliver_result(self, op_id: int, succeeded: bool, value: object) -> None:
        job = self._jobs.pop(op_id, None)
        if job is None:
            return
        job.handle.finished = True
        try:
            if succeeded:
                job.on_success(value)
            else:
                assert isinstance(value, Exception)
                job.on_failure(value)
        except Exception:
            log.exception("callback of operation %d raised", op_id)
        finally:
            self._start_next_for(job.handle.key)
            if not self.busy:
                self.busy_changed.emit(False)

    def _deliver_progress(self, op_id: int, update: object) -> None:
        job = self._jobs.get(op_id)
        if job is None or job.on_progress is None:
            return
        assert isinstance(update, ProgressUpdate)
        try:
            job.on_progress(update)
        except Exception:
            log.exception("progress callback of operation %d raised", op_id)

    def _start_next_for(self, key: str | None) -> None:
        if key is None:
            return
        waiting = self._waiting_by_key.get(key)
        if waiting:
            self._start(waiting.popleft())
            if not waiting:
                del self._waiting_by_key[key]
        else:
            self._keys_running.discard(key)

    def _require_ui_thread(self) -> None:
        if QThread.currentThread() is not self.thread():
            raise RuntimeError("BackgroundRunner.run must be called on the thread that owns it")
