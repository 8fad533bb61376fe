"""Installing a newer kcp-pos over an older one: the store of the older release is migrated at the
first start, after a backup of its SQLite file (`store/upgrade_backup.py`).

The older release's store is `tests/fixtures/store_r0009/kcp-pos.sqlite3`, made by the code of
commit 7cb0d62 (revision 0009, the last before issue 11's revisions 0010-0014) through its own
services against its own sandbox (`tests/fixtures/make_store_r0009.py`): two keyed charges,
one declined, a card saved for a customer and charged again.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kcp_pos.app import open_store, store_dir_for
from kcp_pos.domain.attempt import AttemptState
from kcp_pos.settings import Profile
from kcp_pos.store import (
    AttemptJournal,
    AuditLog,
    CustomerDirectory,
    PaymentLedger,
    current_revision,
    open_database,
)
from kcp_pos.store.database import DEFAULT_FILENAME
from kcp_pos.store.migrate import HEAD_REVISION
from kcp_pos.store.payment_query import PaymentFilter, PaymentQuery
from kcp_pos.store.upgrade_backup import (
    BACKUP_DIR_NAME,
    BACKUPS_KEPT,
    StoreFromNewerVersion,
    UpgradeBackupFailed,
    backups,
    prune_backups,
)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "store_r0009" / DEFAULT_FILENAME
OLD_REVISION = "0009"
PAID_KEYED = "imp_126328071369"
DECLINED_KEYED = "imp_243750608670"
PAID_AGAIN = "imp_126093130880"
SAVED_CUSTOMER = "cust_20261204T041804_uvaskncpen"


def old_store(folder: Path) -> Path:
    """A copy of the older release's store in `folder` (the checked-in file is never opened)."""
    folder.mkdir(parents=True)
    shutil.copyfile(FIXTURE, folder / DEFAULT_FILENAME)
    return folder


def revision_in(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert row is not None
    return str(row[0])


def test_the_fixture_is_the_older_release_s_store_without_card_numbers() -> None:
    assert revision_in(FIXTURE) == OLD_REVISION
    data = FIXTURE.read_bytes()
    assert b"5570420000051234" not in data  # the test card used to make it
    with sqlite3.connect(FIXTURE) as connection:
        numbers = {row[0] for row in connection.execute("SELECT card_number FROM payments")}
    assert numbers == {"5570420000001234", "5570420000000002"}  # masked as KCP returns them


def test_an_older_release_s_store_is_backed_up_then_migrated_and_reads_as_before(
    tmp_path: Path,
) -> None:
    store = old_store(tmp_path / "store")
    database = open_database(store)
    try:
        assert current_revision(database.engine) == HEAD_REVISION
        ledger = PaymentLedger(database)
        paid = ledger.get(PAID_KEYED)
        assert paid is not None
        assert (paid.status.value, paid.amount, paid.card_number) == (
            "paid",
            12_000,
            "5570420000001234",
        )
        declined = ledger.get(DECLINED_KEYED)
        assert declined is not None and declined.status.value == "failed"
        # Revision 0013 filled the last four digits from the stored masked numbers, and 0012
        # the time the transactions view sorts by: the view finds the old payments.
        page = ledger.page(PaymentQuery(PaymentFilter(card_last4="1234")))
        assert {payment.imp_uid for payment in page.payments} == {PAID_KEYED, PAID_AGAIN}
        totals = ledger.totals(PaymentFilter(since=datetime(2026, 12, 1, tzinfo=UTC)))
        assert totals.count == 3
        journal = AttemptJournal(database)
        states = sorted(attempt.state for attempt in journal.recent())
        assert states == sorted(
            [AttemptState.PAID, AttemptState.FAILED, AttemptState.PAID, AttemptState.PAID]
        )
        assert journal.unresolved() == []
        customer = CustomerDirectory(database).get(SAVED_CUSTOMER)
        assert customer is not None and customer.name == "박두리"
        audit = AuditLog(database, database.audit_head)
        assert len(audit.entries()) == 12  # written before the chain (0011): kept, unchained
        assert audit.verify().intact
    finally:
        database.dispose()
    [backup] = backups(store / BACKUP_DIR_NAME)
    assert backup.name.startswith(f"kcp-pos-r{OLD_REVISION}-")
    assert revision_in(backup) == OLD_REVISION
    with sqlite3.connect(backup) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert connection.execute("SELECT count(*) FROM payments").fetchone() == (3,)
    assert not list(backup.parent.glob(".*partial"))


def test_a_store_at_the_newest_revision_takes_no_backup(tmp_path: Path) -> None:
    store = old_store(tmp_path / "store")
    open_database(store).dispose()  # the upgrade: one backup
    open_database(store).dispose()  # already current
    assert len(backups(store / BACKUP_DIR_NAME)) == 1


def test_a_new_store_takes_no_backup(tmp_path: Path) -> None:
    open_database(tmp_path / "store").dispose()
    assert not (tmp_path / "store" / BACKUP_DIR_NAME).exists()


def test_a_backup_that_cannot_be_written_stops_the_migration(tmp_path: Path) -> None:
    store = old_store(tmp_path / "store")
    (store / BACKUP_DIR_NAME).write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(UpgradeBackupFailed, match="revision 0009 was not upgraded"):
        open_database(store)
    assert revision_in(store / DEFAULT_FILENAME) == OLD_REVISION
    assert not list(store.glob(".*partial"))


def test_a_store_of_a_newer_release_is_refused(tmp_path: Path) -> None:
    store = old_store(tmp_path / "store")
    with sqlite3.connect(store / DEFAULT_FILENAME) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(StoreFromNewerVersion, match="revision 0099"):
        open_database(store)
    assert not (store / BACKUP_DIR_NAME).exists()


@pytest.mark.parametrize("mode", [Profile.LIVE, Profile.SANDBOX])
def test_the_live_and_the_training_store_are_upgraded_the_same_way(
    tmp_path: Path, mode: Profile
) -> None:
    """What the app opens at start (`app.open_store`) for either store of a data folder."""
    store = old_store(store_dir_for(tmp_path / "data", mode))
    opened = open_store(store)
    try:
        assert current_revision(opened.database.engine) == HEAD_REVISION
        assert opened.leftover_attempt_ids == ()
    finally:
        opened.database.dispose()
    assert len(backups(store / BACKUP_DIR_NAME)) == 1


def test_only_the_newest_backups_are_kept(tmp_path: Path) -> None:
    folder = tmp_path / BACKUP_DIR_NAME
    folder.mkdir()
    names = [f"kcp-pos-r00{n:02d}-202612{n:02d}-120000.sqlite3" for n in range(1, 9)]
    for name in names:
        (folder / name).write_bytes(b"")
    (folder / "notes.txt").write_text("not a backup", encoding="utf-8")
    prune_backups(folder)
    assert [path.name for path in backups(folder)] == names[-BACKUPS_KEPT:]
    assert (folder / "notes.txt").exists()


def test_the_data_lives_outside_the_installed_program() -> None:
    """An installer replacing the program's folder never touches the shop's data."""
    import sys

    import kcp_pos
    from kcp_pos.settings.store import default_data_dir

    data = default_data_dir().resolve()
    program = Path(kcp_pos.__file__).resolve().parent
    assert not data.is_relative_to(program)
    assert not data.is_relative_to(Path(sys.prefix).resolve())
    assert not data.is_relative_to(Path(sys.executable).resolve().parent)
