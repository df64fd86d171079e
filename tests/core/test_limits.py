"""Values have ranges (issue 10, point 3): what would break a later read is refused at the door,
with one line naming the field, through the ticket input, the JSON import and the settings."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from companion.core import limits
from companion.core.settings import SettingError, Settings
from companion.core.tickets import TicketInput, ValidationError
from companion.core.transfer import TransferError, export_data, import_data
from companion.store.models import Ticket

UTC = timezone.utc


def export_with(**fields) -> dict:
    ticket = {"key": "IMP-1", "status": "open", "cadence": "1d", **fields}
    return {"format": "support-companion", "version": 1, "tickets": [ticket]}


@pytest.mark.parametrize("fields, field", [
    ({"next_update_due": "9999-12-31T23:59:59-14:00"}, "next_update_due"),
    ({"created_at": "0001-01-01T00:00:00+00:00"}, "created_at"),
    ({"pause_remaining": 10 ** 30}, "pause_remaining"),
    ({"pause_remaining": True}, "pause_remaining"),
    ({"difficult": "no"}, "difficult"),
    ({"difficult": 1}, "difficult"),
    ({"url": "https://example.com/" + "a" * 120_000}, "url"),
    ({"notes": "x" * 120_000}, "notes"),
    ({"key": "SUP\x00-1"}, "key"),
    ({"key": "\u200b\u200e\u2067"}, "key"),
    ({"updates": [{"at": "2026-11-20T10:00:00+00:00", "on_time": 1}]}, "on_time"),
    ({"updates": [{"at": "2026-11-20T10:00:00+00:00", "note": "n" * 120_000}]}, "note"),
])
def test_an_import_that_would_break_later_reads_is_refused_whole(tickets, clock, fields, field):
    with pytest.raises(TransferError) as caught:
        import_data(export_with(**fields), clock)
    message = str(caught.value)
    assert field in message and "\n" not in message
    assert Ticket.select().count() == 0
    export_data()  # the store still reads and exports


def test_a_sane_import_still_goes_in(tickets, clock):
    import_data(export_with(difficult=False, pause_remaining=3600,
                            next_update_due="2026-11-24T10:00:00+03:00"), clock)
    assert Ticket.get().key == "IMP-1"


@pytest.mark.parametrize("kwargs, field", [
    ({"key": "\u200b\u200b"}, "key"),
    ({"key": "A\x07B"}, "key"),
    ({"client": "Иван\x00"}, "client"),
    ({"next_update_at": datetime(9999, 12, 31, tzinfo=UTC)}, "next_update_at"),
    ({"promised_at": datetime(1, 1, 2, tzinfo=UTC)}, "promised_at"),
    ({"difficult": "no"}, "difficult"),
])
def test_the_ticket_dialog_and_cli_input_is_bounded(tickets, kwargs, field):
    data = {"key": "SUP-1", **kwargs}
    with pytest.raises(ValidationError) as caught:
        tickets.create(TicketInput(**data))
    assert caught.value.field == field


def test_notes_keep_their_line_breaks(tickets):
    ticket = tickets.create(TicketInput("SUP-2", notes="first line\n\tsecond line"))
    assert ticket.notes == "first line\n\tsecond line"


def test_a_snooze_beyond_the_bounds_is_refused(tickets, clock):
    ticket = tickets.create(TicketInput("SUP-3"))
    with pytest.raises(ValidationError, match="1970–2200"):
        tickets.snooze(ticket.id, clock.now() + timedelta(weeks=9999))


@pytest.mark.parametrize("key, value", [
    ("reminders_paused_until", "99999999999999999999"),
    ("reminders_paused_until", -1),
    ("reminders_paused_until", True),
    ("agent_name", "А" * 120_000),
    ("agent_name", "Anna\x00"),
])
def test_settings_out_of_range_are_refused(settings, key, value):
    with pytest.raises(SettingError):
        settings.set(key, value)
    Settings().all()  # and everything still reads


def test_the_bounds_themselves():
    assert limits.instant(limits.LATEST, "x") == limits.LATEST
    with pytest.raises(limits.LimitError):
        limits.instant(limits.LATEST + timedelta(seconds=1), "x")
    assert limits.seconds(0, "x") == 0 and limits.seconds(None, "x") is None
