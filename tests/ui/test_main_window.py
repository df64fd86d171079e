from datetime import timedelta

from PySide6.QtGui import QKeySequence

from companion.core.tickets import TicketInput
from companion.store.models import ClientUpdate, Ticket


def rows(window):
    model = window.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def select(window, key):
    window.select_ticket(window.service.get(key).id)


def test_typing_in_the_filter_narrows_the_list(make_app, qtbot):
    app = make_app()
    for key, client in (("SUP-1", "Иван"), ("SUP-2", "Olga"), ("GH-3", "Ivan & Co")):
        app.tickets.create(TicketInput(key, client=client))
    app.shell.show_main()
    window = app.shell.main
    qtbot.keyClicks(window.filter, "iva")
    assert rows(window) == ["GH-3"]
    window.filter.clear()
    window.filter.insert("ИВ")  # QTest cannot synthesise Cyrillic key presses
    assert rows(window) == ["SUP-1"]


def test_mark_updated_from_the_keyboard_logs_and_shows_in_the_detail_pane(make_app, qtbot, monkeypatch):
    app = make_app()
    app.tickets.create(TicketInput("SUP-1", client="Olga", cadence="1h"))
    app.shell.show_main()
    window = app.shell.main
    select(window, "SUP-1")
    monkeypatch.setattr("companion.ui.ticket_actions.MarkUpdatedDialog.exec", lambda self: (
        self.note.setPlainText("sent the workaround"), 1)[1])
    assert window.act_updated.shortcut() == QKeySequence("Ctrl+U")
    window.act_updated.trigger()
    update = ClientUpdate.get()
    assert update.note == "sent the workaround" and update.on_time is True
    assert "sent the workaround" in window.detail.toPlainText()
    assert "client update logged" in window.statusBar().currentMessage()


def test_waiting_resolve_archive_move_tickets_between_views(make_app, qtbot):
    app = make_app()
    app.tickets.create(TicketInput("SUP-1", cadence="1d"))
    app.tickets.create(TicketInput("SUP-2", cadence="1d"))
    app.shell.show_main()
    window = app.shell.main
    select(window, "SUP-1")
    window.act_waiting.trigger()
    assert Ticket.get(Ticket.key == "SUP-1").status == "waiting_client"
    window.set_view("waiting")
    assert rows(window) == ["SUP-1"]
    window.set_view("all")
    select(window, "SUP-2")
    window.act_archive.trigger()
    assert rows(window) == ["SUP-1"]
    window.set_view("archived")
    assert rows(window) == ["SUP-2"]
    select(window, "SUP-2")
    window.act_restore.trigger()
    assert rows(window) == []


def test_actions_without_a_selection_say_so(make_app):
    app = make_app()
    app.shell.show_main()
    app.shell.main.act_resolve.trigger()
    assert "Select a ticket first" in app.shell.main.statusBar().currentMessage()


def test_opening_a_ticket_without_a_link_explains(make_app, monkeypatch):
    app = make_app()
    app.tickets.create(TicketInput("SUP-1"))
    shown = []
    monkeypatch.setattr("companion.ui.ticket_actions.QMessageBox.warning",
                        lambda parent, title, text: shown.append(text))
    app.shell.show_main()
    select(app.shell.main, "SUP-1")
    app.shell.main.act_open.trigger()
    assert shown == ["SUP-1 has no link. Edit the ticket to add one."]


def test_overdue_count_reaches_the_badge_state(make_app, clock):
    app = make_app()
    app.tickets.create(TicketInput("SUP-1", cadence="1h"))
    clock.advance(timedelta(hours=2))
    app.shell.refresh()
    assert app.tickets.overdue_count() == 1
