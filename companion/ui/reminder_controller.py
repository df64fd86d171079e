"""Runs the reminder loop: plan (core) → notify (platform) → record → arm the next wake-up."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from companion.core.reminders import ReminderService
from companion.platform.notifications import NotificationError, Notifier
from companion.platform.scheduler import ReminderScheduler
from companion.ui.notices import compose

log = logging.getLogger(__name__)


class ReminderController(QObject):
    delivered = Signal(list)  # the DueItems just announced

    def __init__(self, service: ReminderService, notifier: Notifier, scheduler: ReminderScheduler,
                 parent=None):
        super().__init__(parent)
        self.service = service
        self.notifier = notifier
        self.scheduler = scheduler
        scheduler.due.connect(lambda: self.run(catch_up=False))
        scheduler.wake.connect(lambda: self.run(catch_up=True))

    def run(self, catch_up: bool = False) -> None:
        """Deliver whatever is due and not yet announced, then arm for the next one."""
        plan = self.service.plan(catch_up=catch_up)
        if plan.fire:
            now = self.service.clock.now()
            notice = compose(plan.fire, now, self.service.tickets.schedule.tz, digest=plan.digest)
            try:
                self.notifier.notify(notice)
            except NotificationError as exc:  # every backend failed: keep it pending, say so
                log.error("could not deliver a reminder: %s", exc)
            else:
                self.service.mark_delivered(plan.fire)
                self.delivered.emit(plan.fire)
        self.scheduler.arm(plan.next_wake)
