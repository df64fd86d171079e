"""Settings → Replies: the interface and reply languages, the reply behind "Copy update reply", and
replying into any window (the global hotkey and what Enter does there)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QKeySequenceEdit, QLabel, QVBoxLayout,
                               QWidget)

from companion import language
from companion.core.hotkeys import HotkeyError, clash, parse_hotkey
from companion.core.replies import LANG_NAMES
from companion.ui.settings.base import SettingsBase, hint

if TYPE_CHECKING:
    from companion.core.reply_library import Reply


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("SettingsDialog", text, None, n)


class RepliesTab(SettingsBase):
    def _replies_tab(self, replies: Sequence[Reply] | None) -> QWidget:
        settings = self.settings
        # Language names stay in their own language: whoever cannot read this interface finds theirs.
        self.interface_language = QComboBox()
        self.interface_language.addItem(tr("Automatic (system)"), "auto")
        self.reply_language = QComboBox()
        self.reply_language.addItem(tr("Same as the interface"), "auto")
        for code in language.SUPPORTED:
            self.interface_language.addItem(LANG_NAMES[code], code)
            self.reply_language.addItem(LANG_NAMES[code], code)
        for combo, key in ((self.interface_language, "interface_language"), (self.reply_language, "reply_language")):
            combo.setCurrentIndex(max(0, combo.findData(settings.get(key))))
        restart = tr("The interface language applies when Support Companion next starts.")
        if language.normalise(os.environ.get(language.ENV_VAR)):
            restart += " " + tr("{var} is set in the environment and wins over this setting.").format(
                var=language.ENV_VAR)
        languages_form = QFormLayout()
        languages_form.addRow(tr("Interface language"), self.interface_language)
        languages_form.addRow(hint(restart))
        languages_form.addRow(tr("Language of replies"), self.reply_language)
        languages_box = QGroupBox(tr("Language"))
        languages_box.setLayout(languages_form)

        self.update_reply = QComboBox()
        self.update_reply.addItem(tr("None"), "")
        for reply in replies or []:  # named as the agent reads, whatever language replies are copied in
            self.update_reply.addItem(reply.title(self.lang), reply.slug)
        current_reply = settings.get("update_reply")
        if current_reply and self.update_reply.findData(current_reply) < 0:
            self.update_reply.addItem(tr("{id} (missing)").format(id=current_reply), current_reply)
        self.update_reply.setCurrentIndex(max(0, self.update_reply.findData(current_reply)))
        replies_form = QFormLayout()
        replies_form.addRow(tr("Reply for “Copy update reply”"), self.update_reply)
        replies_form.addRow(hint(tr("The reminder popup copies this reply when you choose “Copy update "
                                    "reply”; it is filled from the ticket.")))
        replies_box = QGroupBox(tr("Replies"))
        replies_box.setLayout(replies_form)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(languages_box)
        layout.addWidget(replies_box)
        layout.addWidget(self._hotkey_box())
        layout.addStretch(1)
        return page

    def _hotkey_box(self) -> QGroupBox:
        settings = self.settings
        self.hotkey = QKeySequenceEdit(QKeySequence(settings.get("palette_hotkey")))
        self.hotkey.setMaximumSequenceLength(1)  # a global hotkey is one combination
        self.hotkey.setClearButtonEnabled(True)  # cleared: no hotkey
        self.hotkey.setToolTip(tr("Press the keys; clear the field to turn the hotkey off"))
        self.hotkey_note = QLabel()
        self.hotkey_note.setWordWrap(True)
        self.hotkey.keySequenceChanged.connect(lambda _seq: self._hotkey_edited())
        self.paste_on_enter = QCheckBox(tr("Enter pastes the reply into that window (Alt+Enter only copies)"))
        self.paste_on_enter.setChecked(bool(settings.get("paste_on_enter")))
        self.paste_restore = QCheckBox(tr("Then put back what the clipboard held"))
        self.paste_restore.setChecked(bool(settings.get("paste_restore_clipboard")))
        self.tray_paste = QCheckBox(tr("A reply picked in the tray menu is pasted into the active window too"))
        self.tray_paste.setChecked(bool(settings.get("tray_paste")))
        form = QFormLayout()
        form.addRow(tr("Reply palette hotkey"), self.hotkey)
        form.addRow(self.hotkey_note)
        form.addRow(hint(tr("It opens the palette over any window — a browser tab, a helpdesk, a chat — with the "
                            "ticket the window's title names.")))
        form.addRow(self.paste_on_enter)
        form.addRow(self.paste_restore)
        form.addRow(self.tray_paste)
        box = QGroupBox(tr("Replying into any window"))
        box.setLayout(form)
        self._hotkey_edited()
        return box

    def hotkey_text(self) -> str:
        return self.hotkey.keySequence().toString(QKeySequence.SequenceFormat.PortableText)

    def _hotkey_edited(self) -> None:
        """Say at once what is wrong with the combination, or what else uses it, or why the
        running app could not take it."""
        text, note = self.hotkey_text(), ""
        try:
            hotkey = parse_hotkey(text)
        except HotkeyError as e:
            hotkey, note = None, {
                "modifier": tr("Hold Ctrl, Alt or Meta with the key: alone it would be typed into every text field."),
                "key": tr("Use a letter, a digit, F1–F24, Space or Insert as the key."),
            }.get(e.code, tr("Press one key combination, e.g. Ctrl+Alt+R."))
        if hotkey is not None and (used := clash(hotkey)):
            note = tr("{keys} is already used elsewhere ({what}); another combination is safer.").format(
                keys=hotkey.text(), what=QCoreApplication.translate("Hotkeys", used))
        elif text == "":
            note = tr("No hotkey: replies are found with Ctrl+K in the main window or from the tray menu.")
        elif not note and self.paste_problem and text == self.settings.get("palette_hotkey"):
            note = self.paste_problem
        self.hotkey_note.setText(note)
        self.hotkey_note.setVisible(bool(note))

