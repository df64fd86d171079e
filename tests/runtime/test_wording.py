"""The wording of reminder notices: every notice about a commitment names the promised time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

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


def handoff(**fields):
    from companion.store.models import Handoff

    values = dict(token="t-1", offer_id=7, direction="in", ticket_key="SUP-7", summary="Ромашка · VPN падает",
                  colleague="anna", colleague_name="Анна Петрова", note="", state="offered")
    return Handoff(**{**values, **fields})


def test_an_offer_notice_names_the_colleague_and_the_ticket_with_what_it_is_and_the_note(qapp):
    from companion.runtime.wording import offer_arrived

    notice = offer_arrived(handoff(note="клиент <важный> & срочный"))
    assert notice.title == "Анна Петрова offers you ticket SUP-7"
    # Plain text: the freedesktop backend escapes the body for its markup (tests/e2e checks dunst).
    assert notice.body.splitlines()[:2] == ["Ромашка · VPN падает", "Note: клиент <важный> & срочный"]
    assert "Note" not in offer_arrived(handoff()).body
    assert offer_arrived(handoff(colleague_name="")).title.startswith("anna offers")


def test_an_answer_notice_says_who_accepted_or_declined_and_why(qapp):
    from companion.runtime.wording import offer_answered

    out = dict(direction="out", colleague="boris", colleague_name="Борис")
    assert offer_answered(handoff(state="accepted", **out)).title == "Борис accepted SUP-7"
    declined = offer_answered(handoff(state="declined", reason="ухожу в отпуск", **out))
    assert declined.title == "Борис declined SUP-7: ухожу в отпуск"
    assert "stays in your list" in declined.body
    assert offer_answered(handoff(state="declined", **out)).title == "Борис declined SUP-7"
    assert offer_answered(handoff(state="withdrawn", **out)) is None  # I took it back myself


def test_a_refused_hand_off_says_which_ticket_and_the_servers_reason(qapp):
    from companion.runtime.wording import handoff_failed

    notice = handoff_failed(handoff(state="withdrawn", error="offer 7 was withdrawn by the sender"))
    assert "refused" in notice.title and "SUP-7" in notice.title
    assert notice.body == "offer 7 was withdrawn by the sender"


def test_the_offer_notice_in_russian(qapp):
    from companion import i18n
    from companion.runtime.wording import offer_answered, offer_arrived

    i18n.install(qapp, "ru")
    try:
        title = offer_arrived(handoff()).title
        answered = offer_answered(handoff(direction="out", state="accepted", colleague_name="Борис")).title
    finally:
        i18n.uninstall(qapp)
    if title.endswith("offers you ticket SUP-7"):
        pytest.skip("the Russian texts for team notices are not translated yet")
    assert title == "Анна Петрова предлагает вам тикет SUP-7"
    assert answered == "Тикет SUP-7 принят: Борис"  # no verb ending to guess the colleague's gender from
