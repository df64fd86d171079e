import sys

import pytest

from companion.platform.notifications import (FakeBackend, Notice, NotificationError, Notifier,
                                              escape_for_server)


def test_first_working_backend_delivers():
    first, second = FakeBackend("plyer"), FakeBackend("tray")
    notifier = Notifier([first, second])
    assert notifier.notify(Notice("t", "b")) == "plyer"
    assert first.sent and not second.sent


def test_a_failing_backend_is_detected_and_the_next_used_until_it_is_retried():
    now = [0.0]
    broken, tray = FakeBackend("plyer", fail=True), FakeBackend("tray")
    notifier = Notifier([broken, tray], monotonic=lambda: now[0])
    assert notifier.notify(Notice("t", "b")) == "tray"
    broken.fail = False  # e.g. the notification server came back
    now[0] += 60
    assert notifier.notify(Notice("t2", "b")) == "tray"  # not hammered right away
    assert "plyer" in notifier.broken and len(tray.sent) == 2
    now[0] += Notifier.RETRY_AFTER_S
    assert notifier.notify(Notice("t3", "b")) == "plyer"
    assert notifier.broken == {}


def test_unavailable_backends_are_skipped_and_total_failure_is_loud():
    notifier = Notifier([FakeBackend("plyer", is_available=False), FakeBackend("tray", fail=True)])
    with pytest.raises(NotificationError):
        notifier.notify(Notice("t", "b"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="freedesktop markup is a Linux matter")
def test_client_text_is_escaped_for_markup_servers():
    assert escape_for_server("Иван <ivan@example.com> & Co") == "Иван &lt;ivan@example.com&gt; &amp; Co"
