import sys

import pytest

from companion.platform.notifications import (FakeBackend, Late, Notice, NotificationError, Notifier,
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


def test_a_tagged_notice_replaces_the_one_still_showing_and_withdraw_closes_it():
    server = FakeBackend()
    notifier = Notifier([server])
    notifier.notify(Notice("Eye break in 30 seconds", "Look away"), tag="break")
    notifier.notify(Notice("Your shift ends at 18:00", ""), tag="shift")
    assert notifier.notify(Notice("Eye break in 10 seconds", "Look away"), tag="break") == "fake"
    assert server.replaced == [(Notice("Eye break in 30 seconds", "Look away"),
                                Notice("Eye break in 10 seconds", "Look away"))]
    assert sorted(n.title for n in server.showing.values()) == ["Eye break in 10 seconds",
                                                                "Your shift ends at 18:00"]
    notifier.withdraw("break")
    assert [n.title for n in server.withdrawn] == ["Eye break in 10 seconds"]
    assert notifier.showing("shift") and not notifier.showing("break")
    notifier.withdraw("break")  # nothing showing under it any more: nothing happens
    notifier.notify(Notice("untagged", ""))
    notifier.notify(Notice("untagged", ""))
    assert len(server.showing) == 3 and len(server.withdrawn) == 1  # shift + two untagged


def test_a_notice_the_user_closed_is_not_replaced_but_shown_anew():
    server = FakeBackend()
    notifier = Notifier([server])
    notifier.notify(Notice("SUP-1 due", ""), tag="reminders")
    server.dismiss_all()
    assert not notifier.showing("reminders")
    notifier.notify(Notice("SUP-2 due", ""), tag="reminders")
    assert server.replaced == [] and [n.title for n in server.showing.values()] == ["SUP-2 due"]


def test_withdraw_never_raises_and_backends_that_cannot_take_back_are_left_alone():
    closing_fails = FakeBackend(fail_withdraw=True)
    notifier = Notifier([closing_fails])
    notifier.notify(Notice("t", "b"), tag="break")
    notifier.withdraw("break")
    notifier.withdraw("never-sent")
    balloon = FakeBackend("tray", retractable=False)
    notifier = Notifier([balloon])
    notifier.notify(Notice("old", ""), tag="break")
    assert not notifier.showing("break")  # a balloon cannot tell: no promise to close it
    notifier.notify(Notice("new", ""), tag="break")  # simply shown on its own
    notifier.withdraw("break")
    assert [n.title for n in balloon.sent] == ["old", "new"] and balloon.replaced == []


def test_a_question_to_a_broken_backend_is_a_no():
    server = FakeBackend()
    notifier = Notifier([server])
    notifier.notify(Notice("t", "b"), tag="break")

    def broken(handle):
        raise OSError("the bus went away")

    server.is_showing = broken
    assert notifier.showing("break") is False


def test_when_the_backend_that_showed_it_fails_the_next_one_delivers_and_the_old_is_closed():
    now = [0.0]
    dbus, tray = FakeBackend("freedesktop"), FakeBackend("tray")
    notifier = Notifier([dbus, tray], monotonic=lambda: now[0])
    notifier.notify(Notice("in 30 s", ""), tag="break")
    dbus.fail = True  # e.g. the notification server hangs now
    assert notifier.notify(Notice("in 10 s", ""), tag="break") == "tray"
    assert [n.title for n in dbus.withdrawn] == ["in 30 s"]  # best effort on the old one
    assert [n.title for n in tray.showing.values()] == ["in 10 s"]
    notifier.withdraw("break")
    assert tray.showing == {}


def test_when_every_backend_fails_the_tagged_notice_on_screen_can_still_be_withdrawn():
    server = FakeBackend()
    notifier = Notifier([server])
    notifier.notify(Notice("in 30 s", ""), tag="break")
    server.fail = True
    with pytest.raises(NotificationError):
        notifier.notify(Notice("in 10 s", ""), tag="break")
    assert notifier.showing("break")
    notifier.withdraw("break")
    assert [n.title for n in server.withdrawn] == ["in 30 s"]


class LateFake(FakeBackend):
    """A backend that hears about its notices after send returned (as the D-Bus and plyer ones do)."""

    def report_late_to(self, report):
        self.report = report


def test_a_notice_not_shown_after_all_goes_to_the_last_resort_once_and_an_unanswered_one_nowhere():
    dbus, tray, popup = LateFake("freedesktop"), FakeBackend("tray"), FakeBackend("popup", retractable=False)
    notifier = Notifier([dbus, tray, popup])
    notifier.notify(Notice("SUP-1 due", ""), tag="reminders")
    notifier.notify(Notice("Eye break in 30 seconds", ""), tag="break")
    dbus.report(dbus, 1, Notice("SUP-1 due", ""), Late.UNDELIVERED, "the server refused")
    assert popup.sent == [Notice("SUP-1 due", "")] and tray.sent == []  # not on the desktop a second time
    assert "freedesktop" in notifier.broken and not notifier.showing("reminders")
    dbus.report(dbus, 2, Notice("Eye break in 30 seconds", ""), Late.UNCONFIRMED, "no answer in 25 s")
    assert popup.sent == [Notice("SUP-1 due", "")]  # counted as shown: not sent again anywhere
    assert not notifier.showing("break")  # nothing known on screen to replace or close
    assert notifier.notify(Notice("Eye break in 10 seconds", ""), tag="break") == "tray"


def test_freedesktop_signals_a_click_then_the_closing_it_causes():
    pytest.importorskip("jeepney")
    from jeepney import DBusAddress, new_signal

    from companion.platform.notifications import Delivery, FreedesktopBackend, ServerNotice

    backend = FreedesktopBackend("test")
    backend.sent_ids, backend.open_ids = {7, 8}, {7, 8}
    server = DBusAddress(FreedesktopBackend._PATH, interface=FreedesktopBackend._NAME)
    taken = [backend._take(new_signal(server, "ActionInvoked", "us", (7, "default"))),
             backend._take(new_signal(server, "NotificationClosed", "uu", (7, 2))),
             backend._take(new_signal(server, "ActionInvoked", "us", (99, "default"))),  # not ours
             backend._take(new_signal(server, "NotificationClosed", "uu", (99, 2)))]
    assert taken == [True, False, False, False] and backend.open_ids == {8}
    seven, eight = ServerNotice(Notice("7", "")), ServerNotice(Notice("8", ""))
    seven.state = eight.state = Delivery.SHOWN
    seven.id, eight.id = 7, 8
    assert backend.is_showing(eight) and not backend.is_showing(seven)  # no connection yet: nothing to read
