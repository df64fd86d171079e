"""Settings → Replies: the interface and reply languages, and the reply behind "Copy update reply"."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QVBoxLayout, QWidget

from companion import language
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
        layout.addStretch(1)
        return page
