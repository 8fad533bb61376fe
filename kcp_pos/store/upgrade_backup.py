"""A copy of an SQLite store taken before its migrations run (a newer kcp-pos installed over an
older one): if a migration goes wrong, the shop's ledger as the old version left it is still
there.

`backups/<file>-r<revision>-<YYYYMMDD-HHMMSS>.sqlite3` beside the database (Korea time), made
with SQLite's online backup API from its own connection (a copy of the file could miss what is
still in the WAL) while the migration holds the write lock, so nothing changes between the copy
and the migration. The newest `BACKUPS_KEPT` are kept. A backup that cannot be made stops the
migration (`UpgradeBackupFailed`): the store is then not opened, and the window says why.
A new store and one already at the newest revision take none; a store on a database server
takes none either (the server's own backups apply, which is logged). A store written by a newer
kcp-pos than this one is refused (`StoreFromNewerVersion`) rather than half understood.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Final

from kcp_pos.domain.korea_time import KST, kst_now
from kcp_pos.store.errors import StoreError

log = logging.getLogger(__name__)

BACKUP_DIR_NAME: Final = "backups"
BACKUPS_KEPT: Final = 5
_STAMP_FORMAT: Final = "%Y%m%d-%H%M%S"
_BACKUP_NAME: Final = re.compile(
    r"^(?P<stem>.+)-r(?P<revision>\w+)-(?P<stamp>\d{8}-\d{6})\.sqlite3$"
)


class UpgradeBackupFailed(StoreError):
    """The store was not migrated: its backup could not be written first."""


class StoreFromNewerVersion(StoreError):
    """The store was written by a newer kcp-pos (a revision this one does not know)."""


def is_newer_revision(stored: str, head: str) -> bool:
    """Revisions are numbered ("0009"): a stored number above the head's is a newer version's."""
    return stored.isdigit() and head.isdigit() and int(stored) > int(head)


def backup_dir(database_file: Path) -> Path:
    return database_file.parent / BACKUP_DIR_NAME


def back_up_before_upgrade(
    database_file: Path, revision: str, *, now: datetime | None = None
) -> Path:
    """Copy `database_file` (at `revision`) into its backups folder and keep the newest
    `BACKUPS_KEPT` there; returns the copy's path. Raises `UpgradeBackupFailed`."""
    moment = (now or kst_now()).astimezone(KST)
    folder = backup_dir(database_file)
    target = folder / f"{database_file.stem}-r{revision}-{moment:{_STAMP_FORMAT}}.sqlite3"
    partial = target.with_name(f".{target.name}.partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _copy_online(database_file, partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        _remove_quietly(partial)
        raise UpgradeBackupFailed(
            f"the store at revision {revision} was not upgraded, because its backup could not "
            f"be written to {folder}: {error}"
        ) from error
    log.info("store at revision %s backed up to %s before its upgrade", revision, target)
    prune_backups(folder)
    return target


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):  # the folder itself is unusable: nothing was left in it
        path.unlink(missing_ok=True)


def _copy_online(source_file: Path, target_file: Path) -> None:
    """SQLite's backup API, WAL content included; the copy is one self-contained file, synced."""
    target_file.unlink(missing_ok=True)
    source = sqlite3.connect(source_file)  # read from only; read-only WAL opening is fussier
    try:
        target = sqlite3.connect(target_file)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        source.close()
    with target_file.open("rb") as written:
        os.fsync(written.fileno())


def backups(folder: Path) -> list[Path]:
    """The backups in `folder`, oldest first."""
    try:
        paths = [path for path in folder.iterdir() if _BACKUP_NAME.match(path.name)]
    except OSError:
        return []
    return sorted(paths, key=_stamp_of)


def _stamp_of(path: Path) -> tuple[str, str]:
    match = _BACKUP_NAME.match(path.name)
    assert match is not None
    return (match.group("stamp"), path.name)


def prune_backups(folder: Path, keep: int = BACKUPS_KEPT) -> None:
    """Delete all but the newest `keep` backups (failures are logged, never raised)."""
    found = backups(folder)
    for old in found[: max(0, len(found) - keep)]:
        try:
            old.unlink()
            log.info("old store backup %s deleted", old.name)
        except OSError as error:
            log.warning("old store backup %s not deleted: %s", old.name, error)
