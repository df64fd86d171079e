from datetime import datetime, timedelta, timezone

from companion.platform.scheduler import ChangePoller, ReminderScheduler

UTC = timezone.utc


class Clocks:
    def __init__(self):
        self.wall = 1_000_000.0
        self.mono = 500.0


def test_armed_job_fires_on_the_gui_thread(qtbot):
    scheduler = ReminderScheduler()
    scheduler.start()
    try:
        with qtbot.waitSignal(scheduler.due, timeout=3000):
            scheduler.arm(datetime.now(UTC) + timedelta(milliseconds=50))
        assert scheduler.armed_at is None
    finally:
        scheduler.stop()


def test_rearming_replaces_the_previous_wakeup(qtbot):
    scheduler = ReminderScheduler()
    scheduler.start()
    try:
        fired = []
        scheduler.due.connect(lambda: fired.append(1))
        scheduler.arm(datetime.now(UTC) + timedelta(hours=1))
        scheduler.arm(datetime.now(UTC) + timedelta(hours=2))
        assert len(scheduler._scheduler.get_jobs()) == 1
        scheduler.arm(None)
        assert scheduler._scheduler.get_jobs() == []
        assert fired == []
    finally:
        scheduler.stop()


def test_watchdog_notices_suspend_and_clock_changes(qtbot):
    clocks = Clocks()
    scheduler = ReminderScheduler(wall=lambda: clocks.wall, mono=lambda: clocks.mono)
    woken = []
    scheduler.wake.connect(lambda: woken.append(1))
    clocks.wall += 30
    clocks.mono += 30
    assert scheduler.check_clock() is False  # an ordinary tick
    clocks.wall += 40 * 60  # asleep for 40 minutes: monotonic time stood still
    clocks.mono += 2
    assert scheduler.check_clock() is True
    clocks.wall -= 3600  # the user set the clock back an hour
    assert scheduler.check_clock() is True
    assert woken == [1, 1]


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
    scheduler = ReminderScheduler()
    scheduler.start()
    fired = []

    def handler():
        fired.append(1)
        if len(fired) == 1:  # what the app does: deliver, then arm for the next reminder
            scheduler.arm(datetime.now(UTC) + timedelta(milliseconds=50))

    scheduler.due.connect(handler)
    try:
        scheduler.arm(datetime.now(UTC) + timedelta(milliseconds=30))
        qtbot.waitUntil(lambda: len(fired) == 2, timeout=3000)
    finally:
        scheduler.stop()
