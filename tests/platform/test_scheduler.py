from datetime import datetime, timedelta, timezone

from companion.platform.scheduler import ChangePoller, Scheduler

UTC = timezone.utc


class Clocks:
    def __init__(self):
        self.wall = 1_000_000.0
        self.mono = 500.0


def test_armed_job_fires_on_the_gui_thread(qtbot):
    scheduler = Scheduler()
    alarm = scheduler.alarm("reminders")
    scheduler.start()
    try:
        with qtbot.waitSignal(alarm.due, timeout=3000):
            alarm.arm(datetime.now(UTC) + timedelta(milliseconds=50))
        assert alarm.armed_at is None
    finally:
        scheduler.stop()


def test_rearming_replaces_the_previous_wakeup(qtbot):
    scheduler = Scheduler()
    alarm = scheduler.alarm("reminders")
    scheduler.start()
    try:
        fired = []
        alarm.due.connect(lambda: fired.append(1))
        alarm.arm(datetime.now(UTC) + timedelta(hours=1))
        alarm.arm(datetime.now(UTC) + timedelta(hours=2))
        assert scheduler.jobs() == ["reminders"]
        alarm.arm(None)
        assert scheduler.jobs() == []
        assert fired == []
    finally:
        scheduler.stop()


def test_watchdog_notices_suspend_and_clock_changes(qtbot):
    clocks = Clocks()
    scheduler = Scheduler(wall=lambda: clocks.wall, mono=lambda: clocks.mono)
    woken, each = [], []
    scheduler.wake.connect(lambda: woken.append(1))
    for name in ("reminders", "breaks"):
        scheduler.alarm(name).wake.connect(lambda name=name: each.append(name))
    clocks.wall += 30
    clocks.mono += 30
    assert scheduler.check_clock() is False  # an ordinary tick
    clocks.wall += 40 * 60  # asleep for 40 minutes: monotonic time stood still
    clocks.mono += 2
    assert scheduler.check_clock() is True
    clocks.wall -= 3600  # the user set the clock back an hour
    assert scheduler.check_clock() is True
    assert woken == [1, 1]
    assert each == ["reminders", "breaks"] * 2  # one watchdog tells every loop


def test_change_poller_signals_only_on_change(qtbot):
    version = [1]
    poller = ChangePoller(lambda: version[0])
    assert poller.poll() is False
    version[0] = 2
    with qtbot.waitSignal(poller.changed, timeout=100):
        assert poller.poll() is True
    assert poller.poll() is False


def test_change_poller_wakes_on_a_file_change_without_polling(qtbot, tmp_path):
    target = tmp_path / "db.sqlite3-wal"
    target.write_text("a")
    version = [1]
    poller = ChangePoller(lambda: version[0], [str(tmp_path), str(target)], interval_ms=3_600_000)
    poller.start()
    version[0] = 2
    with qtbot.waitSignal(poller.changed, timeout=3000):
        target.write_text("b")  # what another process's commit does to the WAL file
    poller.stop()


def test_rearming_from_the_handler_survives_and_fires_again(qtbot):
    scheduler = Scheduler()
    alarm = scheduler.alarm("reminders")
    scheduler.start()
    fired = []

    def handler():
        fired.append(1)
        if len(fired) == 1:  # what the app does: deliver, then arm for the next reminder
            alarm.arm(datetime.now(UTC) + timedelta(milliseconds=50))

    alarm.due.connect(handler)
    try:
        alarm.arm(datetime.now(UTC) + timedelta(milliseconds=30))
        qtbot.waitUntil(lambda: len(fired) == 2, timeout=3000)
    finally:
        scheduler.stop()


def test_each_loop_has_its_own_job_and_they_do_not_replace_each_other(qtbot):
    scheduler = Scheduler()
    reminders, breaks = scheduler.alarm("reminders"), scheduler.alarm("breaks")
    scheduler.start()
    try:
        fired = []
        reminders.due.connect(lambda: fired.append("reminders"))
        breaks.due.connect(lambda: fired.append("breaks"))
        reminders.arm(datetime.now(UTC) + timedelta(milliseconds=40))
        breaks.arm(datetime.now(UTC) + timedelta(milliseconds=20))
        assert sorted(scheduler.jobs()) == ["breaks", "reminders"]
        qtbot.waitUntil(lambda: len(fired) == 2, timeout=3000)
        assert fired == ["breaks", "reminders"]
    finally:
        scheduler.stop()


def test_an_instant_is_armed_on_the_apps_clock(qtbot):
    """With a fake clock an hour behind the real one, "in 30 ms" on that clock fires in 30 ms."""
    from companion.core.clock import FakeClock

    clock = FakeClock(datetime.now(UTC) - timedelta(hours=1))
    scheduler = Scheduler(clock=clock)
    alarm = scheduler.alarm("breaks")
    scheduler.start()
    try:
        with qtbot.waitSignal(alarm.due, timeout=3000):
            alarm.arm(clock.now() + timedelta(milliseconds=30))
        alarm.arm(clock.now() + timedelta(minutes=30))  # real time: still half an hour away
        assert scheduler.jobs() == ["breaks"]
    finally:
        scheduler.stop()
