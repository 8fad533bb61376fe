"""A newer kcp-pos started on the data folder an older release left: the training store is backed
up, migrated and used; a backup that cannot be written stops the start with a clear message."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kcp_pos.app import AppSession, parse_args, start_app
from kcp_pos.settings import Profile
from kcp_pos.store.upgrade_backup import BACKUP_DIR_NAME, backups
from tests.settings.memory_keyring import MemoryKeyring, keyring_backend
from tests.store.test_upgrade import OLD_REVISION, PAID_AGAIN, PAID_KEYED, old_store, revision_in

Start = Callable[[], AppSession]


@pytest.fixture
def training_store(tmp_path: Path) -> Path:
    """The older release's training store, where it kept it in the data folder."""
    from kcp_pos.app import store_dir_for

    return old_store(store_dir_for(tmp_path / "data", Profile.SANDBOX))


@pytest.fixture
def start(qapp: QApplication, tmp_path: Path) -> Iterator[Start]:
    sessions: list[AppSession] = []
    style, font = qapp.styleSheet(), qapp.font()

    def start_one() -> AppSession:
        folders = ["--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "cfg")]
        session = start_app(parse_args([*folders, "--lang", "en"]))
        sessions.append(session)
        return session

    with keyring_backend(MemoryKeyring()):
        yield start_one
        for session in sessions:
            session.close()
    for translator in qapp.findChildren(QTranslator):
        qapp.removeTranslator(translator)
    qapp.setStyleSheet(style)
    qapp.setFont(font)


def test_the_app_upgrades_the_older_release_s_store_and_shows_its_payments(
    qtbot: QtBot, training_store: Path, start: Start
) -> None:
    session = start()
    qtbot.waitUntil(lambda: session.services is not None, timeout=20_000)
    services = session.services
    assert services is not None
    paid = services.ledger.get(PAID_KEYED)
    assert paid is not None and paid.amount == 12_000
    assert services.ledger.get(PAID_AGAIN) is not None
    [backup] = backups(training_store / BACKUP_DIR_NAME)
    assert revision_in(backup) == OLD_REVISION


def test_a_backup_that_cannot_be_written_stops_the_start_and_says_why(
    qtbot: QtBot, training_store: Path, start: Start
) -> None:
    (training_store / BACKUP_DIR_NAME).write_text("in the way", encoding="utf-8")
    session = start()
    window = session.window
    qtbot.waitUntil(lambda: "was not upgraded" in window.backend_status.text(), timeout=20_000)
    assert window.backend_status.text().startswith(
        "The payment store could not be opened: UpgradeBackupFailed: the store at revision 0009 "
        "was not upgraded, because its backup could not be written to "
    )
    assert session.services is None
    assert revision_in(training_store / "kcp-pos.sqlite3") == OLD_REVISION
