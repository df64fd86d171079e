"""The wellbeing loop wired to Qt: notices, the break screens, the journal, persistence, sleep."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QObject, Signal

from companion.core.breaks import BreakKind
from companion.platform.notifications import FakeBackend, Notifier
from companion.platform.scheduler import FakeAlarm
from companion.store.models import BreakLog

MSK = ZoneInfo("Europe/Moscow")
MICRO = BreakKind("micro", {"ru": "Пауза для глаз", "en": "Eye break"}, 20 * 60, 20, 10,
                  suggestions={"en": ("Look out of the window",), "ru": ("Посмотрите в окно",)})
LONG = BreakKind("long", {"ru": "Большой перерыв", "en": "Long break"}, 90 * 60, 600, 60, long=True,
                 suggestions={"en": ("Make some herbal tea",)})


def at(h, m=0, s=0, day=23):
    return datetime(2026, 11, day, h, m, s, tzinfo=MSK)


class Library:
    def __init__(self, kinds):
        self.items = list(kinds)
        self.version = 0

    def kinds(self, enabled_only=False):
        return [k for k in self.items if k.enabled or not enabled_only]

    def signature(self):
        return self.version



class Screens(QObject):
    postpone_requested = Signal()
    skip_requested = Signal()
    finish_requested = Signal()

    def __init__(self):
        super().__init__()
        self.shown = []
        self.closed = 0

    def show_offer(self, offer, lang, postpone_seconds=None):
        self.shown.append((offer, lang))

    def close_all(self):
        self.closed += 1


class Idle:
    def __init__(self):
        self.idle = 0.0
        self.is_locked = None

    def idle_seconds(self):
        return self.idle

    def locked(self):
        return self.is_locked


class Fullscreen:
    def __init__(self):
        self.on = False

    def active(self):
        return self.on


@pytest.fixture
def loop(qtbot, database, clock, settings):
    from companion.core.journal import Journal
    from companion.runtime.break_loop import BreakLoop

    clock.set(at(9))
    settings.set("interface_language", "en")
    backend = FakeBackend()
    screens = Screens()
    idle, fullscreen = Idle(), Fullscreen()
    library = Library([MICRO, LONG])
    made = []

    def make():
        controller = BreakLoop(clock, settings, settings.schedule(), library, Journal(clock, lambda: MSK),
                               Notifier([backend]), FakeAlarm(), idle=idle, fullscreen=fullscreen)
        # What the shell does: the loop asks for the screens, the screens' buttons reach the loop.
        controller.offer.connect(screens.show_offer)
        controller.ended.connect(screens.close_all)
        screens.postpone_requested.connect(controller.postpone)
        screens.skip_requested.connect(controller.skip)
        screens.finish_requested.connect(controller.finish_early)
        controller.start()
        made.append(controller)
        return controller

    controller = make()

    class Loop:
        pass

    bag = Loop()
    bag.__dict__.update(controller=controller, clock=clock, backend=backend, screens=screens, idle=idle,
                        fullscreen=fullscreen, library=library, settings=settings, make=make)

    def advance_to(when):
        """Move the clock in the steps the loop's alarm asks for, firing it each time."""
        c = made[-1]
        while c.alarm.armed_at is not None and c.alarm.armed_at <= when:
            c.clock.set(max(c.alarm.armed_at, c.clock.now()))
            c.alarm.armed_at = None
            c.alarm.due.emit()
        c.clock.set(when)
        c.run()

    bag.advance_to = advance_to
    yield bag
    for c in made:
        c.stop()


def test_the_notice_then_the_break_on_screen_then_the_log(loop):
    assert loop.controller.alarm.armed_at == at(9, 19, 50)  # the notice, 10 s before the break
    loop.advance_to(at(9, 19, 50))
    notice = loop.backend.sent[-1]
    assert notice.title == "Eye break in 10 seconds" and notice.body == "Look out of the window"
    loop.advance_to(at(9, 20))
    offer, lang = loop.screens.shown[-1]
    assert offer.kind.slug == "micro" and lang == "en" and offer.ends_at == at(9, 20, 20)
    loop.advance_to(at(9, 20, 20))
    assert loop.screens.closed == 1
    row = BreakLog.get()
    assert (row.kind, row.outcome, row.seconds, row.started_at) == ("micro", "taken", 20, at(9, 20))
    assert "Next break: Eye break, 09:40" in loop.controller.status_text()


def test_buttons_on_the_break_screen_reach_the_engine(loop):
    loop.advance_to(at(9, 20, 3))
    loop.screens.postpone_requested.emit()
    assert loop.screens.closed == 1
    assert [r.outcome for r in BreakLog.select()] == ["postponed"]
    loop.advance_to(at(9, 25, 3))
    assert len(loop.screens.shown) == 2
    loop.screens.skip_requested.emit()
    assert [r.outcome for r in BreakLog.select().order_by(BreakLog.id)] == ["postponed", "skipped"]


@pytest.fixture
def russian(qapp, monkeypatch):
    """The Russian interface, as COMPANION_LANG=ru gives it."""
    from companion import i18n

    monkeypatch.setenv("COMPANION_LANG", "ru")
    i18n.install(qapp, "ru")
    yield
    i18n.uninstall(qapp)


def test_russian_notice_tooltip_and_shift_nudge(loop, russian):
    loop.controller.reload()
    loop.advance_to(at(9, 19, 50))
    assert loop.backend.sent[-1].title == "Пауза для глаз через 10 секунд"
    assert loop.backend.sent[-1].body == "Посмотрите в окно"
    loop.advance_to(at(9, 21))
    assert loop.controller.status_text() == "Следующий перерыв: Пауза для глаз, 09:40"
    loop.advance_to(at(17, 50))
    nudge = [n for n in loop.backend.sent if n.title.startswith("Смена")][-1]
    assert nudge.title == "Смена заканчивается в 18:00"
    assert "Пора заканчивать" in nudge.body and "На следующий рабочий день" in nudge.body


def test_idle_sampled_on_the_minute_tick_is_a_natural_break(loop):
    loop.clock.set(at(9, 15))
    loop.idle.idle = 700.0
    loop.controller.sample()
    row = BreakLog.get()
    assert (row.kind, row.outcome, row.reason) == ("long", "natural", "idle")
    assert loop.controller.engine.planned[1] == at(9, 35)


def test_sleep_reported_by_the_watchdog_is_rest(loop):
    loop.clock.set(at(10, 0))
    loop.controller.slept(30 * 60)
    row = BreakLog.get()
    assert (row.outcome, row.reason, row.seconds) == ("natural", "sleep", 1800)


def test_fullscreen_holds_and_the_tooltip_says_so(loop):
    loop.fullscreen.on = True
    loop.advance_to(at(9, 30))
    assert loop.screens.shown == [] and loop.controller.engine.phase == "owed"
    assert "fullscreen" in loop.controller.status_text()
    # While owed the hold is looked at every few seconds, and only then.
    assert loop.controller.alarm.armed_at - loop.clock.now() <= timedelta(seconds=5)
    loop.fullscreen.on = False
    loop.advance_to(at(9, 30, 30))
    assert loop.screens.shown and loop.screens.shown[-1][0].owed == "fullscreen"


def test_do_not_disturb_is_a_setting_that_survives(loop):
    loop.controller.set_dnd(True)
    assert loop.settings.get("do_not_disturb") is True
    loop.advance_to(at(9, 30))
    assert loop.screens.shown == []
    again = loop.make()
    assert again.engine.dnd is True


def test_timers_survive_a_restart(loop):
    loop.advance_to(at(9, 30))
    loop.controller.stop()
    loop.clock.set(at(9, 32))
    again = loop.make()
    assert again.engine.planned[1] == at(9, 40, 20)


def test_turning_breaks_off_withdraws_everything(loop):
    loop.settings.set("breaks_enabled", False)
    loop.controller.reload()
    assert loop.controller.engine.kinds == [] and loop.controller.alarm.armed_at is None or \
        loop.controller.engine.next_wakeup() is None
    assert loop.controller.status_text() == "Breaks are off"


def test_overtime_is_logged_from_the_minute_samples(loop):
    from companion.core.journal import Journal

    loop.clock.set(at(18, 0, 30))
    loop.idle.idle = 3.0
    loop.controller.sample()
    loop.clock.set(at(18, 1, 30))
    loop.controller.sample()
    assert Journal(loop.clock, lambda: MSK).overtime_seconds(at(18).date()) == 90


def test_end_of_shift_nudge(loop, tickets):
    loop.advance_to(at(17, 50))
    titles = [n.title for n in loop.backend.sent]
    assert "Your shift ends at 18:00" in titles
    body = loop.backend.sent[titles.index("Your shift ends at 18:00")].body
    assert "Time to stop" in body and "Next working day" in body


def test_a_long_absence_between_runs_is_rest_not_an_overdue_break(loop):
    loop.advance_to(at(9, 10))
    loop.controller.stop()
    loop.clock.set(at(11, 0))  # the app was closed (or the machine off) for almost two hours
    again = loop.make()
    assert again.engine.planned == (MICRO, at(11, 20))
    assert loop.backend.sent == []


def test_pause_everything_holds_the_evening_nudge(loop):
    loop.controller.engine.set_pause(at(19))
    loop.advance_to(at(17, 55))
    assert not any("shift" in n.title for n in loop.backend.sent)


def test_the_clock_watchdog_is_asked_before_anything_happens(loop):
    calls = []
    loop.controller.check_clock = lambda: calls.append(loop.clock.now())
    loop.controller.sample()
    loop.controller.run()
    assert len(calls) == 2


def test_a_locked_screen_is_rest_logged_once_when_unlocked(loop):
    loop.clock.set(at(9, 10))
    loop.idle.is_locked = True  # locked at 09:09:30, the last input
    loop.idle.idle_seconds = lambda: (loop.clock.now() - at(9, 9, 30)).total_seconds()
    loop.controller.sample()
    for minute in range(11, 25):
        loop.advance_to(at(9, minute))  # the 09:20 break finds the agent away (locked)
        loop.controller.sample()
    assert loop.screens.shown == []
    loop.clock.set(at(9, 25))
    loop.idle.is_locked = False
    loop.controller.sample()  # the idle time still reads from 09:09:30: the password was not typed yet
    assert BreakLog.select().count() == 1
    row = BreakLog.get()
    assert (row.kind, row.outcome, row.reason, row.started_at, row.seconds) == (
        "long", "natural", "locked", at(9, 9, 30), 15 * 60 + 30)


# -- the notice "a break in N s" is true only while the break is coming ----------------------------

def on_screen(loop) -> list[str]:
    return [n.title for n in loop.backend.showing.values()]


def test_the_warning_is_withdrawn_when_the_break_starts(loop):
    loop.advance_to(at(9, 19, 50))
    assert on_screen(loop) == ["Eye break in 10 seconds"]
    loop.advance_to(at(9, 20))
    assert loop.screens.shown and on_screen(loop) == []
    assert [n.title for n in loop.backend.withdrawn] == ["Eye break in 10 seconds"]


def test_the_warning_is_withdrawn_when_everything_is_paused(loop):
    loop.advance_to(at(9, 19, 55))
    loop.settings.set("reminders_paused_until", at(10))
    loop.controller.reload()
    assert loop.controller.engine.phase == "off" and on_screen(loop) == []


def test_the_warning_is_withdrawn_when_the_agent_rested_anyway_or_the_app_quits(loop):
    loop.advance_to(at(9, 19, 50))
    loop.idle.idle = 25.0  # away since before the notice: that was the eye break
    loop.controller.sample()
    assert loop.controller.engine.phase == "waiting" and on_screen(loop) == []
    loop.idle.idle = 0.0
    loop.advance_to(at(9, 39, 45))  # the next one, 20 minutes after that rest
    assert on_screen(loop) == ["Eye break in 10 seconds"]
    loop.controller.stop()
    assert on_screen(loop) == []


def test_the_next_warning_replaces_a_stale_one(loop):
    from companion.platform.notifications import Notice

    loop.controller.notifier.notify(Notice("Eye break in 10 seconds", "left over"), tag="break")
    loop.advance_to(at(9, 19, 50))
    assert on_screen(loop) == ["Eye break in 10 seconds"] and len(loop.backend.replaced) == 1
    assert loop.backend.replaced[0][1].body == "Look out of the window"


def test_a_warning_overtaken_by_its_break_is_not_sent(loop):
    loop.clock.set(at(9, 20, 1))  # the timer came late (a busy machine): the break is due already
    loop.controller.run()
    assert loop.screens.shown and loop.backend.sent == []


def test_a_failing_withdraw_does_not_stop_the_break(loop):
    loop.backend.fail_withdraw = True
    loop.advance_to(at(9, 19, 50))
    loop.advance_to(at(9, 20))
    assert loop.screens.shown and loop.controller.engine.phase == "break"


def test_the_next_days_shift_nudge_replaces_yesterdays(loop, tickets):
    loop.settings.set("breaks_enabled", False)  # only the nudge matters here
    loop.controller.reload()
    loop.advance_to(at(17, 50))
    loop.advance_to(at(17, 50, day=24))
    shift = [n for n in loop.backend.showing.values() if "shift" in n.title]
    assert len(shift) == 1 and len(loop.backend.replaced) == 1
