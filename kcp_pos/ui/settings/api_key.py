"""The live API key pair as the settings page and the first-run wizard handle it: what the
keychain holds (never the secret), and "test connection" on the runner.

Both screens go through these, so a key pair is checked the same way wherever it is typed: a
token request with the real V1 client (`settings/connection_check.py`), with the typed pair or,
when no secret is typed, the one the keychain holds for that key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from kcp_pos.settings.connection_check import (
    ConnectionCheckFailed,
    ConnectionCheckResult,
    check_connection,
)
from kcp_pos.settings.secrets import NO_BACKEND, ApiCredentials, SecretStore
from kcp_pos.ui.shell.runner import BackgroundRunner, Progress

KEYCHAIN_OP_KEY = "settings"
"""The runner's key for keychain reads and writes: one at a time, in order."""


@dataclass(frozen=True)
class KeychainState:
    """What a screen may know about the keychain: its name and the stored key, never the secret."""

    backend: str
    imp_key: str | None
    has_secret: bool

    @property
    def usable(self) -> bool:
        """A keychain exists here, so a live key pair can be kept."""
        return self.backend != NO_BACKEND


UNKNOWN_KEYCHAIN = KeychainState(backend="", imp_key=None, has_secret=False)
NO_KEYCHAIN = KeychainState(backend=NO_BACKEND, imp_key=None, has_secret=False)


def read_keychain_state(
    runner: BackgroundRunner, secrets: SecretStore, done: Callable[[KeychainState], None]
) -> None:
    """Look the keychain up on the runner; `done` gets its state (`NO_KEYCHAIN` when it failed)."""

    def read_keychain(_: Progress) -> KeychainState:
        stored = secrets.load()
        return KeychainState(
            backend=secrets.backend_name(),
            imp_key=stored.imp_key if stored else None,
            has_secret=stored is not None,
        )

    runner.run(read_keychain, done, lambda _error: done(NO_KEYCHAIN), KEYCHAIN_OP_KEY)


def keychain_text(state: KeychainState) -> str:
    """Where the key pair is kept, or why live payments are not available here."""
    if not state.usable:
        return QCoreApplication.translate(
            "SettingsPage",
            "No keychain on this computer: the API key cannot be saved, so live payments "
            "are not available and the app runs in training mode.",
        )
    return QCoreApplication.translate("SettingsPage", "The key and secret are kept in: %1").replace(
        "%1", state.backend
    )


def run_connection_check(
    runner: BackgroundRunner,
    secrets: SecretStore,
    base_url: str,
    credentials: ApiCredentials | None,
    *,
    typed_key: str,
    succeeded: Callable[[ConnectionCheckResult], None],
    failed: Callable[[Exception], None],
) -> None:
    """Ask `base_url` for an access token on the runner, with `credentials` or, when None, the
    keychain's pair (refused when it holds none, or one for another key than `typed_key`)."""

    def get_token(_: Progress) -> ConnectionCheckResult:
        pair = credentials
        if pair is None:
            stored = secrets.load()
            if stored is None or (typed_key and typed_key != stored.imp_key):
                raise ConnectionCheckFailed("no saved secret for this key")
            pair = stored
        return check_connection(base_url, pair)

    runner.run(get_token, succeeded, failed)


def connected_text(result: ConnectionCheckResult) -> str:
    return QCoreApplication.translate(
        "SettingsPage", "Connected: %1 issued an access token."
    ).replace("%1", result.base_url)


def failed_text(error: Exception) -> str:
    """Why the connection test failed, as the API or the network said it."""
    detail = error.message if isinstance(error, ConnectionCheckFailed) else type(error).__name__
    return QCoreApplication.translate("SettingsPage", "Connection failed: %1").replace("%1", detail)
