"""The change feed on the UI thread: commits made on worker threads arrive as one `changed`
signal per event-loop turn, on the UI thread, with every topic written meanwhile; a page
attached as the app attaches it refreshes on them."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kcp_pos.domain.attempt import AttemptKind
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.keyed_charge import charge_keyed, new_keyed_order
from kcp_pos.store import (
    AttemptJournal,
    CustomerDetails,
    CustomerDirectory,
    NewAttempt,
    StoreTopic,
    open_database,
)
from kcp_pos.ui.shell.change_notices import ChangeNotices
from kcp_pos.ui.shell.screen_page import PageContext, ScreenPage
from tests.services.conftest import keyed_card
from tests.ui.conftest import AttachPage


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


class CountingPage(ScreenPage):
    """A page that counts the journal on the runner whenever the journal changes."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: list[int] = []
        self.context: PageContext | None = None

    def attach(self, context: PageContext) -> None:
        self.context = context
        self.refresh()

    def data_changed(self, topics: frozenset[StoreTopic]) -> None:
        if StoreTopic.JOURNAL in topics:
            self.refresh()

    def refresh(self) -> None:
        assert self.context is not None
        journal = self.context.services.journal
        self.context.runner.run(
            lambda _progress: len(journal.recent(1_000)), self.counts.append, lambda error: None
        )


def test_an_attached_page_refreshes_on_notices(
    qtbot: QtBot, services: AppServices, attach_page: AttachPage
) -> None:
    page = CountingPage()
    qtbot.addWidget(page)
    context = attach_page(page)
    qtbot.waitUntil(lambda: page.counts == [0], timeout=5_000)

    order = new_keyed_order(amount=10_000, buyer_name="홍길동")
    context.runner.run(
        lambda _progress: charge_keyed(services, keyed_card(), order, operator=context.operator),
        lambda outcome: None,
        lambda error: None,
    )

    qtbot.waitUntil(lambda: page.counts[-1:] == [1], timeout=10_000)
