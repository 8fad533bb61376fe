"""The folders one run of the app uses: its data, its logs and its settings.

Decided at start-up (`app.start_app`: `--data-dir`, `--log-dir`, `--config-dir`, else the
settings' data folder and the per-user defaults) and shown by the About dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RunFolders:
    data: Path
    """The ledger and the training server's data (`app.resolve_data_dir`)."""
    logs: Path
    """The log file (`logging_setup.configure_logging`)."""
    settings: Path
    """`settings.json` (`SettingsStore.config_dir`)."""
