"""Changing the terminal's settings or its API key: an administrator's action, audited.

The settings live in a file and the key pair in the OS keychain, not in the store; this use case
is what the settings page runs before it writes them, so that the role is checked by the
services and every change leaves an audit entry (which settings changed, never a value of the
key pair).
"""

from __future__ import annotations

from typing import Final

from kcp_pos.services.app_services import AppServices
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.operators import Approval, permit
from kcp_pos.settings.model import SETTING_NAMES, Settings

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
