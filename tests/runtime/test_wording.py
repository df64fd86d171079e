"""The wording of reminder notices: every notice about a commitment names the promised time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from companion.core.reminders import items_for
from companion.core.schedule import WorkSchedule
from companion.core.tickets import DueInfo
from companion.runtime.wording import compose

MSK = ZoneInfo("Europe/Moscow")
SCHEDULE = WorkSchedule.parse("mon-fri 09:00-18:00", MSK)


def at(h, m=0, day=2):
    return datetime(2026, 12, day, h, m, tzinfo=MSK).astimezone(timezone.utc)


def items(**due):
    info = DueInfo(1, "SUP-7", "Ромашка", "VPN", due.get("update"), due.get("promised"), None)
    return items_for(info, SCHEDULE, 2.0, timedelta(minutes=15))


def test_the_promise_warning_names_the_promised_time_not_its_own(qapp):
    (warning, promise) = items(promised=at(15, 9))
    assert warning.kind == "promise_warning" and warning.fire_at == at(13, 9)
    notice = compose([warning], at(13, 9), MSK)
    assert "promised for today 15:09, in 2 h" in notice.body
    assert "13:09" not in notice.body


def test_the_promise_itself_says_when_it_was_due_and_how_long_ago(qapp):
    (_warning, promise) = items(promised=at(15, 9))
    assert "promised for today 15:09: due now" in compose([promise], at(15, 9), MSK).body
    assert "promised for today 15:09, 20 min ago" in compose([promise], at(15, 29), MSK).body


def test_an_early_update_reminder_says_when_it_is_due(qapp):
    (update,) = items(update=at(16, 45))
    assert update.fire_at == at(16, 30)
    assert "update due today 16:45, in 15 min" in compose([update], at(16, 30), MSK).body
    assert "update 5 min late" in compose([update], at(16, 50), MSK).body
