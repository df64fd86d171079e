"""The wellbeing journal on a real data file: break outcomes, breathing resets, overtime spans."""

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from companion.core.breaks import Record
from companion.core.journal import Journal
from companion.core.tickets import TicketInput
from companion.store.models import BreakLog, OvertimeSpan, ToughConversation

MSK = ZoneInfo("Europe/Moscow")
UTC = timezone.utc


def local(*args, tz=MSK):
    return datetime(*args, tzinfo=tz).astimezone(UTC)


@pytest.fixture
def zone():
    return {"tz": MSK}


@pytest.fixture
def journal(database, clock, zone):
    return Journal(clock, lambda: zone["tz"])


def rows():
    return [(r.kind, r.outcome, r.reason, r.started_at, r.ended_at, r.seconds)
            for r in BreakLog.select().order_by(BreakLog.id)]


def test_offered_breaks_are_logged_one_row_each(journal):
    start = local(2026, 11, 23, 10, 20)
    journal.record(Record("micro", "taken", start, start + timedelta(seconds=20), 20, due_at=start))
    journal.record(Record("micro", "skipped", start + timedelta(minutes=20), None, 0))
    journal.record(Record("long", "postponed", start + timedelta(minutes=70), None, 0))
    journal.record(Record("long", "done_early", start + timedelta(minutes=75),
                          start + timedelta(minutes=82), 420))
    assert [(k, o, s) for k, o, _r, _a, _b, s in rows()] == [
        ("micro", "taken", 20), ("micro", "skipped", 0), ("long", "postponed", 0), ("long", "done_early", 420)]
    assert BreakLog.get(BreakLog.outcome == "taken").due_at == start


def test_one_idle_stretch_is_one_natural_row_with_the_longer_kind(journal):
    start = local(2026, 11, 23, 12, 0)
    first = journal.record(Record("micro", "natural", start, start + timedelta(seconds=20), 20, reason="idle"))
    again = journal.record(Record("long", "natural", start, start + timedelta(minutes=10), 600, reason="idle"))
    # the engine reports the end of the stretch once more, and a shorter echo never shrinks it
    journal.record(Record("long", "natural", start, start + timedelta(minutes=14), 840, reason="idle"))
    journal.record(Record("micro", "natural", start, start + timedelta(seconds=30), 30, reason="idle"))
    assert first == again
    assert rows() == [("long", "natural", "idle", start, start + timedelta(minutes=14), 840)]


def test_one_row_per_rest_stretch_whatever_it_turns_out_to_be_and_offered_breaks_never_merge(journal):
    start = local(2026, 11, 23, 12, 0)
    journal.record(Record("micro", "natural", start, None, 20, reason="idle"))
    journal.record(Record("long", "natural", start, None, 900, reason="sleep"))
    journal.record(Record("micro", "natural", start + timedelta(minutes=1), None, 20, reason="idle"))
    journal.record(Record("micro", "taken", start, None, 20))
    journal.record(Record("micro", "taken", start, None, 20))
    # Idle from 12:00 that became sleep is one stretch: the longer kind, and "sleep" over "idle".
    assert [(k, o, r) for k, o, r, *_ in rows()] == [
        ("long", "natural", "sleep"), ("micro", "natural", "idle"),
        ("micro", "taken", ""), ("micro", "taken", "")]


@pytest.mark.parametrize("record,message", [
    (Record("micro", "vanished", local(2026, 11, 23, 12, 0), None, 20), "unknown break outcome 'vanished'"),
    (Record("micro", "taken", local(2026, 11, 23, 12, 0), None, -5), "cannot be negative"),
    (Record("micro", "taken", datetime(2026, 11, 23, 12, 0), None, 20), "started_at must be an aware datetime"),
    (Record("", "taken", local(2026, 11, 23, 12, 0), None, 20), "needs a kind"),
])
def test_a_bad_record_is_refused_by_name_and_nothing_is_written(journal, record, message):
    with pytest.raises(ValueError, match=message):
        journal.record(record)
    assert rows() == []


def test_tough_conversations_are_logged_with_their_ticket(journal, tickets, clock):
    ticket = tickets.create(TicketInput("SUP-1", client="Ирина", difficult=True))
    first = journal.tough(ticket.id, 60, completed=True, automatic=True)
    second = journal.tough(None, 25, completed=False, automatic=False, at=local(2026, 11, 23, 9, 30))
    gone = journal.tough(999, 60, completed=True, automatic=False)  # no such ticket: kept without one
    logged = {r.id: r for r in ToughConversation.select()}
    assert logged[first].ticket_id == ticket.id and logged[first].at == clock.now()
    assert (logged[first].seconds, logged[first].completed, logged[first].automatic) == (60, True, True)
    assert logged[second].ticket_id is None and logged[second].at == local(2026, 11, 23, 9, 30)
    assert (logged[second].completed, logged[second].automatic) == (False, False)
    assert logged[gone].ticket_id is None
    with pytest.raises(ValueError, match="seconds must be a whole number"):
        journal.tough(None, -1, completed=True, automatic=False)
    assert ToughConversation.select().count() == 3


def spans():
    return [(s.day, s.started_at, s.ended_at) for s in OvertimeSpan.select().order_by(OvertimeSpan.id)]


def test_overtime_stretches_close_together_make_one_span(journal):
    t = local(2026, 11, 23, 18, 0)
    journal.overtime(t, t + timedelta(minutes=10))
    journal.overtime(t + timedelta(minutes=13), t + timedelta(minutes=20))  # a 3-minute gap: same span
    journal.overtime(t + timedelta(minutes=15), t + timedelta(minutes=25))  # overlapping: same span
    journal.overtime(t + timedelta(minutes=29), t + timedelta(minutes=30))  # 4 minutes later: a new one
    assert spans() == [("2026-11-23", t, t + timedelta(minutes=25)),
                       ("2026-11-23", t + timedelta(minutes=29), t + timedelta(minutes=30))]
    assert journal.overtime_seconds(date(2026, 11, 23)) == 26 * 60
    assert journal.overtime_seconds(date(2026, 11, 24)) == 0


def test_overtime_is_filed_under_the_local_day_it_started(journal, zone):
    late = local(2026, 11, 23, 23, 50)  # 20:50 UTC
    journal.overtime(late, late + timedelta(minutes=30))  # runs past local midnight: still the 23rd
    after_midnight = local(2026, 11, 24, 0, 40)  # 21:40 UTC on the 23rd, but the 24th in Moscow
    journal.overtime(after_midnight, after_midnight + timedelta(minutes=5))
    assert [day for day, *_ in spans()] == ["2026-11-23", "2026-11-24"]
    assert journal.overtime_seconds(date(2026, 11, 23)) == 30 * 60
    assert journal.overtime_seconds(date(2026, 11, 24)) == 5 * 60
    zone["tz"] = ZoneInfo("America/New_York")  # the agent moved: the next span uses the new zone
    evening = local(2026, 11, 25, 21, 0, tz=zone["tz"])  # 02:00 UTC on the 26th
    journal.overtime(evening, evening + timedelta(minutes=10))
    assert spans()[-1][0] == "2026-11-25"


def test_overtime_input_is_checked(journal):
    t = local(2026, 11, 23, 19, 0)
    assert journal.overtime(t, t) is None
    with pytest.raises(ValueError, match="ends .* before it starts"):
        journal.overtime(t, t - timedelta(minutes=1))
    with pytest.raises(ValueError, match="aware datetime"):
        journal.overtime(datetime(2026, 11, 23, 19, 0), datetime(2026, 11, 23, 19, 5))
    assert spans() == []
