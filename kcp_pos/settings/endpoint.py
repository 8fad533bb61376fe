"""Which API the terminal talks to, decided from the settings and the keychain.

Live mode needs an explicit choice AND credentials; anything less runs against the embedded sandbox
(DESIGN rule 8), so a missing keychain entry can never send a clerk's keystrokes to the real API
by surprise, and the UI can say why it is in training mode.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kcp_pos.settings.model import Profile, Settings
from kcp_pos.settings.secrets import ApiCredentials


class SandboxReason(enum.StrEnum):
    """Why the terminal runs in sandbox mode."""

    CHOSEN = "chosen"  # the settings say sandbox
    NO_CREDENTIALS = "no_credentials"  # live was chosen but the keychain holds no key pair
    KEYCHAIN_UNREADABLE = "keychain_unreadable"  # live was chosen but the keychain did not answer


@dataclass(frozen=True)
class ApiEndpoint:
    """Where requests go and with which key pair; `mode` is what the banner shows."""

    mode: Profile
    base_url: str
    credentials: ApiCredentials


def effective_mode(settings: Settings, credentials: ApiCredentials | None) -> Profile:
    """LIVE only when live is chosen and credentials exist; otherwise SANDBOX."""
    if settings.profile is Profile.LIVE and credentials is not None:
        return Profile.LIVE
    return Profile.SANDBOX


def sandbox_reason(
    settings: Settings, credentials: ApiCredentials | None, *, keychain_unreadable: bool = False
) -> SandboxReason | None:
    """Why the app runs in sandbox mode, or None when it runs live."""
    if effective_mode(settings, credentials) is Profile.LIVE:
        return None
    if settings.profile is Profile.LIVE:
        if keychain_unreadable:
            return SandboxReason.KEYCHAIN_UNREADABLE
        return SandboxReason.NO_CREDENTIALS
    return SandboxReason.CHOSEN
