"""The reply hotkey over another window, on a fake platform backend and the real Qt clipboard:
the ticket read from the window's title, Enter pasting, Ctrl+Enter marking the ticket updated,
Alt+Enter only copying, the clipboard given back, and every failure said in words."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtTest import QTest

from companion.core.tickets import TicketInput
from companion.platform.paste import FakePasteBack, NoPasteBack, PasteError, Problem, TargetWindow
from companion.store.models import ClientUpdate
from companion.ui import paste_back

JIRA = TargetWindow(0x4A00007, "SUP-1234 · Не приходят письма — Jira", "firefox")
XTERM = TargetWindow(0x5200003, "agent@host: ~", "XTerm", terminal=True)


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(paste_back, "RESTORE_AFTER_MS", 0)
    monkeypatch.setattr(paste_back, "FOCUS_WAIT_MS", 50)
    backend = FakePasteBack(window=JIRA)
    backend.seen = []  # what the target read from the clipboard when the paste keys came
    backend.on_paste = lambda window: backend.seen.append(
        (QGuiApplication.clipboard().text(), QGuiApplication.clipboard().text(QClipboard.Mode.Selection)))
    return backend


@pytest.fixture
def hot(make_app, fake, qapp):
    QGuiApplication.clipboard().setText("what the agent had copied")
    app = make_app(paste_back=fake)
    app.settings.set("reply_language", "en")
    app.settings.set("agent_name", "Anna")

    def unexpected(parent, title, rendered, ticket_id):  # a modal "copy anyway?" would block the run
        raise AssertionError(f"unexpected question before copying {title}: {rendered.problems}")

    app.shell.replies.confirm = unexpected
    app.tickets.create(TicketInput("SUP-1234", client="ООО «Ромашка»", contact="Иван Петров",
                                   subject="Не приходят письма", cadence="1d"))
    app.tickets.create(TicketInput("SUP-99", client="Acme", cadence="1d"))
    return app


def press(app, fake):
    fake.press()
    palette = app.shell.palette
    assert palette.isVisible()
    return palette


def test_the_hotkey_from_the_settings_is_registered_and_follows_them(hot, fake):
    assert fake.hotkey.text() == "Ctrl+Alt+R" and hot.shell.paste_back.problem == ""
    hot.settings.set("palette_hotkey", "Meta+F2")
    hot.shell.settings_saved()
    assert fake.hotkey.text() == "Meta+F2"
    hot.settings.set("palette_hotkey", "off")
    hot.shell.settings_saved()
    assert fake.hotkey is None


def test_a_taken_hotkey_is_said_in_words(make_app, fake):
    fake.register_error = PasteError(Problem.HOTKEY_TAKEN, "Ctrl+Alt+R")
    app = make_app(paste_back=fake)
    assert "Another application already uses this key combination" in app.shell.paste_back.problem


def test_on_wayland_the_palette_only_copies_and_says_why(make_app):
    backend = NoPasteBack(PasteError(Problem.UNSUPPORTED, "Wayland"))
    app = make_app(paste_back=backend)
    assert "Wayland" in app.shell.paste_back.problem


def test_the_ticket_named_in_the_window_title_is_chosen_and_enter_pastes_it(hot, fake, qtbot):
    palette = press(hot, fake)
    assert palette.ticket_box.currentText().startswith("SUP-1234")
    assert "SUP-1234" in palette.target_note.text() and "Enter pastes" in palette.target_note.text()
    QTest.keyClicks(palette.search, "request received")
    with qtbot.waitSignal(hot.shell.paste_back.pasted):
        QTest.keyClick(palette.search, Qt.Key.Key_Return)
    assert not palette.isVisible()
    assert fake.focused == [JIRA] and fake.pastes == [JIRA]
    pasted = fake.seen[0][0]
    assert pasted.startswith("Good ") and "Иван" in pasted and "SUP-1234" in pasted
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "what the agent had copied")
    assert ClientUpdate.select().count() == 0  # Enter alone does not mark the ticket updated


def test_ctrl_enter_pastes_and_marks_the_ticket_updated(hot, fake, qtbot):
    palette = press(hot, fake)
    QTest.keyClicks(palette.search, "request received")
    with qtbot.waitSignal(hot.shell.paste_back.pasted):
        QTest.keyClick(palette.search, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert fake.pastes == [JIRA]
    assert [u.ticket.key for u in ClientUpdate.select()] == ["SUP-1234"]


def test_alt_enter_only_copies(hot, fake):
    palette = press(hot, fake)
    QTest.keyClicks(palette.search, "request received")
    QTest.keyClick(palette.search, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    assert not palette.isVisible() and fake.pastes == [] and fake.focused == []
    assert "SUP-1234" in QGuiApplication.clipboard().text()  # left for the agent to paste


def test_a_window_naming_no_ticket_leaves_the_choice_to_the_agent(hot, fake):
    fake.window = TargetWindow(7, "Telegram (3)", "telegram-desktop")
    palette = press(hot, fake)
    assert palette.ticket_box.currentIndex() == 0  # "No ticket"
    assert "No ticket of yours in the window “Telegram (3)”" in palette.target_note.text()


def test_a_terminal_gets_the_reply_in_the_selection_too(hot, fake, qtbot):
    if not QGuiApplication.clipboard().supportsSelection():
        pytest.skip("this platform plugin has no PRIMARY selection")
    fake.window = XTERM
    palette = press(hot, fake)
    QTest.keyClicks(palette.search, "request received")
    with qtbot.waitSignal(hot.shell.paste_back.pasted):
        QTest.keyClick(palette.search, Qt.Key.Key_Return)
    text, selection = fake.seen[0]
    assert text and selection == text


def test_a_window_that_will_not_take_the_focus_leaves_the_reply_on_the_clipboard(hot, fake, qtbot):
    palette = press(hot, fake)
    fake.window = TargetWindow(99, "another window")  # the focus stays elsewhere
    QTest.keyClicks(palette.search, "request received")
    with qtbot.waitSignal(hot.shell.paste_back.failed) as failure:
        QTest.keyClick(palette.search, Qt.Key.Key_Return)
    assert "did not take the focus back" in failure.args[0] and "press Ctrl+V" in failure.args[0]
    assert fake.pastes == [] and "SUP-1234" in QGuiApplication.clipboard().text()


def test_a_closed_window_or_refused_keys_are_said_and_nothing_is_lost(hot, fake, qtbot):
    fake.focus_error = PasteError(Problem.TARGET_GONE)
    palette = press(hot, fake)
    QTest.keyClicks(palette.search, "request received")
    with qtbot.waitSignal(hot.shell.paste_back.failed) as failure:
        QTest.keyClick(palette.search, Qt.Key.Key_Return)
    assert "The window was closed" in failure.args[0]
    fake.focus_error = None
    fake.paste_error = PasteError(Problem.INJECT_FAILED, "the target runs as administrator")
    palette = press(hot, fake)
    QTest.keyClicks(palette.search, "request received")
    with qtbot.waitSignal(hot.shell.paste_back.failed) as failure:
        QTest.keyClick(palette.search, Qt.Key.Key_Return)
    assert "administrator" in failure.args[0] and "SUP-1234" in QGuiApplication.clipboard().text()


def test_over_our_own_window_the_palette_opens_as_ctrl_k_does(hot, fake):
    fake.window = None
    palette = press(hot, fake)
    assert not palette.paste_mode and palette.target_note.isHidden()


def test_a_reply_from_the_tray_menu_is_pasted_where_the_setting_asks(hot, fake, qtbot):
    hotkey = hot.shell.paste_back
    reply = next(r for r in hot.shell.replies.replies() if r.slug == "ack-received")
    hotkey.remember_target()  # the setting is off: the tray only copies
    assert hotkey.pending is None
    hot.settings.set("tray_paste", True)
    hotkey.remember_target()  # the tray menu opens over the Jira tab
    assert hot.shell.replies.copy(reply.id, hot.tickets.get("SUP-1234").id, None, use_context=False)
    with qtbot.waitSignal(hotkey.pasted):
        hotkey.tray_copied()
    assert fake.pastes == [JIRA]


def settings_dialog(app):
    from companion.ui.settings_dialog import SettingsDialog

    return SettingsDialog(app.settings, replies=app.shell.replies.replies(),
                          paste_problem=app.shell.paste_back.problem)


def test_settings_show_the_hotkey_say_what_clashes_and_save_a_new_one(hot, fake, qtbot):
    from PySide6.QtGui import QKeySequence

    dialog = settings_dialog(hot)
    qtbot.addWidget(dialog)
    assert dialog.hotkey_text() == "Ctrl+Alt+R" and dialog.hotkey_note.isHidden()
    dialog.hotkey.setKeySequence(QKeySequence("Ctrl+K"))
    assert "Slack" in dialog.hotkey_note.text() and not dialog.hotkey_note.isHidden()
    dialog.hotkey.setKeySequence(QKeySequence("Ctrl+Alt+J"))
    dialog.paste_restore.setChecked(False)
    dialog.save()
    hot.shell.settings_saved()
    assert fake.hotkey.text() == "Ctrl+Alt+J" and hot.settings.get("paste_restore_clipboard") is False
    dialog = settings_dialog(hot)
    qtbot.addWidget(dialog)
    dialog.hotkey.clear()
    assert "No hotkey" in dialog.hotkey_note.text()


def test_settings_say_why_the_hotkey_does_not_work_here(make_app, qtbot):
    app = make_app(paste_back=NoPasteBack(PasteError(Problem.UNSUPPORTED, "Wayland")))
    dialog = settings_dialog(app)
    qtbot.addWidget(dialog)
    assert "Wayland" in dialog.hotkey_note.text()
