"""Installing the interface translation (companion/assets/translations/companion_<lang>.qm) and Qt's own
(qtbase_<lang>.qm: the standard dialog buttons, context menus of text fields, …).

English is the source language: for "en" nothing is loaded. `COMPANION_LANG=ru|en` in the
environment wins over the argument and the system locale (for testing and screenshots).
"""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from companion.resources import resources_dir

SUPPORTED = ("en", "ru")
ENV_VAR = "COMPANION_LANG"

_installed: list[QTranslator] = []  # kept referenced: a collected QTranslator silently stops working
_locale_before: list[QLocale] = []  # the default QLocale to restore when the translation is removed


def translations_dir():
    return resources_dir() / "translations"


def system_language() -> str:
    """"ru" when the system locale is Russian, otherwise "en"."""
    return "ru" if QLocale.system().language() == QLocale.Language.Russian else "en"


def _normalise(lang: str | None) -> str | None:
    if not lang:
        return None
    code = lang.strip().replace("-", "_").split("_")[0].split(".")[0].casefold()
    return code or None


def install(app: QCoreApplication, lang: str | None = None) -> str | None:
    """Install the translators for `lang` (None: COMPANION_LANG, else the system locale) and return
    the language now installed, or None when the interface stays in English (English asked for, an
    unknown language, or no .qm for it). Calling it again replaces what an earlier call installed."""
    uninstall(app)
    chosen = _normalise(os.environ.get(ENV_VAR)) or _normalise(lang) or system_language()
    if chosen == "en" or chosen not in SUPPORTED:
        return None
    ours = QTranslator(app)
    if not ours.load(f"companion_{chosen}", str(translations_dir())):
        return None
    app.installTranslator(ours)
    _installed.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{chosen}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    # Dates and numbers that Qt formats (the Wellbeing window's days, spin boxes) follow the
    # interface language too: "понедельник, 23 ноября", "2,0 раб. ч".
    if QLocale().language() != QLocale(chosen).language():
        _locale_before.append(QLocale())
        QLocale.setDefault(QLocale(chosen))
    return chosen


def uninstall(app: QCoreApplication | None = None) -> None:
    """Remove the translators install() put in (the interface goes back to English)."""
    app = app or QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)
    while _locale_before:
        QLocale.setDefault(_locale_before.pop())
