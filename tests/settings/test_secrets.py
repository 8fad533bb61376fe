"""Secrets in the keychain: a real in-memory keyring backend, and keyring's "fail" backend."""

from __future__ import annotations

import pytest
from keyring.backends import fail

from kcp_pos.settings.secrets import (
    IMP_KEY_USERNAME,
    IMP_SECRET_USERNAME,
    SERVICE_NAME,
    ApiCredentials,
    KeychainRead,
    NoKeychainError,
    SecretStore,
)
from tests.settings.memory_keyring import MemoryKeyring

CREDENTIALS = ApiCredentials(imp_key="2345678901234567", imp_secret="s3cret-" + "x" * 33)


def test_store_and_load_round_trip(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    assert store.load() is None
    store.store(CREDENTIALS)
    assert store.load() == CREDENTIALS
    assert memory_keyring.passwords[(SERVICE_NAME, IMP_KEY_USERNAME)] == CREDENTIALS.imp_key
    assert memory_keyring.passwords[(SERVICE_NAME, IMP_SECRET_USERNAME)] == CREDENTIALS.imp_secret


def test_reports_backend_name(memory_keyring: MemoryKeyring) -> None:
    assert SecretStore().backend_name() == "Test memory keyring"
    assert SecretStore().available()


def test_half_stored_credentials_count_as_none(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.set_password(SERVICE_NAME, IMP_KEY_USERNAME, "only-the-key")
    assert SecretStore().load() is None


def test_delete_removes_both_and_tolerates_absence(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    store.store(CREDENTIALS)
    store.delete()
    assert store.load() is None
    assert memory_keyring.passwords == {}
    store.delete()  # nothing left: no error


def test_secret_is_not_in_repr() -> None:
    assert CREDENTIALS.imp_secret not in repr(CREDENTIALS)


def test_no_keychain_degrades_clearly(no_keyring: None) -> None:
    store = SecretStore()
    assert store.backend_name() == "none"
    assert not store.available()
    assert store.load() is None
    with pytest.raises(NoKeychainError) as caught:
        store.store(CREDENTIALS)
    assert "keychain" in caught.value.text.english  # the Korean: tests/ui/test_catalogue.py
    assert CREDENTIALS.imp_secret not in str(caught.value)
    store.delete()  # nothing to delete: no error


class BrokenKeyring(MemoryKeyring):
    """A backend that exists but refuses to work (a locked keychain)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"locked, could not store {password}")


def test_failing_backend_reads_none_and_write_error_hides_the_secret() -> None:
    from keyring.errors import KeyringError

    from kcp_pos.settings.secrets import KeychainError
    from tests.settings.memory_keyring import keyring_backend

    with keyring_backend(BrokenKeyring()):
        store = SecretStore()
        assert store.load() is None
        with pytest.raises(KeychainError) as caught:
            store.store(CREDENTIALS)
    assert not isinstance(caught.value, KeyringError)
    assert CREDENTIALS.imp_secret not in caught.value.text.english
    assert all(CREDENTIALS.imp_secret not in value for value in caught.value.text.args)


def test_reading_tells_a_missing_key_from_an_unreadable_keychain(memory_keyring: object) -> None:
    from tests.settings.memory_keyring import keyring_backend

    store = SecretStore()
    assert store.read() == KeychainRead(None, keychain_unreadable=False)  # nothing saved
    store.store(CREDENTIALS)
    assert store.read() == KeychainRead(CREDENTIALS, keychain_unreadable=False)
    with keyring_backend(BrokenKeyring()):
        assert store.read() == KeychainRead(None, keychain_unreadable=True)  # locked
    with keyring_backend(fail.Keyring()):
        assert store.read() == KeychainRead(None, keychain_unreadable=True)  # none at all
