"""The reminder plan: which reminders are due now, which to group, when to wake up next.

Pure functions over DueInfo records and the set of instances already delivered, so the rules
(grouping, digest after a gap, once-only, snooze, pause, working hours) are tested on a fake
clock without any scheduler. The ReminderService below applies a plan to the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Iterable

from companion.core.cadence import promise_warning_at
from companion.core.clock import Clock, to_epoch
from companion.core.schedule import WorkSchedule
from companion.core.settings import Settings
from companion.core.tickets import DueInfo, TicketService
from companion.store.models import FiredReminder, db, tuples


class ReminderKind(StrEnum):
    """What a reminder is about. The value is part of a delivered instance's id (stored)."""

    UPDATE = "update"  # a client update falls due
    PROMISE_WARNING = "promise_warning"  # a promise is coming up
    PROMISE = "promise"  # a promised time has come


# Per ticket, the most pressing first: the promise beats its warning, which beats an update.
_PRESSING = {ReminderKind.PROMISE: 0, ReminderKind.PROMISE_WARNING: 1, ReminderKind.UPDATE: 2}


@dataclass(frozen=True)
class DueItem:
    ticket_id: int
    key: str
    client: str
    subject: str
    kind: ReminderKind
    due_at: datetime  # the commitment itself (statistics are measured against this)
    fire_at: datetime  # when the reminder goes off: due, after snooze, inside working hours
    anchor: datetime  # what the reminder is about: the due time, or the promise it warns of
    snoozed_until: datetime | None = None

    @property
    def instance(self) -> str:
        """Identifies one delivery: the commitment plus the snooze. A snooze makes a new
        instance; a changed warning lead time, schedule or rounding does not."""
        return f"{self.ticket_id}:{self.kind}:{to_epoch(self.anchor)}:{to_epoch(self.snoozed_until) or 0}"

    def late_by(self, now: datetime) -> timedelta:
        return max(timedelta(0), now - self.due_at)


@dataclass
class Plan:
    fire: list[DueItem] = field(default_factory=list)  # deliver now, as one notification
    next_wake: datetime | None = None  # when to look again
    digest: bool = False  # these were missed (app closed, machine asleep)


def _ceil_minute(when: datetime) -> datetime:
    """Reminders go off on whole minutes, so commitments due in the same minute come together."""
    floor = when.replace(second=0, microsecond=0)
    return floor if floor == when else floor + timedelta(minutes=1)


def items_for(info: DueInfo, schedule: WorkSchedule, warning_hours: float,
              lead: timedelta = timedelta(0)) -> list[DueItem]:
    """The reminders one ticket asks for. An update's reminder comes `lead` before it is due (so
    it can be made on time); a promise has its own early warning. `due_at` stays the exact
    commitment either way: the on-time record is measured against it."""
    out: list[DueItem] = []
    dues: list[tuple[ReminderKind, datetime, datetime]] = []
    if info.next_update_due is not None:
        dues.append((ReminderKind.UPDATE, info.next_update_due, info.next_update_due))
    if info.promised_at is not None:
        warn = promise_warning_at(info.promised_at, schedule, warning_hours)
        if warn < info.promised_at:
            dues.append((ReminderKind.PROMISE_WARNING, warn, info.promised_at))
        dues.append((ReminderKind.PROMISE, info.promised_at, info.promised_at))
    for kind, due, anchor in dues:
        fire = due - lead if kind == ReminderKind.UPDATE else due
        snoozed = info.snoozed_until if info.snoozed_until is not None and info.snoozed_until > fire else None
        if snoozed is not None:
            fire = snoozed
        fire = _ceil_minute(schedule.next_working_moment(fire))
        out.append(DueItem(info.id, info.key, info.client, info.subject, kind, due, fire, anchor, snoozed))
    return out


def plan(infos: Iterable[DueInfo], schedule: WorkSchedule, now: datetime, fired: set[str],
         warning_hours: float = 2.0, paused_until: datetime | None = None,
         catch_up: bool = False, grace: timedelta = timedelta(minutes=2),
         lead: timedelta = timedelta(0)) -> Plan:
    """What to deliver at `now` and when to wake next.

    `catch_up` is set on start and on wake from sleep: what became due while nobody was watching
    (fire time older than `grace`) is delivered as one digest. Per ticket only the most pressing
    pending instance is delivered (a missed warning is superseded by the missed promise itself).
    """
    result = Plan()
    # While paused nothing fires; what comes due meanwhile waits for the minute the pause ends.
    resume = _ceil_minute(paused_until) if paused_until is not None and paused_until > now else None
    pending: dict[int, list[DueItem]] = {}
    for info in infos:
        for item in items_for(info, schedule, warning_hours, lead):
            if item.instance in fired:
                continue
            if item.fire_at <= now and resume is None:
                pending.setdefault(item.ticket_id, []).append(item)
            else:
                wake = item.fire_at if resume is None else max(item.fire_at, resume)
                if result.next_wake is None or wake < result.next_wake:
                    result.next_wake = wake
    for items in pending.values():
        result.fire.extend(items)
    result.fire.sort(key=lambda i: (i.due_at, i.key))
    if catch_up and any(now - item.fire_at > grace for item in result.fire):
        result.digest = True
    return result


def most_pressing(items: list[DueItem]) -> list[DueItem]:
    """One row per ticket for display: the most pressing of its reminders."""
    best: dict[int, DueItem] = {}
    for item in items:
        current = best.get(item.ticket_id)
        if current is None or _PRESSING[item.kind] < _PRESSING[current.kind]:
            best[item.ticket_id] = item
    return sorted(best.values(), key=lambda i: (i.due_at, i.key))


class ReminderService:
    """Applies plans to the store: records deliveries so nothing is announced twice."""

    def __init__(self, clock: Clock, tickets: TicketService, settings: Settings):
        self.clock = clock
        self.tickets = tickets
        self.settings = settings

    def fired_instances(self) -> set[str]:
        return {instance for (instance,) in tuples(FiredReminder.select(FiredReminder.instance))}

    def plan(self, catch_up: bool = False) -> Plan:
        return plan(self.tickets.due_infos(), self.tickets.schedule, self.clock.now(),
                    self.fired_instances(), self.settings.get("promise_warning_hours"),
                    self.settings.paused_until(), catch_up=catch_up, lead=self.settings.update_lead())

    def prune(self, before: datetime) -> int:
        """Forget deliveries older than `before` that no current commitment can match again
        (superseded due times, finished tickets). Current ones are kept however old."""
        current = {item.instance for item in self._current_items()}
        stale = [row[0] for row in tuples(FiredReminder.select(FiredReminder.id, FiredReminder.instance)
                                          .where(FiredReminder.fired_at < before)) if row[1] not in current]
        with db.atomic():
            for start in range(0, len(stale), 500):
                FiredReminder.delete().where(FiredReminder.id.in_(stale[start:start + 500])).execute()  # type: ignore[misc, unused-ignore]  # some types-peewee builds type Model.delete as an attribute
        return len(stale)

    def mark_delivered(self, items: Iterable[DueItem]) -> None:
        now = self.clock.now()
        rows = [{"instance": i.instance, "ticket": i.ticket_id, "fired_at": now} for i in items]
        if rows:
            with db.atomic():
                FiredReminder.insert_many(rows).on_conflict_ignore().execute()

    def pending_now(self) -> list[DueItem]:
        """What the agent has been reminded of and has not dealt with (the reminder popup, the
        tray badge and its menu count exactly these): one row per ticket whose reminder time
        has come and is not snoozed, delivered or not."""
        now = self.clock.now()
        return most_pressing([item for item in self._current_items() if item.fire_at <= now])

    def _current_items(self) -> Iterable[DueItem]:
        hours = self.settings.get("promise_warning_hours")
        lead = self.settings.update_lead()
        for info in self.tickets.due_infos():
            yield from items_for(info, self.tickets.schedule, hours, lead)
