from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from companion.core.reminders import ReminderKind, ReminderService, plan
from companion.core.tickets import DueInfo, TicketInput

MSK = ZoneInfo("Europe/Moscow")
UTC = timezone.utc


def local(*args):
    return datetime(*args, tzinfo=MSK).astimezone(UTC)


def info(i, due=None, promised=None, snoozed=None):
    return DueInfo(i, f"T-{i}", "client", "subject", due, promised, snoozed)


def test_nothing_fires_before_due_and_wakes_at_due(schedule):
    p = plan([info(1, due=local(2026, 11, 23, 14, 0))], schedule, local(2026, 11, 23, 10, 0), set())
    assert p.fire == [] and p.next_wake == local(2026, 11, 23, 14, 0)


def test_several_due_in_the_same_minute_fire_together(schedule):
    infos = [info(1, due=local(2026, 11, 23, 14, 0, 10)), info(2, due=local(2026, 11, 23, 14, 0, 50))]
    p = plan(infos, schedule, local(2026, 11, 23, 13, 0), set())
    assert p.next_wake == local(2026, 11, 23, 14, 1)
    p = plan(infos, schedule, p.next_wake, set())
    assert [i.key for i in p.fire] == ["T-1", "T-2"] and not p.digest


def test_once_only_after_delivery(schedule):
    infos = [info(1, due=local(2026, 11, 23, 14, 0))]
    now = local(2026, 11, 23, 14, 0)
    first = plan(infos, schedule, now, set())
    fired = {i.instance for i in first.fire}
    assert plan(infos, schedule, now + timedelta(hours=1), fired).fire == []


def test_a_delivered_instance_keeps_the_spelling_stored_by_earlier_releases(schedule):
    due = local(2026, 11, 23, 14, 0)
    (item,) = plan([info(7, due=due)], schedule, due, set()).fire
    assert item.kind is ReminderKind.UPDATE and item.kind == "update"
    assert item.instance == f"7:update:{int(due.timestamp())}:0"


def test_snooze_refires_once_after_the_snooze(schedule):
    due = local(2026, 11, 23, 14, 0)
    fired = {i.instance for i in plan([info(1, due=due)], schedule, due, set()).fire}
    snoozed = [info(1, due=due, snoozed=local(2026, 11, 23, 15, 0))]
    p = plan(snoozed, schedule, local(2026, 11, 23, 14, 30), fired)
    assert p.fire == [] and p.next_wake == local(2026, 11, 23, 15, 0)
    again = plan(snoozed, schedule, local(2026, 11, 23, 15, 0), fired)
    assert len(again.fire) == 1 and again.fire[0].due_at == due  # the due time did not move


def test_reminders_wait_for_working_hours(schedule):
    p = plan([info(1, promised=local(2026, 11, 23, 21, 0))], schedule, local(2026, 11, 23, 19, 0), set(),
             warning_hours=2)
    # The warning was due at 16:00 (already past, so it fires now); the promise itself waits for 09:00.
    assert [i.kind for i in p.fire] == ["promise_warning"]
    assert p.next_wake == local(2026, 11, 24, 9, 0)


def test_catch_up_after_a_gap_is_one_digest(schedule):
    infos = [info(n, due=local(2026, 11, 23, 11, n)) for n in range(1, 6)]
    p = plan(infos, schedule, local(2026, 11, 23, 16, 0), set(), catch_up=True)
    assert len(p.fire) == 5 and p.digest


def test_pause_holds_everything_until_it_ends(schedule):
    infos = [info(1, due=local(2026, 11, 23, 11, 0))]
    p = plan(infos, schedule, local(2026, 11, 23, 11, 30), set(), paused_until=local(2026, 11, 23, 12, 0))
    assert p.fire == [] and p.next_wake == local(2026, 11, 23, 12, 0)


def test_service_records_deliveries_in_the_store(tickets, settings, clock):
    tickets.create(TicketInput("SUP-1", cadence="1h"))
    service = ReminderService(clock, tickets, settings)
    clock.advance(hours=1)
    p = service.plan()
    assert [i.key for i in p.fire] == ["SUP-1"]
    service.mark_delivered(p.fire)
    service.mark_delivered(p.fire)  # idempotent
    assert service.plan().fire == []
    assert [i.key for i in service.pending_now()] == ["SUP-1"]


def test_daily_reminder_over_the_autumn_dst_change_keeps_local_time(tickets, clock):
    from companion.core.schedule import WorkSchedule

    berlin = WorkSchedule.parse("mon-fri 09:00-18:00", "Europe/Berlin")
    tickets.schedule = berlin
    clock.set(datetime(2026, 10, 23, 15, 0, tzinfo=ZoneInfo("Europe/Berlin")))  # Friday, CEST
    ticket = tickets.create(TicketInput("SUP-1", cadence="1d"))
    infos = tickets.due_infos()
    p = plan(infos, berlin, clock.now(), set())
    assert p.next_wake == datetime(2026, 10, 26, 15, 0, tzinfo=ZoneInfo("Europe/Berlin"))  # Monday, CET
    assert p.next_wake - clock.now() == timedelta(days=3, hours=1)
    assert ticket.next_update_due == p.next_wake


def test_new_york_spring_forward_weekend(schedule):
    from companion.core.schedule import WorkSchedule

    ny = WorkSchedule.parse("mon-fri 09:00-17:00", "America/New_York")
    due = datetime(2026, 3, 9, 9, 0, tzinfo=ZoneInfo("America/New_York"))  # Monday after the change
    friday = datetime(2026, 3, 6, 16, 0, tzinfo=ZoneInfo("America/New_York"))
    p = plan([info(1, due=due)], ny, friday, set())
    assert p.next_wake == due and p.next_wake - friday == timedelta(days=2, hours=16)
    fired = plan([info(1, due=due)], ny, due, set()).fire
    assert [i.key for i in fired] == ["T-1"]


def test_changing_the_warning_lead_time_does_not_announce_again(schedule):
    promised = local(2026, 11, 23, 16, 0)
    first = plan([info(1, promised=promised)], schedule, local(2026, 11, 23, 14, 0), set(), warning_hours=2)
    fired = {i.instance for i in first.fire}
    assert [i.kind for i in first.fire] == ["promise_warning"]
    later = plan([info(1, promised=promised)], schedule, local(2026, 11, 23, 14, 31), fired, warning_hours=3)
    assert later.fire == []


def test_pruning_keeps_deliveries_that_still_match(tickets, settings, clock):
    from companion.store.models import FiredReminder

    tickets.create(TicketInput("SUP-1", cadence="1h"))
    tickets.create(TicketInput("SUP-2", cadence="1h"))
    service = ReminderService(clock, tickets, settings)
    clock.advance(hours=1)
    service.mark_delivered(service.plan().fire)
    tickets.mark_updated("SUP-2")  # its delivered reminder is superseded
    clock.advance(days=100)
    assert service.prune(clock.now() - timedelta(days=90)) == 1
    assert FiredReminder.select().count() == 1
    assert [i.key for i in service.plan(catch_up=True).fire] == ["SUP-2"]  # SUP-1 is not announced again


# -- the lead time: reminded before an update is due, measured against the due time ------------------
LEAD = timedelta(minutes=15)


def test_an_update_reminder_comes_the_lead_time_before_it_is_due(schedule):
    due = local(2026, 11, 23, 14, 0)
    p = plan([info(1, due=due)], schedule, local(2026, 11, 23, 10, 0), set(), lead=LEAD)
    assert p.next_wake == local(2026, 11, 23, 13, 45)
    now = p.next_wake
    (item,) = plan([info(1, due=due)], schedule, now, set(), lead=LEAD).fire
    assert item.due_at == due and item.fire_at == now and item.late_by(now) == timedelta(0)


def test_the_lead_never_moves_a_reminder_out_of_working_hours(schedule):
    due = local(2026, 11, 24, 9, 5)  # five minutes into the shift: reminded at its start, not 08:50
    p = plan([info(1, due=due)], schedule, local(2026, 11, 23, 17, 0), set(), lead=LEAD)
    assert p.next_wake == local(2026, 11, 24, 9, 0)


def test_a_lead_does_not_apply_to_promises_which_have_their_own_warning(schedule):
    promised = local(2026, 11, 23, 16, 0)
    p = plan([info(1, promised=promised)], schedule, local(2026, 11, 23, 13, 0), set(), warning_hours=2, lead=LEAD)
    assert p.fire == [] and p.next_wake == local(2026, 11, 23, 14, 0)  # two working hours, not 15 min


def test_a_snooze_taken_at_the_early_reminder_brings_it_back_once(schedule):
    due = local(2026, 11, 23, 14, 0)
    first = plan([info(1, due=due)], schedule, local(2026, 11, 23, 13, 45), set(), lead=LEAD)
    fired = {i.instance for i in first.fire}
    snoozed = [info(1, due=due, snoozed=local(2026, 11, 23, 13, 55))]
    assert plan(snoozed, schedule, local(2026, 11, 23, 13, 50), fired, lead=LEAD).fire == []
    again = plan(snoozed, schedule, local(2026, 11, 23, 13, 55), fired, lead=LEAD)
    assert len(again.fire) == 1 and again.fire[0].due_at == due


def test_changing_the_lead_does_not_announce_the_same_update_again(schedule):
    due = local(2026, 11, 23, 14, 0)
    fired = {i.instance for i in plan([info(1, due=due)], schedule, local(2026, 11, 23, 13, 45), set(),
                                        lead=LEAD).fire}
    assert plan([info(1, due=due)], schedule, local(2026, 11, 23, 14, 0), fired, lead=timedelta(0)).fire == []


def test_an_update_made_after_the_early_reminder_is_on_time(tickets, settings, clock):
    """The lead is for the agent; the on-time record is measured against the due time itself."""
    ticket = tickets.create(TicketInput("SUP-1", cadence="1h"))  # due 11:00 Moscow
    service = ReminderService(clock, tickets, settings)
    clock.set(local(2026, 11, 23, 10, 45))
    assert [i.key for i in service.plan().fire] == ["SUP-1"]
    clock.set(local(2026, 11, 23, 10, 58))
    assert tickets.mark_updated(ticket.id).on_time is True
