"""Installing the UI language. Source strings are English; Korean comes from `kcp_pos_ko.qm`.

The language is chosen at start-up (settings or `--lang`); changing it in the settings page takes
effect on the next start, which the page says. The first-run wizard's language page switches
it at once (`switch_language`): the wizard sets its words again, the rest of the window follows
at the next start. `catalogue(lang)` gives the app's catalogue for
one language without installing it, for documents whose language is chosen per document (a
receipt).
"""

from __future__ import annotations

import functools
import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from kcp_pos.domain.language import Language
from kcp_pos.ui.shell.resources import translations_dir

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = tuple(language.value for language in Language)
APP_CATALOG = "kcp_pos"
_installed: list[QTranslator] = []
"""The catalogs `install_translator` put in, for `switch_language` to take out."""


def install_translator(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Install the catalogs for `lang` ("ko" or "en") into `app`; returns the installed ones."""
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; expected one of {SUPPORTED_LANGUAGES}")
    locale = QLocale(QLocale.Language.Korean if lang == "ko" else QLocale.Language.English)
    QLocale.setDefault(locale)
    if lang == "en":
        return []  # English is the source language
    installed: list[QTranslator] = []
    app_translator = QTranslator(app)
    if app_translator.load(f"{APP_CATALOG}_{lang}", str(translations_dir())):
        app.installTranslator(app_translator)
        installed.append(app_translator)
    else:
        log.warning("translation %s_%s.qm not found in %s", APP_CATALOG, lang, translations_dir())
    # Qt's own strings (standard buttons, context menus) when the Qt build ships them.
    qt_translator = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_translator.load(locale, "qtbase", "_", qt_dir):
        app.installTranslator(qt_translator)
        installed.append(qt_translator)
    _installed.extend(installed)
    return installed


def switch_language(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Take the catalogs installed so far out of `app` and install `lang`'s; widgets that set
    their words in one method call it again (Qt also sends them a `LanguageChange` event)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    return install_translator(app, lang)


@functools.cache
def catalogue(lang: str) -> QTranslator | None:
    """The app's catalogue for `lang`, loaded once (None for English, the source language, or
    when the file is missing). Not installed: ask it with `translate(context, source)`."""
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; expected one of {SUPPORTED_LANGUAGES}")
    if lang == "en":
        return None
    translator = QTranslator()
    if not translator.load(f"{APP_CATALOG}_{lang}", str(translations_dir())):
        log.warning("translation %s_%s.qm not found in %s", APP_CATALOG, lang, translations_dir())
        return None
    return translator
