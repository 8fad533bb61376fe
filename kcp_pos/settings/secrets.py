"""The PortOne `imp_key`/`imp_secret` in the OS keychain through `keyring` (never in a file).

`SecretStore` says which keychain holds them (`backend_name()`), and when the machine has no usable
keychain it degrades clearly: `load()` returns None and `store()` raises `NoKeychainError`, whose
text tells the merchant in Korean and English what that means. `keyring` is imported lazily: its
backend discovery is slow and must not delay the first window.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from typing import Any

from kcp_pos.domain.text import QT_TRANSLATE_NOOP, Text

log = logging.getLogger(__name__)

SERVICE_NAME = "kcp-pos"
IMP_KEY_USERNAME = "imp_key"
IMP_SECRET_USERNAME = "imp_secret"
NO_BACKEND = "none"

# keyring backend classes (module, class name) and the names merchants know them by.
_KNOWN_BACKENDS: dict[tuple[str, str], str] = {
    ("keyring.backends.macOS", "Keyring"): "macOS Keychain",
    ("keyring.backends.Windows", "WinVaultKeyring"): "Windows Credential Locker",
    ("keyring.backends.SecretService", "Keyring"): "SecretService",
    ("keyring.backends.libsecret", "Keyring"): "SecretService (libsecret)",
    ("keyring.backends.kwallet", "DBusKeyring"): "KWallet",
    ("keyring.backends.kwallet", "DBusKeyringKWallet4"): "KWallet",
}


@dataclass(frozen=True)
class ApiCredentials:
    """A PortOne V1 REST API key pair. The secret is left out of `repr` so it never reaches logs."""

    imp_key: str
    imp_secret: str = field(repr=False)


@dataclass(frozen=True)
class KeychainRead:
    """What reading the key pair found: the credentials, or why there are none."""

    credentials: ApiCredentials | None
    keychain_unreadable: bool
    """No usable keychain, or it refused to answer (locked, broken): not "no key saved"."""


class KeychainError(Exception):
    """The keychain could not do what was asked; `text` explains it (for the catalogue)."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.english)
        self.text = text


class NoKeychainError(KeychainError):
    """There is no usable keychain on this machine, so the API key cannot be saved."""

    def __init__(self) -> None:
        super().__init__(
            Text(
                "KeychainError",
                QT_TRANSLATE_NOOP(
                    "KeychainError",
                    "No usable OS keychain was found, so the API key and secret cannot be saved. "
                    "The app keeps working in sandbox (training) mode; live payments need a "
                    "keychain (macOS Keychain, Windows Credential Locker or a Secret Service such "
                    "as GNOME Keyring).",
                ),
            )
        )


def _active_backend() -> Any:
    import keyring

    return keyring.get_keyring()


def _unusable(backend: Any) -> bool:
    from keyring.backends import chainer, fail

    if isinstance(backend, fail.Keyring):
        return True
    return isinstance(backend, chainer.ChainerBackend) and not backend.backends


def _describe(backend: Any) -> str:
    from keyring.backends import chainer

    if isinstance(backend, chainer.ChainerBackend) and backend.backends:
        backend = backend.backends[0]  # the one written to first
    cls = type(backend)
    known = _KNOWN_BACKENDS.get((cls.__module__, cls.__name__))
    if known is not None:
        return known
    return str(getattr(backend, "name", cls.__name__))


class SecretStore:
    """API credentials for live mode in the OS keychain under service `service`."""

    def __init__(self, service: str = SERVICE_NAME) -> None:
        self.service = service

    def backend_name(self) -> str:
        """Which keychain holds the secrets ("macOS Keychain", "SecretService", …) or "none"."""
        try:
            backend = _active_backend()
            return NO_BACKEND if _unusable(backend) else _describe(backend)
        except Exception as error:  # a broken keyring install must not break the settings page
            log.warning("keychain backend could not be determined: %s", type(error).__name__)
            return NO_BACKEND

    def available(self) -> bool:
        """True when there is a keychain to store secrets in."""
        return self.backend_name() != NO_BACKEND

    def load(self) -> ApiCredentials | None:
        """The stored credentials, or None when absent, incomplete or the keychain is unusable."""
        return self.read().credentials

    def read(self) -> KeychainRead:
        """The stored credentials, and, when there are none, whether the keychain itself could
        not be read (no usable backend, or it refused: locked, broken)."""
        try:
            backend = _active_backend()
            if _unusable(backend):
                return KeychainRead(None, keychain_unreadable=True)
            imp_key = backend.get_password(self.service, IMP_KEY_USERNAME)
            imp_secret = backend.get_password(self.service, IMP_SECRET_USERNAME)
        except Exception as error:
            # Only the exception type: keyring messages can echo what was being looked up.
            log.warning("keychain read failed: %s", type(error).__name__)
            return KeychainRead(None, keychain_unreadable=True)
        if not imp_key or not imp_secret:
            return KeychainRead(None, keychain_unreadable=False)
        return KeychainRead(ApiCredentials(imp_key=imp_key, imp_secret=imp_secret), False)

    def store(self, credentials: ApiCredentials) -> None:
        """Save both values. `NoKeychainError` without a keychain, `KeychainError` on failure."""
        if not credentials.imp_key or not credentials.imp_secret:
            raise ValueError("both imp_key and imp_secret are needed")
        try:
            backend = _active_backend()
        except Exception as error:
            log.warning("keychain unavailable: %s", type(error).__name__)
            raise NoKeychainError() from None
        if _unusable(backend):
            raise NoKeychainError()
        try:
            backend.set_password(self.service, IMP_KEY_USERNAME, credentials.imp_key)
            backend.set_password(self.service, IMP_SECRET_USERNAME, credentials.imp_secret)
        except Exception as error:
            log.warning("keychain write failed: %s", type(error).__name__)
            refused = QT_TRANSLATE_NOOP(
                "KeychainError",
                "The keychain (%1) refused to save the API key (%2). Unlock it and try again.",
            )
            raise KeychainError(
                Text("KeychainError", refused, (_describe(backend), type(error).__name__))
            ) from None

    def delete(self) -> None:
        """Remove stored credentials; missing entries and an unusable keychain are not errors."""
        try:
            backend = _active_backend()
            if _unusable(backend):
                return
        except Exception:
            return
        from keyring.errors import PasswordDeleteError

        for username in (IMP_KEY_USERNAME, IMP_SECRET_USERNAME):
            with contextlib.suppress(PasswordDeleteError):
                backend.delete_password(self.service, username)
