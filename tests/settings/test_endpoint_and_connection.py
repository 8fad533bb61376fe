"""Which API is used (live needs credentials) and the token check against the real sandbox."""

from __future__ import annotations

import socket

import pytest

from kcp_pos.sandbox.server import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, SandboxServer
from kcp_pos.settings import Profile, Settings
from kcp_pos.settings.connection_check import ConnectionCheckFailed, check_connection
from kcp_pos.settings.endpoint import SandboxReason, effective_mode, sandbox_reason
from kcp_pos.settings.secrets import ApiCredentials

LIVE_KEYS = ApiCredentials(imp_key="k", imp_secret="s")


def test_live_needs_choice_and_credentials() -> None:
    live = Settings(profile=Profile.LIVE)
    assert effective_mode(live, LIVE_KEYS) is Profile.LIVE
    assert sandbox_reason(live, LIVE_KEYS) is None
    assert effective_mode(live, None) is Profile.SANDBOX
    assert sandbox_reason(live, None) is SandboxReason.NO_CREDENTIALS
    assert effective_mode(Settings(), LIVE_KEYS) is Profile.SANDBOX
    assert sandbox_reason(Settings(), LIVE_KEYS) is SandboxReason.CHOSEN


def test_check_connection_gets_a_token(sandbox: SandboxServer) -> None:
    result = check_connection(sandbox.url, ApiCredentials(DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET))
    assert result.base_url == sandbox.url


def test_check_connection_reports_wrong_secret(sandbox: SandboxServer) -> None:
    with pytest.raises(ConnectionCheckFailed) as caught:
        check_connection(sandbox.url, ApiCredentials(DEFAULT_IMP_KEY, "wrong-secret"))
    assert caught.value.http_status == 401
    assert "wrong-secret" not in caught.value.message


def test_check_connection_reports_nothing_listening() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ConnectionCheckFailed) as caught:
        check_connection(f"http://127.0.0.1:{port}", LIVE_KEYS, timeout=2)
    assert caught.value.http_status is None
    assert "Connect" in caught.value.message


def test_an_unreadable_keychain_is_its_own_reason() -> None:
    live = Settings(profile=Profile.LIVE)
    assert sandbox_reason(live, None, keychain_unreadable=True) is SandboxReason.KEYCHAIN_UNREADABLE
    assert sandbox_reason(live, LIVE_KEYS, keychain_unreadable=True) is None
