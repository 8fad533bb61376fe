"""Typed application settings (declared once in `model.py`) and API credentials in the OS keychain.

Nothing in this package imports Qt; the UI reads and writes settings through `SettingsStore`.
"""

from kcp_pos.domain.language import Language
from kcp_pos.settings.model import Profile, Settings, SettingsError
from kcp_pos.settings.store import SettingsStore, default_config_dir

__all__ = [
    "Language",
    "Profile",
    "Settings",
    "SettingsError",
    "SettingsStore",
    "default_config_dir",
]
