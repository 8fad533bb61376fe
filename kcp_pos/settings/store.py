"""Reading and writing the settings file: JSON in the user config dir, atomic writes, safe loading.

A file that cannot be read or parsed never stops the app: bad fields fall back to their defaults,
a warning is logged and the original file is kept beside it as `settings.json.corrupt` so nothing
the merchant typed is lost.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

from kcp_pos.atomic_file import write_atomically
from kcp_pos.settings.model import Settings, settings_from_json

log = logging.getLogger(__name__)

APP_NAME = "kcp-pos"
SETTINGS_FILE_NAME = "settings.json"
CORRUPT_SUFFIX = ".corrupt"


def default_config_dir() -> Path:
    """The per-user config folder for kcp-pos (e.g. %APPDATA%\\kcp-pos, ~/.config/kcp-pos)."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_data_dir() -> Path:
    """The per-user data folder for kcp-pos (ledger, sandbox data)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


class SettingsStore:
    """The settings file in `config_dir` (the user config dir unless a test or `--config-dir`)."""

    def __init__(self, config_dir: Path | None = None) -> None:
        self.config_dir = config_dir if config_dir is not None else default_config_dir()
        self.path = self.config_dir / SETTINGS_FILE_NAME

    @property
    def corrupt_backup_path(self) -> Path:
        return self.path.with_name(self.path.name + CORRUPT_SUFFIX)

    def load(self) -> Settings:
        """The stored settings; defaults for a missing file and for each field that is bad."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Settings()
        except (OSError, UnicodeDecodeError) as error:
            log.warning("settings file %s unreadable (%s); using defaults", self.path, error)
            self._keep_corrupt_copy()
            return Settings()
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as error:
            log.warning("settings file %s is not JSON (%s); using defaults", self.path, error)
            self._keep_corrupt_copy()
            return Settings()
        if not isinstance(raw, dict):
            log.warning("settings file %s is not a JSON object; using defaults", self.path)
            self._keep_corrupt_copy()
            return Settings()
        settings, problems = settings_from_json(raw)
        if problems:
            for problem in problems:
                log.warning(
                    "setting %s ignored, default used: %s", problem.field_name, problem.message
                )
            self._keep_corrupt_copy()
        return settings

    def save(self, settings: Settings) -> None:
        """Write atomically: a temp file in the same folder, flushed to disk, then `os.replace`."""
        self.config_dir.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(settings.to_json(), ensure_ascii=False, indent=2, sort_keys=True)
        write_atomically(self.path, payload.encode("utf-8") + b"\n")

    def _keep_corrupt_copy(self) -> None:
        try:
            shutil.copyfile(self.path, self.corrupt_backup_path)
        except OSError as error:
            log.warning("could not keep a copy of the bad settings file: %s", error)
