"""Text from below the UI (`domain.text.Text`: an English source, its context and its values)
written in a person's language through Qt's catalogue, the one place translations live."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kcp_pos.domain.language import Lang
from kcp_pos.domain.text import Text, fill
from kcp_pos.ui.shell.i18n import catalogue


def translated(text: Text) -> str:
    """`text` in the UI's language (the catalogue installed at start-up)."""
    return fill(QCoreApplication.translate(text.context, text.source), text.args)


def translated_in(lang: Lang, text: Text) -> str:
    """`text` in `lang`, whatever the UI's language (a receipt chooses its own)."""
    return fill(lookup_in(lang, text.context, text.source), text.args)


def lookup_in(lang: Lang, context: str, source: str) -> str:
    """The catalogue's entry for `source` in `lang`, placeholders left as they are."""
    book = catalogue(lang)
    return (book.translate(context, source) if book is not None else "") or source
