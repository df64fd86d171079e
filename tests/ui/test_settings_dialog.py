from companion.core.tickets import TicketInput
from companion.ui.settings_dialog import SettingsDialog


def test_schedule_edit_is_validated_and_saved(qtbot, settings):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.day_checks[5].setChecked(True)
    dialog.day_ranges[5].setText("10:00-14:00")
    dialog.day_ranges[0].setText("09:00-13:00,14:00-18:00")
    dialog.agent.setText("Анна")
    dialog.save()
    assert settings.get("schedule") == "mon 09:00-13:00,14:00-18:00; tue-fri 09:00-18:00; sat 10:00-14:00"
    assert settings.get("agent_name") == "Анна"


def test_bad_values_are_named_and_nothing_is_saved(qtbot, settings):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.agent.setText("Анна")
    dialog.day_ranges[1].setText("25:00-18:00")
    dialog.save()
    assert "not a time of day" in dialog.error.text().lower()
    dialog.day_ranges[1].setText("09:00-18:00")
    dialog.timezone.setCurrentText("Mars/Olympus")
    dialog.save()
    assert "unknown time zone" in dialog.error.text().lower()
    assert settings.get("agent_name") == ""  # all or nothing


def test_changing_the_schedule_moves_due_times(make_app):
    app = make_app()
    ticket = app.tickets.create(TicketInput("SUP-1", cadence="9h"))  # Mon 10:00 Moscow
    assert ticket.next_update_due.astimezone(app.tickets.schedule.tz).strftime("%a %H:%M") == "Tue 10:00"
    app.settings.set("schedule", "mon-fri 08:00-20:00")
    app.apply_settings()
    due = app.tickets.get("SUP-1").next_update_due.astimezone(app.tickets.schedule.tz)
    assert due.strftime("%a %H:%M") == "Mon 19:00"
