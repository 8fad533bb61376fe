"""Logging for the app: a rotating file in the user log dir, with card numbers redacted.

DESIGN rule 4: card data never rests, logs included. Redaction happens twice: a filter rewrites
each record's message with its arguments already merged (so a card number passed as an argument
is caught), and the formatter redacts the final text (which also covers exception tracebacks
that the filter cannot see). Birth dates and PIN digits cannot be recognised by their shape; the
code never logs them in the first place.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kcp_pos.settings.store import APP_NAME

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


class EarlyRecords(logging.Handler):
    """Keeps what is logged before the log file is set up; `configure_logging` writes it there.

    The app opens its log file after the first paint (`logging.handlers` alone costs about as
    much as building the amount field), so a warning from reading the settings waits here."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def hold_early_records(level: int = logging.INFO) -> None:
    """Keep the root logger's records in memory until `configure_logging` is called."""
    root = logging.getLogger()
    root.addHandler(EarlyRecords())
    root.setLevel(level)


def configure_logging(log_dir: Path | None = None, level: int = logging.INFO) -> Path:
    """Send the root logger to a rotating file in `log_dir` (default: user log dir), with the
    records held since `hold_early_records`; returns the file's path. Raises OSError when the
    folder cannot be created."""
    import logging.handlers

    directory = log_dir if log_dir is not None else default_log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOG_FILE_NAME
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True
    )
    root = logging.getLogger()
    for existing in list(root.handlers):
        if isinstance(existing, logging.handlers.RotatingFileHandler) and (
            Path(existing.baseFilename) == path
        ):
            root.removeHandler(existing)
            existing.close()
    _install(handler, level)
    return path


def open_log(log_dir: Path | None, level: int = logging.INFO) -> None:
    """The app's log, once: the file when it can be opened, else standard error (the app keeps
    working and says why there). Does nothing when no records are held any more, i.e. the log
    is already open (see `hold_early_records`)."""
    if not any(isinstance(handler, EarlyRecords) for handler in logging.getLogger().handlers):
        return
    try:
        configure_logging(log_dir, level)
    except OSError as error:
        _install(logging.StreamHandler(), level)
        logging.getLogger(__name__).error(
            "log file not opened (%s); logging to standard error", error
        )


def _install(handler: logging.Handler, level: int) -> None:
    """Add `handler` to the root logger with redaction, and pass it the records held so far."""
    handler.addFilter(CardNumberRedactionFilter())
    handler.setFormatter(RedactingFormatter(LOG_FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    for early in [h for h in root.handlers if isinstance(h, EarlyRecords)]:
        root.removeHandler(early)
        for record in early.records:
            if record.levelno >= level:
                handler.handle(record)
