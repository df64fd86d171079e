"""Settings → Breaks → Kinds of break: the list of kinds and the editor of the chosen one. Every
change is a draft held here; the dialog writes them all, or none, when it is saved."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QPalette, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import (QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QTabWidget, QTextEdit, QVBoxLayout, QWidget)

from companion.core.break_library import DURATION_S, INTERVAL_MIN, LANGS, WARN_S, BreakLibrary, KindError, KindInput
from companion.ui.settings.base import SettingsBase, agreeing, lines, spin


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("SettingsDialog", text, None, n)


@dataclass
class KindDraft:
    """One kind as edited in the dialog; written only when the dialog is saved."""

    data: KindInput  # names, numbers; suggestions as text, one a line
    original: KindInput | None  # as stored, cleaned (None: added in this dialog, or unreadable)
    stored: bool = False  # False: added in this dialog
    builtin: bool = False

    def changed(self) -> bool:
        try:
            return self.original is None or self.data.cleaned() != self.original
        except KindError:
            return True


class SuggestionsEdit(QTextEdit):
    """Plain text, one suggestion a line, with a gap after each line so that a long suggestion
    wrapped over two rows still reads as one."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self._spaced = QTextBlockFormat()
        self._spaced.setBottomMargin(self.fontMetrics().height() // 3)

    def setPlainText(self, text: str) -> None:
        super().setPlainText(text)
        self.document().setUndoRedoEnabled(False)  # the spacing is no edit to undo
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(self._spaced)
        self.document().setUndoRedoEnabled(True)


class KindsEditor(SettingsBase):
    drafts: list[KindDraft]
    deleted: list[str]  # slugs of stored kinds deleted in this dialog
    kind_list: QListWidget | None  # None without a break library: then there is nothing to edit

    @property
    def _kinds(self) -> QListWidget:
        """The list of kinds, which every method below works on."""
        assert self.kind_list is not None, "the kinds are edited only where the dialog has a break library"
        return self.kind_list

    def _kinds_box(self, breaks: BreakLibrary) -> QGroupBox:
        builtin = breaks.builtin_slugs()
        for kind in breaks.kinds():
            data = KindInput.from_kind(kind)
            original = data.cleaned() if self._valid(data) else None
            data.suggestions = {lang: lines(kind.suggestions.get(lang, ())) for lang in LANGS}
            self.drafts.append(KindDraft(data, original, stored=True, builtin=kind.slug in builtin))
        self._loading = False

        kind_list = self.kind_list = QListWidget()
        kind_list.setMaximumWidth(210)
        kind_list.setWordWrap(True)
        kind_list.setSpacing(2)
        kind_list.currentRowChanged.connect(self._kind_selected)
        self.add_kind_button = QPushButton(tr("Add kind"))
        self.add_kind_button.setToolTip(tr("A break of your own, such as a glass of water every hour"))
        self.add_kind_button.clicked.connect(lambda: self.add_kind())
        self.delete_kind_button = QPushButton(tr("Delete kind"))
        self.delete_kind_button.clicked.connect(lambda: self.delete_kind())
        list_buttons = QVBoxLayout()  # one above the other: side by side they widen the tab past 1.5x in Russian
        list_buttons.addWidget(self.add_kind_button)
        list_buttons.addWidget(self.delete_kind_button)
        left = QVBoxLayout()
        left.addWidget(kind_list, 1)
        left.addLayout(list_buttons)

        self.kind_names = {lang: QLineEdit() for lang in LANGS}
        self.kind_names["ru"].setPlaceholderText("Например, «Стакан воды»")
        self.kind_names["en"].setPlaceholderText("e.g. “Glass of water”")
        self.kind_interval = agreeing(spin(*INTERVAL_MIN, 20, tr(" min")),
                                      prefix=lambda n: tr("every ", n))
        self.kind_duration = spin(*DURATION_S, 20, tr(" s"))
        self.kind_duration_minutes = QLabel()
        self.kind_duration_minutes.setStyleSheet("color: palette(dark);")
        self.kind_warn = spin(*WARN_S, 10, tr(" s before"))
        self.kind_warn.setSpecialValueText(tr("no warning"))
        self.kind_long = QCheckBox(tr("Long break (offers “Done early”)"))
        self.kind_enabled = QCheckBox(tr("On"))
        self.kind_enabled.setToolTip(tr("Switched off, this kind of break is never offered"))
        self.kind_suggestions = {lang: SuggestionsEdit() for lang in LANGS}
        self.kind_suggestions["ru"].setPlaceholderText("Например: Выпейте стакан воды.")
        self.kind_suggestions["en"].setPlaceholderText("For example: Drink a glass of water.")
        self.suggestion_tabs = QTabWidget()
        for suggestions in self.kind_suggestions.values():
            self.suggestion_tabs.addTab(suggestions, "")
        self.suggestion_tabs.setCurrentIndex(LANGS.index(self.lang))

        timing = QHBoxLayout()
        timing.addWidget(self.kind_interval)
        timing.addWidget(QLabel(tr("lasts")))
        timing.addWidget(self.kind_duration)
        timing.addWidget(self.kind_duration_minutes)
        timing.addStretch(1)
        warn_row = QHBoxLayout()
        warn_row.addWidget(self.kind_warn)
        warn_row.addStretch(1)
        form = QFormLayout()
        form.addRow(tr("Name (Russian)"), self.kind_names["ru"])
        form.addRow(tr("Name (English)"), self.kind_names["en"])
        form.addRow(tr("Break"), timing)
        form.addRow(tr("Warn"), warn_row)
        form.addRow("", self.kind_long)  # one a line: "Длинный перерыв (…)" alone is half the tab
        form.addRow("", self.kind_enabled)
        self.kind_editor = QWidget()
        editor = QVBoxLayout(self.kind_editor)
        editor.setContentsMargins(0, 0, 0, 0)
        editor.addLayout(form)
        hint = QLabel(tr("What to do in the break: one suggestion a line, one is picked each time"))
        hint.setWordWrap(True)  # the Russian is longer than the tab is wide at 1.5x
        editor.addWidget(hint)
        editor.addWidget(self.suggestion_tabs, 1)

        for name in self.kind_names.values():
            name.textChanged.connect(self._kind_edited)
        for number in (self.kind_interval, self.kind_duration, self.kind_warn):
            number.valueChanged.connect(self._kind_edited)
        for check in (self.kind_long, self.kind_enabled):
            check.toggled.connect(self._kind_edited)
        for suggestions in self.kind_suggestions.values():
            suggestions.textChanged.connect(self._kind_edited)

        row = QHBoxLayout()
        row.addLayout(left)
        row.addWidget(self.kind_editor, 1)
        box = QGroupBox(tr("Kinds of break"))
        box.setLayout(row)
        for i in range(len(self.drafts)):
            kind_list.addItem(QListWidgetItem())
            self._refresh_item(i)
        if self.drafts:
            kind_list.setCurrentRow(0)
        else:
            self._kind_selected(-1)
        return box

    @staticmethod
    def _valid(data: KindInput) -> bool:
        try:
            data.cleaned()
        except KindError:
            return False
        return True

    def _duration_text(self, seconds: int) -> str:
        minutes, rest = divmod(int(seconds), 60)
        if not minutes:
            return tr("{s} s").format(s=rest)
        if not rest:
            return tr("{m} min").format(m=minutes)
        return tr("{m} min {s} s").format(m=minutes, s=rest)

    def _kind_name(self, draft: KindDraft) -> str:
        other = "en" if self.lang == "ru" else "ru"
        names = draft.data.names
        return (names.get(self.lang) or "").strip() or (names.get(other) or "").strip() or tr("New kind")

    def _refresh_item(self, row: int) -> None:
        draft, item = self.drafts[row], self._kinds.item(row)
        data = draft.data
        summary = tr("every %n min, {duration}", int(data.interval_min)).format(
            duration=self._duration_text(data.duration_s))
        if not data.enabled:
            summary += tr(" · off")
        item.setText(f"{self._kind_name(draft)}\n{summary}")
        item.setForeground(self.palette().color(QPalette.ColorRole.Text if data.enabled
                                                else QPalette.ColorRole.PlaceholderText))
        font = QFont(item.font())
        font.setItalic(not draft.stored)
        item.setFont(font)
        item.setToolTip(tr("Shipped with the app: it can be switched off, not deleted") if draft.builtin else "")

    def _kind_selected(self, row: int) -> None:
        has = 0 <= row < len(self.drafts)
        self.kind_editor.setEnabled(has)
        self.delete_kind_button.setEnabled(has and not self.drafts[row].builtin)
        self.delete_kind_button.setToolTip(
            tr("The shipped kinds can be switched off, not deleted") if has and self.drafts[row].builtin else "")
        if not has:
            return
        data = self.drafts[row].data
        self._loading = True
        try:
            for lang, name in self.kind_names.items():
                name.setText(data.names.get(lang, ""))
            self.kind_interval.setValue(int(data.interval_min))
            self.kind_duration.setValue(int(data.duration_s))
            self.kind_warn.setValue(int(data.warn_s))
            self.kind_long.setChecked(bool(data.long))
            self.kind_enabled.setChecked(bool(data.enabled))
            for lang, suggestions in self.kind_suggestions.items():
                suggestions.setPlainText(data.suggestions.get(lang, ""))
        finally:
            self._loading = False
        self._show_duration_minutes()
        self._count_suggestions()

    def _kind_edited(self, *_args: object) -> None:
        self._show_duration_minutes()
        self._count_suggestions()
        row = self._kinds.currentRow()
        if self._loading or not 0 <= row < len(self.drafts):
            return
        self.drafts[row].data = replace(
            self.drafts[row].data,
            names={lang: name.text() for lang, name in self.kind_names.items()},
            interval_min=self.kind_interval.value(), duration_s=self.kind_duration.value(),
            warn_s=self.kind_warn.value(), long=self.kind_long.isChecked(), enabled=self.kind_enabled.isChecked(),
            suggestions={lang: suggestions.toPlainText() for lang, suggestions in self.kind_suggestions.items()})
        self._refresh_item(row)

    def _count_suggestions(self) -> None:
        labels = {"ru": tr("Russian ({n})"), "en": tr("English ({n})")}
        for i, (lang, suggestions) in enumerate(self.kind_suggestions.items()):
            texts = {" ".join(line.split()).casefold() for line in suggestions.toPlainText().splitlines()} - {""}
            self.suggestion_tabs.setTabText(i, labels[lang].format(n=len(texts)))

    def _show_duration_minutes(self) -> None:
        seconds = self.kind_duration.value()
        self.kind_duration_minutes.setText(f"= {self._duration_text(seconds)}" if seconds >= 60 else "")

    def select_kind(self, slug: str) -> None:
        for row, draft in enumerate(self.drafts):
            if draft.data.slug == slug:
                self._kinds.setCurrentRow(row)
                return
        raise LookupError(slug)

    def add_kind(self) -> None:
        """A new kind in the list, selected, its name field ready for typing. Stored on Save."""
        data = KindInput(names={lang: "" for lang in LANGS}, interval_min=60, duration_s=60, warn_s=10,
                         suggestions={lang: "" for lang in LANGS})
        self.drafts.append(KindDraft(data, None, stored=False))
        self._kinds.addItem(QListWidgetItem())
        self._refresh_item(len(self.drafts) - 1)
        self._kinds.setCurrentRow(len(self.drafts) - 1)
        self.kind_names[self.lang].setFocus()

    def delete_kind(self) -> None:
        row = self._kinds.currentRow()
        if not 0 <= row < len(self.drafts) or self.drafts[row].builtin:
            return
        draft = self.drafts.pop(row)
        if draft.stored:
            self.deleted.append(draft.data.slug)
        self._kinds.takeItem(row)  # selects a neighbour, which loads it
        if not self.drafts:
            self._kind_selected(-1)

    def _show_kind_error(self, row: int, exc: KindError) -> None:
        draft = self.drafts[row]
        self._kinds.setCurrentRow(row)
        self._show_error(tr("Break “{name}”: {problem}").format(name=self._kind_name(draft), problem=str(exc)),
                         "breaks")
        field_name, _dot, lang = exc.field.partition(".")
        lang = lang if lang in LANGS else self.lang
        if field_name == "suggestions":
            self.suggestion_tabs.setCurrentIndex(LANGS.index(lang))
        widgets: dict[str, QWidget] = {
            "names": self.kind_names[self.lang], "name": self.kind_names[lang], "interval": self.kind_interval,
            "duration": self.kind_duration, "warn": self.kind_warn, "suggestions": self.kind_suggestions[lang]}
        widget = widgets.get(field_name)
        if widget is not None:
            widget.setFocus()
