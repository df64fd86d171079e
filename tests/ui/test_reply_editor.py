"""The reply editor: create, validate, preview, duplicate, delete, categories, import and export."""

from __future__ import annotations

import errno
import json
import os
import stat
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox

from companion.core.tickets import TicketInput
from companion.store.models import ReplyCategory, ReplyTemplate
from companion.ui.reply_editor import KIND_ROLE, ReplyEditor

Button = QMessageBox.StandardButton


@pytest.fixture
def boxes(monkeypatch):
    """Message boxes answered without blocking; `boxes.shown` records (kind, title, text)."""

    class Boxes:
        shown: list[tuple[str, str, str]]
        answer = Button.Yes

    def record(kind):
        def box(parent, title, text, *args, **kwargs):
            Boxes.shown.append((kind, title, text))
            return Boxes.answer if kind == "question" else Button.Ok
        return box

    for kind in ("information", "warning", "question", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(record(kind)))
    Boxes.shown = []
    return Boxes


@pytest.fixture
def editor(app) -> ReplyEditor:
    app.shell.open_reply_editor()
    assert app.shell.editor.isVisible()
    return app.shell.editor


def tree_titles(editor: ReplyEditor, category: str | None = None) -> list[str]:
    out = []
    for i in range(editor.tree.topLevelItemCount()):
        node = editor.tree.topLevelItem(i)
        if category is None:
            out.append(node.text(0))
        elif node.text(0) == category:
            out += [node.child(j).text(0) for j in range(node.childCount())]
    return out


def select(editor: ReplyEditor, title: str) -> None:
    """Click an entry of the tree (a favourite's star is not part of the title)."""
    for i in range(editor.tree.topLevelItemCount()):
        node = editor.tree.topLevelItem(i)
        if node.text(0) == title:
            editor.tree.setCurrentItem(node)
            return
        for j in range(node.childCount()):
            if node.child(j).text(0).removeprefix("★ ") == title:
                editor.tree.setCurrentItem(node.child(j))
                return
    raise AssertionError(f"no {title!r} in the tree")


def current(editor: ReplyEditor) -> tuple[str, str]:
    item = editor.tree.currentItem()
    return item.data(0, KIND_ROLE), item.text(0)


def palette_finds(app, text: str) -> list[str]:
    app.shell.show_palette()
    app.shell.palette.search.setText(text)
    model = app.shell.palette.list.model()
    found = [model.index(row).data() for row in range(model.rowCount())]
    app.shell.palette.hide()
    return found


def test_a_new_reply_in_both_languages_is_saved_listed_and_found(app, editor):
    select(editor, "Request received")
    editor.new_reply()
    assert editor.category.currentText() == "Acknowledge"  # the category of the reply that was selected
    en, ru = editor.variant_tabs["en"], editor.variant_tabs["ru"]
    assert editor.tabs.currentWidget() is en and en.title.text() == "" and editor.current_id is None
    QTest.keyClicks(en.title, "Thanks for the logs")
    QTest.keyClicks(en.body, "Thank you, {client}! The logs arrived.")
    editor.tabs.setCurrentWidget(ru)
    ru.title.setText("Спасибо за логи")
    ru.body.setPlainText("Спасибо, {client}! Логи получили.")
    editor.save_button.click()
    assert not editor.error.isVisible()
    assert "Thanks for the logs" in tree_titles(editor, "Acknowledge")
    assert current(editor) == ("reply", "Thanks for the logs")
    saved = ReplyTemplate.get(ReplyTemplate.slug == "thanks-for-the-logs")
    assert {v.lang: v.body for v in saved.variants} == {"ru": "Спасибо, {client}! Логи получили.",
                                                        "en": "Thank you, {client}! The logs arrived."}
    assert palette_finds(app, "logs arrived")[0] == "Thanks for the logs  —  Acknowledge"
    assert not editor.dirty


def test_an_unknown_placeholder_is_named_and_nothing_is_saved(app, editor):
    count = ReplyTemplate.select().count()
    editor.new_reply()
    en = editor.variant_tabs["en"]
    en.title.setText("Typo")
    en.body.setPlainText("Hello {clent}, here you go.")
    assert "{clent} is not a known placeholder; did you mean {client}?" in editor.problems.text()
    editor.save_button.click()
    assert editor.error.isVisible()
    assert editor.error.text() == "English text: {clent} is not a known placeholder; did you mean {client}?"
    assert ReplyTemplate.select().count() == count and editor.dirty


def test_the_placeholder_menu_inserts_at_the_cursor(editor):
    select(editor, "Got it, I'm on it")
    body = editor.variant_tabs["en"].body
    body.setPlainText("Hello , how are you?")
    cursor = body.textCursor()
    cursor.setPosition(len("Hello "))
    body.setTextCursor(cursor)
    [client] = [a for a in editor.insert_button.menu().actions() if a.text().startswith("{client}")]
    client.trigger()
    assert body.toPlainText() == "Hello {client}, how are you?"
    assert body.textCursor().position() == len("Hello {client}")
    [days] = [a for a in editor.insert_button.menu().actions() if a.text().startswith("{in_business_days")]
    days.trigger()
    assert body.toPlainText() == "Hello {client}{in_business_days:2}, how are you?"


def test_the_preview_follows_typing_and_the_chosen_ticket(app, editor):
    app.tickets.create(TicketInput("SUP-1", client="Olga", cadence="1d"))
    app.tickets.create(TicketInput("SUP-2", client="Ivan", cadence="1w"))
    editor.open_for(None)
    # Nothing in context: no ticket is picked for the agent (Copy would fill it for that ticket).
    assert editor.preview_ticket.currentText() == "No ticket"
    editor.preview_ticket.setCurrentIndex(editor.preview_ticket.findText("SUP-1 · Olga"))
    editor.new_reply()
    body = editor.variant_tabs["en"].body
    QTest.keyClicks(body, "Hi {client}, next update {next_update}.")
    assert editor.preview.toPlainText() == "Hi Olga, next update tomorrow by 10 am."
    editor.preview_ticket.setCurrentIndex(editor.preview_ticket.findText("SUP-2 · Ivan"))
    assert editor.preview.toPlainText() == "Hi Ivan, next update on 30 November by 10 am."
    QTest.keyClicks(body, " {subject}")
    assert editor.preview.toPlainText().endswith(" {subject}")
    assert editor.problems.text() == "{subject}: ticket SUP-2 has no subject"
    editor.tabs.setCurrentWidget(editor.variant_tabs["ru"])
    editor.variant_tabs["ru"].body.setPlainText("Обновление {next_update}.")
    assert editor.preview.toPlainText() == "Обновление 30 ноября до 10:00."


def test_duplicate_makes_an_editable_copy(editor):
    select(editor, "Request received")
    count = ReplyTemplate.select().count()
    editor.duplicate_button.click()
    assert ReplyTemplate.select().count() == count + 1
    assert current(editor) == ("reply", "Request received (copy)")
    assert editor.variant_tabs["ru"].title.text() == "Получили обращение (копия)"
    assert editor.variant_tabs["en"].body.toPlainText().startswith("{hello} ")
    assert not editor.favourite.isChecked()  # the copy is not a second favourite


def test_delete_a_reply(app, editor, boxes):
    select(editor, "Got it, I'm on it")
    boxes.answer = Button.No
    editor.delete_button.click()
    assert boxes.shown and boxes.shown[-1][0] == "question" and "Got it, I'm on it" in boxes.shown[-1][2]
    assert ReplyTemplate.get_or_none(ReplyTemplate.slug == "ack-on-it") is not None

    assert editor.delete(confirm=False)
    assert ReplyTemplate.get_or_none(ReplyTemplate.slug == "ack-on-it") is None
    assert "Got it, I'm on it" not in tree_titles(editor, "Acknowledge")
    assert palette_finds(app, "on it") and not any("Got it" in hit for hit in palette_finds(app, "got it on it"))


def test_new_category_then_deleting_categories(app, editor, boxes):
    assert editor.new_category("Тест", "Test")
    assert "Test" in tree_titles(editor) and current(editor) == ("category", "Test")
    assert ReplyCategory.get(ReplyCategory.name_ru == "Тест").name_en == "Test"
    assert editor.delete_button.isEnabled() and not editor.save_button.isEnabled()
    # The category is empty: it can go.
    editor.delete_button.click()
    assert "Test" not in tree_titles(editor)
    assert ReplyCategory.get_or_none(ReplyCategory.name_en == "Test") is None

    select(editor, "Acknowledge")
    editor.delete_button.click()
    [(kind, _title, text)] = [b for b in boxes.shown if b[0] != "question"]
    assert kind == "information"
    assert text == ('The category "Acknowledge" still has 4 replies. Move its replies to another category or '
                    "delete them first.")
    assert "Acknowledge" in tree_titles(editor)


def test_the_new_category_button_asks_for_the_names(editor, monkeypatch, boxes):
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Тест / Test", True)))
    [button] = [b for b in editor.findChildren(type(editor.save_button)) if b.text() == "New category"]
    button.click()
    assert boxes.shown == []
    assert "Test" in tree_titles(editor)
    assert ReplyCategory.get(ReplyCategory.name_en == "Test").name_ru == "Тест"


@pytest.mark.parametrize("answer", [Button.Cancel, Button.Discard, Button.Save])
def test_switching_away_from_unsaved_changes_asks(editor, boxes, answer):
    select(editor, "Got it, I'm on it")
    body = editor.variant_tabs["en"].body
    body.setPlainText("Got it — I'm on it, edited.")
    assert editor.dirty
    boxes.answer = answer
    select(editor, "Thanks for the details")
    assert [kind for kind, _t, _x in boxes.shown] == ["question"]
    saved = {v.lang: v.body for v in ReplyTemplate.get(ReplyTemplate.slug == "ack-on-it").variants}["en"]
    if answer == Button.Cancel:
        assert current(editor) == ("reply", "Got it, I'm on it") and editor.dirty
        assert body.toPlainText() == "Got it — I'm on it, edited."
        assert saved == "Got it — I'm on it. I'll let you know as soon as I have news."
    else:
        assert current(editor) == ("reply", "Thanks for the details") and not editor.dirty
        assert body.toPlainText().startswith("Thank you for such a detailed description")
        assert saved == ("Got it — I'm on it, edited." if answer == Button.Save
                         else "Got it — I'm on it. I'll let you know as soon as I have news.")


def test_import_an_espanso_file_and_a_broken_one(app, editor, boxes, tmp_path):
    good = tmp_path / "support.yml"
    good.write_text('matches:\n  - trigger: ":thx"\n    replace: "Thanks, {{client}}! Glad it works."\n'
                    '  - trigger: ":bye"\n    label: "Goodbye"\n    replace: "Have a nice day!"\n', encoding="utf-8")
    assert editor.import_file(good)
    [(kind, _title, text)] = boxes.shown
    assert kind == "information" and text == "Imported from support.yml: 2 new, 0 updated."
    assert tree_titles(editor, "From Espanso") == ["thx", "Goodbye"]
    reply = app.shell.replies.library.find("espanso-support-thx")
    assert reply.variants["en"].body == "Thanks, {client}! Glad it works."

    boxes.shown.clear()
    count = ReplyTemplate.select().count()
    bad = tmp_path / "broken.yml"
    bad.write_text('matches:\n  - trigger: ":a"\n    replace: "fine"\n  - trigger: ":b"\n    replace: [oops\n',
                   encoding="utf-8")
    assert not editor.import_file(bad)
    [(kind, _title, text)] = boxes.shown
    assert kind == "warning" and text.startswith("broken.yml: line ") and text.endswith("Nothing was imported.")
    assert ReplyTemplate.select().count() == count


def test_export_writes_json_that_import_reads_back(app, editor, boxes, tmp_path):
    path = tmp_path / "replies.json"
    assert editor.export_file(path)
    data = json.loads(path.read_text("utf-8"))
    assert data["format"] == "support-companion-replies" and len(data["templates"]) == 51
    select(editor, "Got it, I'm on it")
    assert editor.delete(confirm=False)
    assert editor.import_file(path)
    assert boxes.shown[-1][2] == "Imported from replies.json: 1 new, 50 updated."
    assert "Got it, I'm on it" in tree_titles(editor, "Acknowledge")
    again = tmp_path / "again.json"
    editor.export_file(again)
    # The same library; only the re-added reply moved to the end of its category.
    def by_id(library: dict) -> dict:
        return {t["id"]: t for t in library["templates"]}

    assert by_id(json.loads(again.read_text("utf-8"))) == by_id(data)


@pytest.mark.skipif(sys.platform == "win32", reason="mode bits as on POSIX")
def test_an_exported_library_is_the_agents_alone(app, editor, boxes, tmp_path):
    saved = os.umask(0o022)
    try:
        path = tmp_path / "replies.json"
        assert editor.export_file(path)
    finally:
        os.umask(saved)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == ["replies.json"]
    folder = tmp_path / "folder.json"
    folder.mkdir()
    assert not editor.export_file(folder)
    assert boxes.shown[-1] == ("warning", "Export replies", f"{folder}: {os.strerror(errno.EISDIR)}")
    assert list(folder.iterdir()) == [] and not (tmp_path / "folder.json.tmp").exists()


def test_copy_from_the_editor_uses_the_preview_ticket_and_the_open_tab(app, editor, qtbot):
    ticket = app.tickets.create(TicketInput("SUP-1", client="Ольга", cadence="1d"))
    editor.open_for(ticket.id)
    select(editor, "Checking with the developers")
    editor.tabs.setCurrentWidget(editor.variant_tabs["ru"])
    editor.variant_tabs["ru"].title.setText("Уточню у разработчиков!")
    with qtbot.waitSignal(app.shell.replies.copied):
        editor.copy_button.click()  # unsaved changes are saved first
    text = QGuiApplication.clipboard().text()
    assert text.startswith("Чтобы дать Вам точный ответ") and text.endswith("завтра до 10:00.")
    assert app.shell.last_toast == "Copied: Уточню у разработчиков!"
    library = app.shell.replies.library
    assert not editor.dirty and library.find("dev-check").variants["ru"].title == "Уточню у разработчиков!"


def test_closing_with_unsaved_changes_asks(editor, boxes):
    select(editor, "Got it, I'm on it")
    editor.variant_tabs["en"].title.setText("Got it")
    boxes.answer = Button.Cancel
    editor.close()
    assert editor.isVisible() and editor.dirty and boxes.shown[-1][1] == "Unsaved changes"
    boxes.answer = Button.Discard
    editor.close()
    assert not editor.isVisible()


def test_the_tree_follows_the_reply_language(app, editor):
    select(editor, "Thanks for the details")
    app.shell.replies.set_language("ru")
    assert "Подтверждение" in tree_titles(editor) and "Спасибо за подробности" in tree_titles(editor, "Подтверждение")
    assert current(editor) == ("reply", "Спасибо за подробности")  # still the same reply
    assert editor.category.currentText() == "Подтверждение"


def test_choosing_save_with_an_invalid_reply_stays_and_names_the_problem(editor, boxes):
    select(editor, "Got it, I'm on it")
    editor.variant_tabs["en"].body.setPlainText("Got it, {clent}.")
    boxes.answer = Button.Save
    select(editor, "Thanks for the details")
    assert current(editor) == ("reply", "Got it, I'm on it") and editor.dirty
    assert editor.error.isVisible() and "did you mean {client}?" in editor.error.text()
    assert editor.variant_tabs["en"].body.toPlainText() == "Got it, {clent}."


def test_unsaved_category_choice_survives_a_new_category(app, editor, boxes, monkeypatch):
    select(editor, "Request received")
    target = editor.category.findText("Closing & follow-up")
    editor.category.setCurrentIndex(target)
    assert editor.dirty
    assert editor.new_category("Тест", "Test")
    boxes.answer = Button.Save
    assert editor.category.currentText() == "Closing & follow-up"  # not reset to the first category
    assert editor.save()
    reply = app.shell.replies.library.find("ack-received")
    categories = app.shell.replies.library.categories()
    assert categories[[c.id for c in categories].index(reply.category_id)].slug == "closing"


def test_an_imported_reply_with_a_foreign_placeholder_can_be_duplicated(app, editor, tmp_path, boxes):
    path = tmp_path / "base.yml"
    path.write_text('matches:\n  - trigger: ":clip"\n    replace: "Pasted: {{clipboard}}"\n', encoding="utf-8")
    assert editor.import_file(path)
    select(editor, "clip")
    editor.duplicate_button.click()
    assert current(editor) == ("reply", "clip (copy)")
    assert not editor.error.isVisible()


def test_a_big_library_imports_with_its_progress_shown(app, editor, boxes, tmp_path, monkeypatch):
    """Issue 10, point 7: a big file is imported linearly and shows how far it got."""
    from PySide6.QtWidgets import QProgressDialog

    seen = []
    original = QProgressDialog.setValue
    monkeypatch.setattr(QProgressDialog, "setValue", lambda self, value: (seen.append(value), original(self, value))[1])
    path = tmp_path / "big.csv"
    path.write_text("\n".join(f"kw{i},Snippet number {i}" for i in range(5000)), encoding="utf-8")
    assert editor.import_file(path)
    assert seen[0] == 0 and seen[-1] == 5000 and len(seen) >= 10
    assert "5000 new" in boxes.shown[-1][2]


def test_escape_closes_at_once_when_nothing_is_edited(editor, boxes):
    select(editor, "Got it, I'm on it")
    assert not editor.dirty
    QTest.keyClick(editor.tree, Qt.Key.Key_Escape)
    assert not editor.isVisible() and boxes.shown == []


def test_escape_with_unsaved_changes_asks_and_discarding_drops_them(app, editor, boxes):
    select(editor, "Got it, I'm on it")
    title = editor.variant_tabs["en"].title
    title.setText("Got it")
    boxes.answer = Button.Cancel
    QTest.keyClick(title, Qt.Key.Key_Escape)
    assert editor.isVisible() and editor.dirty and title.text() == "Got it"
    assert [(kind, t) for kind, t, _x in boxes.shown] == [("question", "Unsaved changes")]
    boxes.answer = Button.Discard
    QTest.keyClick(editor.variant_tabs["en"].body, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert app.shell.replies.library.find("ack-on-it").variants["en"].title == "Got it, I'm on it"
    app.shell.open_reply_editor()  # opened again: the reply as saved, not the dropped edit
    assert title.text() == "Got it, I'm on it" and not editor.dirty


def test_the_close_button_closes_and_asks_only_about_unsaved_changes(editor, boxes):
    assert editor.close_button.isVisible() and editor.close_button.text() == "Close"
    editor.close_button.click()
    assert not editor.isVisible() and boxes.shown == []
    editor.open_for(None)
    select(editor, "Got it, I'm on it")
    editor.variant_tabs["en"].body.setPlainText("Edited.")
    boxes.answer = Button.Save
    editor.close_button.click()
    assert not editor.isVisible() and [kind for kind, _t, _x in boxes.shown] == ["question"]
    assert editor.library.find("ack-on-it").variants["en"].body == "Edited."


def test_the_reply_id_is_not_shown_but_can_be_copied_for_scripts(app, editor, qtbot):
    select(editor, "Got it, I'm on it")
    shown = [w.text() for w in editor.findChildren(QLabel) + editor.findChildren(QLineEdit) if w.isVisible()]
    assert shown and not any("ack-on-it" in text for text in shown)
    assert not any(label.text() == "Id" for label in editor.findChildren(QLabel))
    with qtbot.waitSignal(app.shell.replies.copied) as copied:
        editor.copy_id_action.trigger()
    assert QGuiApplication.clipboard().text() == "ack-on-it"
    assert copied.args == ["Copied the id for scripts: ack-on-it"]
    # Renaming keeps the id the scripts know.
    editor.variant_tabs["en"].title.setText("On it")
    assert editor.save()
    assert app.shell.replies.library.find("ack-on-it").variants["en"].title == "On it"


def test_buttons_carry_icons_of_the_one_set(editor):
    for button in (editor.new_reply_button, editor.new_category_button, editor.delete_button, editor.copy_button,
                   editor.revert_button):
        assert not button.icon().isNull(), button.text()
