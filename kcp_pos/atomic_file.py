"""Replacing a small file so that a crash or another process never leaves it half written: the
settings file and the audit trail's head file.

Outside the layers (like `logging_setup.py`): the standard library only, for the settings and
the store alike, which may not import each other.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`, or leave it as it was: a temporary file of its own in the same
    folder (another process may be writing too), synced to disk, then put in place. A failure
    leaves no temporary file behind."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
