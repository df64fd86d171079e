"""Installing the interface translation (companion/assets/translations/companion_<lang>.qm), Qt's own
(qtbase_<lang>.qm: the standard dialog buttons, context menus of text fields, …) and the default
QLocale, so that dates and numbers read in the same language as the words.

Which language is not decided here: companion.language decides, and callers pass its answer
(`language.of_settings(settings)`). English is the source language; its .qm holds only the plural
forms ("1 ticket", "2 tickets"), which a source text cannot spell for every number.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from companion import language
from companion.resources import resources_dir

_installed: list[QTranslator] = []  # kept referenced: a collected QTranslator silently stops working
_locale_before: list[QLocale] = []  # the default QLocale to restore when the translation is removed


def translations_dir():
    return resources_dir() / "translations"


def install(app: QCoreApplication, lang: str | None = None) -> str:
    """Install the translators for `lang` and make it the default locale; return the interface
    language now in effect: `lang`, or "en" for a language we do not speak or have no .qm for.
    None (before the settings can be read) means the environment's or the system's choice.
    Calling it again replaces what an earlier call installed."""
    uninstall(app)
    chosen = language.interface_language() if lang is None else language.normalise(lang) or "en"
    ours = QTranslator(app)
    if not ours.load(f"companion_{chosen}", str(translations_dir())):
        chosen = "en"  # no .qm for it: the source texts
        ours.load("companion_en", str(translations_dir()))
    if not ours.isEmpty():
        app.installTranslator(ours)
        _installed.append(ours)
    qt = QTranslator(app)
    if chosen != "en" and qt.load(f"qtbase_{chosen}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    # Dates and numbers that Qt formats (the Wellbeing window's days, spin boxes) follow the
    # interface language too: "понедельник, 23 ноября", "2,0 раб. ч".
    if QLocale().language() != QLocale(chosen).language():
        _locale_before.append(QLocale())
        QLocale.setDefault(QLocale(chosen))
    return chosen


def uninstall(app: QCoreApplication | None = None) -> None:
    """Remove what install() put in: the interface goes back to the source texts and the locale
    to the one before."""
    app = app or QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)
    while _locale_before:
        QLocale.setDefault(_locale_before.pop())
