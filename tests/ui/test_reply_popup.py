"""Replies from the reminder popup, and copies handed over by the CLI (`companion reply copy`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from companion.core.tickets import TicketInput
from companion.store.models import ClientUpdate, ReplyTemplate
from tests.ui.replies import clipboard, uses

CLIENT = "Olga <olga@example.com> & Friends"  # a person (a company, "& Co", is greeted "Hello!")


@pytest.fixture
def informed(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information",
                        staticmethod(lambda parent, title, text, *a, **k: shown.append(text)))
    return shown


@pytest.fixture
def popup_row(app, clock):
    """The popup open with one ticket two hours late (Monday 12:00 in Moscow)."""
    app.tickets.create(TicketInput("SUP-1", client=CLIENT, subject="VPN", cadence="1h"))
    clock.advance(hours=2)
    app.runtime.on_local_change()
    app.shell.show_popup()
    [row] = app.shell.popup.rows
    assert row.copy_reply.text() == "Copy update reply"
    return row


def test_copy_update_reply_copies_the_default_update_reply_for_that_ticket(app, popup_row, qtbot):
    with qtbot.waitSignal(app.shell.replies.copied):
        popup_row.copy_reply.click()
    text, rich = clipboard()
    # Due now: the next update is the one after this, an hour from now.
    assert text == (f"Good afternoon, {CLIENT}! A quick update: we don't have a definite answer yet, but we're "
                    "still working on your request. I'll send you the next update today by 1 pm, even if there's "
                    "no news by then.")
    assert rich.startswith("<p>Good afternoon, Olga &lt;olga@example.com&gt; &amp; Friends!")
    assert uses("status-no-news") == 1 and app.shell.last_toast == "Copied: No news yet, still working"
    assert ClientUpdate.select().count() == 0  # copying is not updating; "Updated" is its own button
    assert app.shell.popup.isVisible()


def test_the_update_reply_setting_chooses_the_reply(app, popup_row):
    app.settings.set("update_reply", "status-still-on-it")
    popup_row.copy_reply.click()
    assert clipboard()[0].startswith("Just a quick note to say we're still working on this.")
    assert app.shell.last_toast == "Copied: Still on it (short)"


def test_a_deleted_update_reply_is_explained_instead_of_copied(app, popup_row, informed):
    app.shell.replies.library.delete(app.shell.replies.library.find("status-no-news").id)
    app.shell.replies.invalidate()
    popup_row.copy_reply.click()
    assert informed == ["No update reply is chosen (or it was deleted). Pick one in Settings → Replies."]
    assert clipboard() == ("", "") and app.shell.last_toast == ""


def test_the_update_reply_is_found_by_its_exact_id_only(app, popup_row, informed):
    # "wait-reminder" is gone; "wait-reminder-2" merely starts the same and must not stand in.
    app.settings.set("update_reply", "wait-reminder")
    app.shell.replies.library.delete(app.shell.replies.library.find("wait-reminder").id)
    app.shell.replies.invalidate()
    popup_row.copy_reply.click()
    assert len(informed) == 1 and clipboard() == ("", "") and uses("wait-reminder-2") == 0


def test_a_copy_handed_over_by_the_cli_lands_on_the_clipboard(app):
    message = {"text": "Hello, Olga & Co!", "html": "<p>Hello, Olga &amp; Co!</p>", "name": "Привет"}
    app.handle_message(b"copy " + json.dumps(message).encode())
    assert clipboard() == ("Hello, Olga & Co!", "<p>Hello, Olga &amp; Co!</p>")
    assert app.shell.last_toast == "Copied: Привет" and app.shell.toast.isVisible()


def test_a_malformed_copy_request_changes_nothing(app):
    QGuiApplication.clipboard().setText("kept")
    for message in (b"copy {not json", b"copy " + json.dumps({"html": "x"}).encode(), b"copy \xff\xfe", b"copy null",
                    b"copy []"):
        app.handle_message(message)
    assert clipboard() == ("kept", "") and app.shell.last_toast == ""


def test_cli_copy_is_handed_to_the_running_app_with_the_html_flavour(app, data_dir, qtbot, monkeypatch, capsys):
    from companion.platform.single_instance import SingleInstance, server_name

    instance = SingleInstance(server_name(data_dir))
    assert instance.listen()
    instance.message.connect(app.handle_message)
    monkeypatch.setattr("companion.platform.clipboard.copy_detached",
                        lambda text: pytest.fail("the running app should have taken the copy"))
    app.tickets.create(TicketInput("SUP-1", client=CLIENT, cadence="1d"))
    try:
        # The CLI runs as its own process, as it does for a user; the app's event loop runs
        # meanwhile (waitUntil), reads the message and acknowledges it.
        proc = subprocess.Popen([sys.executable, "-m", "companion", "--data-dir", str(data_dir), "reply", "copy",
                                 "dev-check", "--ticket", "SUP-1", "--lang", "ru"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20000)
        out, err = proc.communicate()
        assert proc.returncode == 0, err
        assert out == "copied dev-check (Уточню у разработчиков) via the running app\n"
        qtbot.waitUntil(lambda: clipboard()[0].startswith("Чтобы дать Вам точный ответ"))
    finally:
        instance.close()
    text, rich = clipboard()
    # The CLI fills the reply on the real clock (the app here runs on a fake one).
    assert "Вернусь к Вам с новостями " in text and "{" not in text and rich.startswith("<p>Чтобы дать Вам")
    assert app.shell.last_toast == "Copied: Уточню у разработчиков"
    assert uses("dev-check") == 1


def test_a_ticket_change_by_another_process_does_not_reload_the_replies(app, qtbot):
    app.shell.replies.refresh_if_changed()
    reloads = []
    app.shell.replies.library_changed.connect(lambda: reloads.append(1))
    app.tickets.create(TicketInput("SUP-9", client="Olga", cadence="1d"))
    app.runtime.on_external_change()
    assert reloads == []
    ReplyTemplate.update(use_count=ReplyTemplate.use_count + 1).where(ReplyTemplate.slug == "dev-check").execute()
    app.runtime.on_external_change()  # e.g. `companion reply copy` counted a use
    assert reloads == [1]


# -- the rows themselves (issue 13) -----------------------------------------------------------------
def test_a_row_shows_the_promise_beside_the_due_update(app, clock):
    from datetime import timedelta

    from companion.ui import theme

    app.tickets.create(TicketInput("SUP-2", client="Olga", cadence="1h",
                                   promised_at=clock.now() + timedelta(days=3)))
    app.tickets.create(TicketInput("SUP-3", client="Ivan", cadence="1h", promised_at=clock.now() + timedelta(hours=1)))
    clock.advance(hours=2)  # both updates late; SUP-3's promise too
    app.runtime.on_local_change()
    app.shell.show_popup()
    rows = {row.item.key: row for row in app.shell.popup.rows}
    assert rows["SUP-2"].other.text() == "promised Thu 26.11 10:00" and not rows["SUP-2"].other.isHidden()
    assert theme.muted().name() in rows["SUP-2"].other.styleSheet()  # days away: not alarming
    # SUP-3's promise is the row's subject now, and its late update is named beside it.
    assert rows["SUP-3"].item.kind == "promise"
    assert rows["SUP-3"].other.text() == "next update today 11:00"
    assert theme.late().name() in rows["SUP-3"].other.styleSheet()
    assert theme.late().name() in rows["SUP-3"].status.styleSheet()


def test_row_buttons_stand_apart_with_icons(app, popup_row):
    layout = popup_row.updated.parentWidget().layout().itemAt(popup_row.layout().count() - 1).layout()
    assert layout.spacing() >= 6
    for button in (popup_row.updated, popup_row.snooze, popup_row.open):
        assert not button.icon().isNull()
    right = popup_row.updated.geometry().right()
    assert popup_row.snooze.geometry().left() - right >= 6
    assert "menu-indicator" in popup_row.snooze.styleSheet()


def test_updated_in_the_popup_can_be_undone_from_the_toast(app, popup_row, clock):
    before = app.tickets.detail(popup_row.item.ticket_id)
    popup_row.updated.click()
    assert ClientUpdate.select().count() == 1
    assert app.runtime.pending_now() == []
    toast = app.shell.actions.undo_toast
    assert toast.isVisible()
    toast.button.click()
    assert ClientUpdate.select().count() == 0
    assert app.tickets.detail(before.id) == before
    assert [item.key for item in app.runtime.pending_now()] == ["SUP-1"]  # due again
    app.shell.popup.set_items(app.runtime.pending_now(), clock.now(), app.tickets.schedule.tz)
    assert [row.item.key for row in app.shell.popup.rows] == ["SUP-1"]
