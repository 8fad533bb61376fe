"""Change notices: after every commit that wrote to the journal, the ledger, the directory or the
audit log, the store tells its listeners which of them changed.

Screens show what the store holds; they refresh when told, never by polling. The feed is the one
place that knows: it watches every ORM flush of every session (the store writes through the ORM
only; the audit guard refuses bulk statements), collects the tables written, and publishes them
once the transaction has committed. A rolled-back transaction publishes nothing.

Listeners run on the thread that committed (a worker thread of the runner, usually), while that
thread still holds the store's write turn: they must be quick and must not write to the store
(the UI's bridge only queues a signal). A listener that raises is logged and the others
still hear the news.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any, Final

from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from kcp_pos.store.topics import StoreTopic

log = logging.getLogger(__name__)


ChangeListener = Callable[[frozenset[StoreTopic]], None]
_TOPICS_BY_TABLE: Final = {topic.value: topic for topic in StoreTopic}
_PENDING: Final = "kcp_pos.changed_topics"


class ChangeFeed:
    """Listeners of one store; `publish` is called by the session events installed below."""

    def __init__(self) -> None:
        self._listeners: list[ChangeListener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        """Hear about every commit from now on; returns the call that stops it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, topics: Iterable[StoreTopic]) -> None:
        changed = frozenset(topics)
        if not changed:
            return
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(changed)
            except Exception:
                log.exception("a change listener failed")


def _tables_of(session: Session) -> set[StoreTopic]:
    touched: set[StoreTopic] = set()
    for instance in (*session.new, *session.dirty, *session.deleted):
        topic = _TOPICS_BY_TABLE.get(getattr(type(instance), "__tablename__", ""))
        if topic is not None:
            touched.add(topic)
    return touched


def install_change_feed(sessions: sessionmaker[Session], feed: ChangeFeed) -> None:
    """Publish to `feed` what each committed transaction of `sessions` wrote."""

    # Before the flush the session still lists what it is about to write.
    @event.listens_for(sessions, "before_flush")
    def _collect(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
        session.info.setdefault(_PENDING, set()).update(_tables_of(session))

    @event.listens_for(sessions, "after_commit")
    def _publish(session: Session) -> None:
        # SQLAlchemy calls this on a savepoint's release too, inside the transaction around
        # it: nothing is committed yet, and a reader told now would not see it.
        if session.get_nested_transaction() is not None:
            return
        feed.publish(session.info.pop(_PENDING, ()))

    @event.listens_for(sessions, "after_rollback")
    def _forget(session: Session) -> None:
        session.info.pop(_PENDING, None)
