"""The change feed on the UI thread: commits made on worker threads arrive as one `changed`
signal per event-loop turn, on the UI thread, with every topic written meanwhile."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.store import (
    AttemptJournal,
    CustomerDetails,
    CustomerDirectory,
    NewAttempt,
    StoreTopic,
    open_database,
)
from kcp_pos.ui.shell.change_notices import ChangeNotices


def test_commits_on_other_threads_arrive_together_on_the_ui_thread(
    qtbot: QtBot, tmp_path: Path
) -> None:
    database = open_database(tmp_path / "store")
    notices = ChangeNotices(database.changes)
    heard: list[tuple[frozenset[StoreTopic], bool]] = []
    on_ui_thread = QApplication.instance().thread()  # type: ignore[union-attr]
    notices.changed.connect(
        lambda topics: heard.append((topics, QThread.currentThread() is on_ui_thread))
    )

    def write() -> None:
        uid = "kcp_20261202T093000_abcdefghij"
        AttemptJournal(database).begin(NewAttempt(AttemptKind.ONETIME, uid, 5))
        CustomerDirectory(database).save(CustomerDetails(customer_uid="cust_a", name="김"))

    worker = threading.Thread(target=write)
    worker.start()
    worker.join()
    assert heard == []  # delivered by the event loop, never inside the commit
    qtbot.waitUntil(lambda: heard != [], timeout=5_000)
    qtbot.wait(50)

    all_topics = {StoreTopic.JOURNAL, StoreTopic.DIRECTORY, StoreTopic.AUDIT}
    assert heard == [(frozenset(all_topics), True)]
    notices.close()
    write_after_close = CustomerDirectory(database)
    write_after_close.save(CustomerDetails(customer_uid="cust_b", name="이"))
    qtbot.wait(50)
    assert len(heard) == 1
    database.dispose()
