"""Runs the reminder loop: plan (core) → notify (platform) → record → arm the next wake-up; and
keeps the one reminder notice on screen true as commitments are kept, snoozed or finished.

What is due, and what was already announced, is decided in core (the plan and the FiredReminder
rows); this module only says it, once, and takes back what no longer holds.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot

from companion.core.reminders import DueItem, ReminderService, most_pressing
from companion.platform.notifications import NotificationError, Notifier
from companion.platform.scheduler import Alarm, FakeAlarm
from companion.runtime.wording import compose

log = logging.getLogger(__name__)

TAG = "reminders"  # every reminder notice goes under it: a newer one takes the older one's place


class ReminderLoop(QObject):
    delivered = Signal(list)  # the DueItems just announced

    def __init__(self, service: ReminderService, notifier: Notifier, alarm: Alarm | FakeAlarm, parent=None):
        super().__init__(parent)
        self.service = service
        self.notifier = notifier
        self.alarm = alarm  # the scheduler's job for this loop
        self.shown: list[DueItem] = []  # the rows of the notice on screen, one per ticket
        self._digest = False
        alarm.due.connect(lambda: self.run(catch_up=False))
        alarm.wake.connect(lambda: self.run(catch_up=True))

    def run(self, catch_up: bool = False) -> None:
        """Deliver whatever is due and not yet announced, then arm for the next one."""
        plan = self.service.plan(catch_up=catch_up)
        if plan.fire:
            # The notice on screen is replaced: what it said and still holds stays in the new one.
            if self._show(plan.fire + self._still_due(), plan.digest):
                self.service.mark_delivered(plan.fire)
                self.delivered.emit(plan.fire)
        else:
            self.refresh()
        self.alarm.arm(plan.next_wake)

    @Slot()
    def refresh(self) -> None:
        """The data changed: the notice keeps only what is still due, and goes once nothing is."""
        still = self._still_due()
        if len(still) == len(self.shown):
            return
        if still:
            self._show(still, self._digest)
        else:
            self.notifier.withdraw(TAG)
            self.shown = []

    def _still_due(self) -> list[DueItem]:
        """The rows of the notice on screen that nobody has updated, snoozed or closed since."""
        if self.shown and not self.notifier.showing(TAG):
            self.shown = []  # the agent closed it (or the backend cannot tell): nothing to keep true
        if not self.shown:
            return []
        pending = {item.instance for item in self.service.pending_now()}
        return [item for item in self.shown if item.instance in pending]

    def _show(self, items: list[DueItem], digest: bool) -> bool:
        notice = compose(items, self.service.clock.now(), self.service.tickets.schedule.tz, digest=digest)
        try:
            self.notifier.notify(notice, tag=TAG)
        except NotificationError as exc:  # every backend failed: keep it pending, say so
            log.error("could not deliver a reminder: %s", exc)
            return False
        self.shown, self._digest = most_pressing(items), digest
        return True
