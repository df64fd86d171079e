"""The running app without widgets: opens the data file, owns the settings and the schedule, runs
the reminder and break loops on the one scheduler, ticks every minute, notices changes made by
other processes, and says what the tray should show. The ui shell sends it commands (pause, take a
break, settings saved) and listens to its signals; nothing here imports companion.ui."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from companion.core.clock import Clock, SystemClock
from companion.core.reminders import DueItem, ReminderService
from companion.core.settings import Settings
from companion.core.tickets import TicketService
from companion.platform.notifications import Backend, Notifier
from companion.runtime.schedule import ScheduleHolder
from companion.runtime.team import TeamLink
from companion.store.db import data_version, db_path, open_database
from companion.store.health import (DataFileError, Health, RestoreError, make_backup, newest_good_backup,
                                    restore)

if TYPE_CHECKING:
    from companion.platform.scheduler import Alarm, ChangePoller, Scheduler
    from companion.platform.secrets import Secrets
    from companion.runtime.break_loop import BreakLoop
    from companion.runtime.reminder_loop import ReminderLoop

log = logging.getLogger(__name__)

# ask(health, newest good backup or None, now) -> restore it?
AskRestore = Callable[[Health, object, object], bool]


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate("Runtime", text, disambiguation, n)


class StartRefused(RuntimeError):
    """The data file cannot be used and the agent chose to quit (or the restore failed)."""

    def __init__(self, health: Health):
        super().__init__(health.problem())
        self.health = health


@dataclass(frozen=True)
class TrayState:
    due: int  # reminded of, not dealt with, not snoozed: what the popup lists
    paused: bool
    pause_text: str
    details: tuple[str, ...]  # the tooltip's lines: today's load, the next break, do not disturb
    dnd: bool


class Runtime(QObject):
    changed = Signal()  # the data changed: what is on screen should be read again
    changed_elsewhere = Signal()  # another process changed the data (replies may be new)
    ticked = Signal()  # a minute passed: relative times and colours move on
    breaks_changed = Signal()  # the break plan or state changed (tooltip, menu ticks)
    break_offer = Signal(object, str, int)  # show the break screens: (offer, language, postpone s)
    break_ended = Signal()  # close them
    breathing_wanted = Signal(object, bool)  # (ticket id or None, automatic): after a hard conversation

    def __init__(self, data_dir: Path, clock: Clock | None = None, ask_restore: AskRestore | None = None,
                 restore_failed: Callable[[str], None] = lambda text: None, idle=None, fullscreen=None,
                 secrets: Secrets | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.clock = clock or SystemClock()
        self.data_dir = Path(data_dir)
        self.first_start = not db_path(self.data_dir).exists()  # no data file yet: a new agent
        self.database = self._open_data(ask_restore, restore_failed)
        self.settings = Settings()
        self.schedule = ScheduleHolder(self.settings.schedule(), self)
        self.tickets = TicketService(self.clock, self.schedule.current, self.settings.update_lead())
        self.reminders = ReminderService(self.clock, self.tickets, self.settings)
        self.notifier: Notifier = Notifier([])
        self._idle, self._fullscreen = idle, fullscreen  # platform probes: detected when None
        # Built in start(), off the path to the tray icon:
        self.scheduler: Scheduler | None = None
        self.reminder_loop: ReminderLoop | None = None
        self.break_loop: BreakLoop | None = None
        self.poller: ChangePoller | None = None
        self._load = None  # today's load for the tooltip (core.workload.DayLoad)
        self._ticks = 0
        self.minute = QTimer(self)
        self.minute.setInterval(60_000)
        self.minute.timeout.connect(self.tick)
        # Team mode: hand-offs, the team's load and replies, on a thread of its own (runtime/team).
        if secrets is None:
            from companion.platform.secrets import KeyringSecrets

            secrets = KeyringSecrets()
        self.team = TeamLink(self.tickets, self.settings, secrets, workload=self._team_workload, parent=self)
        self.changed.connect(self.team.local_changed)
        self.team.taken.connect(lambda _row: self.on_external_change())
        self.team.answered.connect(lambda _row: self.on_external_change())
        self.team.packs_changed.connect(self.changed_elsewhere)
        self.team.changed.connect(self.breaks_changed)  # the tooltip carries the team's state
        # Heard from the team: an offer to me, a colleague's answer, a refusal. Taking an offer
        # says nothing more: the popup and the list show the ticket.
        self.team.offer_arrived.connect(lambda row: self._team_notice("offer_arrived", row))
        self.team.answered.connect(lambda row: self._team_notice("offer_answered", row))
        self.team.failed.connect(lambda row: self._team_notice("handoff_failed", row))

    def _team_notice(self, what: str, row) -> None:
        """A notice about a hand-off, worded by runtime/wording's function of that name."""
        from companion.runtime import wording

        notice = getattr(wording, what)(row)
        if notice is None:
            return
        try:  # one notice per hand-off: a later one about the same offer replaces it
            self.notifier.notify(notice, tag=f"team-{row.token}")
        except Exception:  # every backend failed: the popup and the tooltip still show the offer
            log.exception("could not show the team notice %r", notice.title)

    def use_backends(self, backends: list[Backend]) -> None:
        """Where notices go, most capable first (the shell's tray and popup close the list)."""
        self.notifier = Notifier(backends)

    # -- the data file -------------------------------------------------------------------------
    def _open_data(self, ask: AskRestore | None, failed: Callable[[str], None]):
        """Open the data file. A bad one is never written to: `ask` says what is wrong and offers
        the newest good backup. Restored, the start goes on; otherwise StartRefused, before any
        timer runs."""
        try:
            return open_database(self.data_dir)
        except DataFileError as exc:
            health = exc.health
        log.error("%s", health.problem())
        found = newest_good_backup(health.path)
        if ask is None or not ask(health, found, self.clock.now()) or found is None:
            raise StartRefused(health)
        try:
            restored = restore(health.path, found[0].path)
            log.warning("restored %s; the previous data file is kept as %s", restored.backup, restored.moved_aside)
            return open_database(self.data_dir)
        except (RestoreError, DataFileError) as exc:
            log.error("could not restore %s: %s", found[0].path, exc)
            failed(str(exc))
            raise StartRefused(health) from None

    # -- life cycle ----------------------------------------------------------------------------
    def start(self) -> None:
        """Back up, seed the shipped libraries, arm the loops and deliver what was missed."""
        from companion.platform.scheduler import ChangePoller, Scheduler
        from companion.runtime.reminder_loop import ReminderLoop
        from companion.runtime.seeding import Part, seed_shipped

        make_backup(db_path(self.data_dir))
        seeded = seed_shipped(self.clock)
        for warning in seeded.warnings:
            log.error("could not load the shipped %s from %s: %s", warning.part.value, warning.path, warning.problem)
        if Part.REPLIES in seeded.added:
            self.changed_elsewhere.emit()  # a reply cache built before the start is stale
        self.reminders.prune(self.clock.now() - timedelta(days=90))
        scheduler = self.scheduler = Scheduler(self, clock=self.clock)
        reminders = self.reminder_loop = ReminderLoop(self.reminders, self.notifier, scheduler.alarm("reminders"), self)
        reminders.delivered.connect(lambda _items: self.changed.emit())
        path = db_path(self.data_dir)
        poller = self.poller = ChangePoller(lambda: data_version(self.database),
                                            [str(self.data_dir), str(path), f"{path}-wal"], parent=self)
        poller.changed.connect(self.on_external_change)
        scheduler.start()
        poller.start()
        self.minute.start()
        reminders.run(catch_up=True)  # whatever fell due while we were closed: one digest
        self._start_breaks(scheduler)
        self.team.start()
        self.changed.emit()

    def _start_breaks(self, scheduler: Scheduler) -> None:
        from companion.core.journal import Journal
        from companion.platform import fullscreen, idle
        from companion.runtime.break_loop import BreakLoop

        loop = self.break_loop = BreakLoop(
            self.clock, self.settings, self.schedule.current, self.break_library,
            Journal(self.clock, self.schedule.tz), self.notifier, scheduler.alarm("breaks"),
            idle=self._idle or idle.detect(), fullscreen=self._fullscreen or fullscreen.detect(),
            overdue=self.tickets.overdue_count, check_clock=scheduler.check_clock, parent=self)
        loop.changed.connect(self.breaks_changed)
        loop.offer.connect(self.break_offer)
        loop.ended.connect(self.break_ended)
        scheduler.slept.connect(loop.slept)
        self.schedule.changed.connect(loop.reload)
        loop.start()

    def _team_workload(self, tickets: TicketService):
        """The team thread's own Workload (today's numbers to publish), on the same settings."""
        from companion.core.workload import Workload

        return Workload(tickets, lambda: (self.settings.get("capacity_tickets"), self.settings.get("capacity_updates")))

    def stop(self) -> None:
        self.team.stop()
        if self.break_loop is not None:
            self.break_loop.stop()
        if self.scheduler is not None:
            self.scheduler.stop()
        if self.poller is not None:
            self.poller.stop()
        self.minute.stop()

    @property
    def reminder_alarm(self) -> Alarm | None:
        return self.scheduler.alarm("reminders") if self.scheduler is not None else None

    @property
    def break_alarm(self) -> Alarm | None:
        return self.scheduler.alarm("breaks") if self.scheduler is not None else None

    # -- the libraries -------------------------------------------------------------------------
    @cached_property
    def break_library(self):
        from companion.core.break_library import BreakLibrary

        return BreakLibrary()

    @cached_property
    def tough_texts(self) -> dict:
        """The breathing window's texts ("tough" in the shipped break kinds file), read once."""
        import json

        from companion.resources import breaks_path

        try:
            return json.loads(breaks_path().read_text(encoding="utf-8")).get("tough", {})
        except (OSError, ValueError, AttributeError):
            log.exception("could not read the breathing texts")
            return {}

    @cached_property
    def workload(self):
        from companion.core.workload import Workload

        return Workload(self.tickets, lambda: (self.settings.get("capacity_tickets"),
                                               self.settings.get("capacity_updates")))

    # -- commands ------------------------------------------------------------------------------
    def pause(self, how: str) -> None:
        """"1h", "tomorrow" (the next shift's start) or "resume"."""
        now = self.clock.now()
        until = {"1h": now + timedelta(hours=1),
                 "tomorrow": self.schedule.current.next_shift_start(now)}.get(how)
        self.settings.set("reminders_paused_until", until)
        if self.break_loop is not None:
            self.break_loop.reload()
        self.on_local_change()

    def set_dnd(self, on: bool) -> None:
        if self.break_loop is not None:
            self.break_loop.set_dnd(on)
        else:
            self.settings.set("do_not_disturb", bool(on))
        self.breaks_changed.emit()

    def take_break(self) -> None:
        if self.break_loop is not None:
            self.break_loop.take_now()

    def postpone_break(self) -> None:
        if self.break_loop is not None:
            self.break_loop.postpone()

    def skip_break(self) -> None:
        if self.break_loop is not None:
            self.break_loop.skip()

    def finish_break(self) -> None:
        if self.break_loop is not None:
            self.break_loop.finish_early()

    def after_update(self, ticket_id: int) -> None:
        """A client update was logged: after a ticket marked difficult, offer a minute of breathing."""
        if not self.settings.get("tough_after_difficult"):
            return
        try:
            difficult = self.tickets.get(ticket_id).difficult
        except Exception:  # noqa: BLE001 - deleted meanwhile
            return
        if difficult:
            self.breathing_wanted.emit(ticket_id, True)

    def apply_settings(self) -> None:
        """The settings were saved here: due times follow a new schedule."""
        self._adopt_settings(reschedule=True)

    def pending_now(self) -> list[DueItem]:
        return self.reminders.pending_now()

    # -- reacting to change --------------------------------------------------------------------
    def on_local_change(self) -> None:
        if self.reminder_loop is not None:
            self.reminder_loop.run()
        self.changed.emit()

    def on_external_change(self) -> None:
        """The CLI (or another process) changed the data: pick up settings and re-plan. Due times
        were already recomputed by whoever changed the schedule."""
        self.changed_elsewhere.emit()
        self._adopt_settings(reschedule=False)
        self.team.start()  # joined from the command line meanwhile: the team thread starts here too

    def _adopt_settings(self, reschedule: bool) -> None:
        self.tickets.update_lead = self.settings.update_lead()
        schedule = self.settings.schedule()
        if schedule != self.schedule.current:
            if reschedule:
                self.tickets.reschedule_all(schedule)  # the due times first, then everybody else
            else:
                self.tickets.schedule = schedule
            self.schedule.set(schedule)  # the break loop hears it and reloads
        elif self.break_loop is not None:
            self.break_loop.reload()  # the same schedule; other break settings may have changed
        self.on_local_change()

    def tick(self) -> None:
        """A minute passed: idle time for breaks, and times on screen move on; nothing is re-read
        from the list (a reload costs ~0.25 s at 100,000 tickets)."""
        if self.break_loop is not None:
            self.break_loop.sample()
            self._ticks += 1
            if self._ticks % 5 == 0:
                self.break_loop.save_seen()
        self.ticked.emit()

    # -- what the tray shows ---------------------------------------------------------------------
    def tray_state(self, reload: bool = True) -> TrayState:
        """The badge counts what the reminder popup lists; the tooltip adds today's load, the next
        break and do-not-disturb. `reload`: the data changed (else only the date may have)."""
        from companion.runtime import fmt

        now = self.clock.now()
        paused_until = self.settings.paused_until()
        paused = paused_until is not None and paused_until > now
        text = tr("Reminders and breaks paused until {when}").format(
            when=fmt.when(paused_until, now, self.schedule.current.tz)) if paused else ""
        dnd = bool(self.settings.get("do_not_disturb"))
        return TrayState(len(self.pending_now()), paused, text, tuple(self._details(reload, dnd)), dnd)

    def _details(self, reload: bool, dnd: bool) -> list[str]:
        lines = []
        try:
            load = self._load
            if reload or load is None or load.day != self.clock.now().astimezone(self.schedule.current.tz).date():
                load = self._load = self.workload.today()
            lines.append(tr("Today: {u} of {cu} updates, {t} of {ct} active tickets").format(
                u=load.updates, cu=load.capacity_updates, t=load.tickets, ct=load.capacity_tickets))
        except Exception:  # a tooltip must never break the tick
            log.exception("could not compute today's load")
        if self.break_loop is not None:
            lines.append(self.break_loop.status_text())
        if dnd:
            lines.append(tr("Do not disturb: breaks are held"))
        team = self.team.state()
        if team.joined:
            lines.append(self._team_line(team))
        return lines

    def _team_line(self, team) -> str:
        """The team server in one tooltip line: reachable, or away with what is waiting for it."""
        waiting = len(self.team.incoming())
        if team.reachable is False:
            line = tr("Team server away — your list works as usual")
            if team.pending:
                line += " · " + tr("%n action(s) will be sent later", "", team.pending)
            return line
        if team.reachable is None:
            return tr("Team: connecting…")
        if waiting:
            return tr("Team: %n offer(s) waiting for your answer", "", waiting)
        return tr("Team: connected")
