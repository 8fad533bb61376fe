"""Logging for the app: a rotating file in the user log dir, with card numbers redacted.

DESIGN rule 4: card data never rests, logs included. Redaction happens twice: a filter rewrites
each record's message with its arguments already merged (so a card number passed as an argument
is caught), and the formatter redacts the final text (which also covers exception tracebacks
that the filter cannot see). Birth dates and PIN digits cannot be recognised by their shape; the
code never logs them in the first place.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

APP_NAME = "kcp-pos"
LOG_FILE_NAME = "kcp-pos.log"
MAX_LOG_BYTES = 2_000_000
LOG_BACKUPS = 5
LOG_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"


def default_log_dir() -> Path:
    """The per-user log folder for kcp-pos."""
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def redact(text: str) -> str:
    """`text` with card-number-like digit runs starred (the domain's rule, imported on first use
    so that setting up logging does not slow down the first window)."""
    from kcp_pos.domain.masking import redact_card_numbers

    return redact_card_numbers(text)


class CardNumberRedactionFilter(logging.Filter):
    """Replaces a record's message and arguments by the redacted, merged message."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            # A broken format string: keep the template and the arguments' text, redacted.
            message = f"{record.msg} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        return True


class RedactingFormatter(logging.Formatter):
    """Redacts the fully formatted line, traceback and stack included."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure_logging(log_dir: Path | None = None, level: int = logging.INFO) -> Path:
    """Send the root logger to a rotating file in `log_dir` (default: user log dir); its path."""
    directory = log_dir if log_dir is not None else default_log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOG_FILE_NAME
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True
    )
    handler.addFilter(CardNumberRedactionFilter())
    handler.setFormatter(RedactingFormatter(LOG_FORMAT))
    root = logging.getLogger()
    for existing in list(root.handlers):
        if isinstance(existing, logging.handlers.RotatingFileHandler) and (
            Path(existing.baseFilename) == path
        ):
            root.removeHandler(existing)
            existing.close()
    root.addHandler(handler)
    root.setLevel(level)
    return path
