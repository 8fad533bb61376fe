"""Changing the terminal's settings or its API key: an administrator's action, audited.

The settings live in a file and the key pair in the OS keychain, not in the store; this use case
is what the settings page (and the first-run wizard) runs before it writes them
(`write_settings`), so that the role is checked by the services and every change leaves an
audit entry (which settings changed, never a value of the key pair).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from kcp_pos.services.app_services import AppServices
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.operators import Approval, permit
from kcp_pos.settings.model import SETTING_NAMES, Settings
from kcp_pos.settings.secrets import ApiCredentials, KeychainError, SecretStore
from kcp_pos.settings.store import SettingsStore

CHANGE_SETTINGS: Final = "settings.change"
SETTINGS_CHANGED: Final = "settings.changed"
CREDENTIALS_REMOVED: Final = "settings.credentials_removed"


def changed_settings(before: Settings, after: Settings) -> list[str]:
    """The names of the settings whose values differ."""
    return [name for name in SETTING_NAMES if getattr(before, name) != getattr(after, name)]


def record_settings_change(
    services: AppServices,
    before: Settings,
    after: Settings,
    *,
    credentials_changed: bool,
    operator: Operator,
    approval: Approval | None = None,
) -> None:
    """Check that `operator` may change settings (an administrator, or one's `approval`) and
    audit the change; the caller writes the settings only after this returns."""
    permit(operator, Role.ADMIN, action=CHANGE_SETTINGS, approval=approval)
    details: dict[str, object] = {
        "changed": changed_settings(before, after),
        "credentials": credentials_changed,
    }
    if approval is not None:
        details["approver"] = approval.approver.name
    services.audit.append(SETTINGS_CHANGED, details=details, actor=operator.name)


def record_credentials_removal(
    services: AppServices, *, operator: Operator, approval: Approval | None = None
) -> None:
    """Check and audit removing the saved API key pair (before it is removed)."""
    permit(operator, Role.ADMIN, action=CHANGE_SETTINGS, approval=approval)
    services.audit.append(CREDENTIALS_REMOVED, actor=operator.name)


@dataclass(frozen=True)
class SaveOutcome:
    """The settings file was written; `keychain_error` says whether the key pair was not."""

    settings: Settings
    credentials_saved: bool
    keychain_error: KeychainError | None


def write_settings(
    settings_store: SettingsStore,
    secret_store: SecretStore,
    settings: Settings,
    credentials: ApiCredentials | None,
) -> SaveOutcome:
    """Write `settings` to their file, then `credentials` (when given) to the keychain: what
    the settings page and the first-run wizard do once `record_settings_change` allowed it."""
    settings_store.save(settings)
    if credentials is None:
        return SaveOutcome(settings, credentials_saved=False, keychain_error=None)
    try:
        secret_store.store(credentials)
    except KeychainError as error:
        return SaveOutcome(settings, credentials_saved=False, keychain_error=error)
    return SaveOutcome(settings, credentials_saved=True, keychain_error=None)
