"""The desktop's own notifications where the freedesktop backend is not the answer, one way per
system, each run on a worker thread of its own so that a call that blocks holds nothing; only its
end comes back to the GUI thread. None of them can replace or close a notice or report a click.

plyer is called only where it can be heard from, and not at all where it cannot:

- Linux (and the BSDs): notify-send, run here with its exit status read. libnotify waits for the
  server's answer to Notify (the id, or an error) before notify-send exits, so a status of 0 means
  the server showed the notice and anything else that it did not: the next backend is used. plyer's
  own notify-send path ignores that status (`subprocess.call`), which is how a server that is
  listed but dies when started lost every reminder without a trace; its dbus-python path speaks
  to the same server the freedesktop backend has just failed to reach, and adds nothing.
- Windows: plyer's balloon (`WindowsBalloonTip`), called on our worker thread rather than through
  `notification.notify`, which only starts a thread of its own: an exception there (LoadImageW
  failing on an .svg, Shell_NotifyIconW refused) went to that thread's stderr, None in a windowed
  build, while the notice counted as shown. Called here, it raises where the Notifier hears it, and
  Shell_NotifyIconW's answer is the shell's word that it took the balloon, which Windows 10 and 11
  show as a toast. LoadImageW reads .ico files only, so the icon is the .ico beside the given one
  (companion.ico beside companion.svg), or none at all (Windows' default application icon) rather
  than a balloon that fails. Qt's QSystemTrayIcon.showMessage makes the same Shell_NotifyIcon
  balloon through the app's own tray icon, but returns nothing and cannot fail audibly: it stays
  next in the chain (the tray backend), and the in-app popup follows it.
- macOS and the rest: plyer's `notification.notify` (NSUserNotificationCenter through pyobjus on
  macOS), which says nothing about what it showed: the in-app popup follows each notice there.
"""

from __future__ import annotations

import importlib.util
import logging
import shutil
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from companion.platform.notifications import freedesktop
from companion.platform.notifications.base import (
    ANSWER_TIMEOUT_S,
    Handle,
    Late,
    LateReport,
    Notice,
    NotificationError,
    escape_for_server,
)

log = logging.getLogger(__name__)

BALLOON_S = 10.0  # how long a Windows balloon's own tray icon stays (plyer's default timeout)

# (title, message, app name, icon path, timeout in s) -> what to do once the outcome is reported
# (or None); raises if the notice was not shown.
Show = Callable[[str, str, str, str, float], "Callable[[], None] | None"]


def notify_send(title: str, message: str, app_name: str, icon: str, timeout: float) -> None:
    """Linux: notify-send, whose exit status is the server's answer to Notify."""
    command = ["notify-send", f"--app-name={app_name}", "--expire-time=0"]  # 0: until dismissed, as D-Bus
    if icon:
        command.append(f"--icon={icon}")
    try:
        done = subprocess.run([*command, "--", title, message], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise NotificationError(f"notify-send did not return in {timeout:g} s") from exc
    except OSError as exc:
        raise NotificationError(f"cannot run notify-send: {exc}") from exc
    if done.returncode != 0:
        why = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "no reason given"
        raise NotificationError(f"notify-send exited with status {done.returncode}: {why}")


def windows_icon(icon: str) -> str:
    """The .ico beside `icon` (LoadImageW reads nothing else), or "" when there is none."""
    if not icon:
        return ""
    ico = Path(icon).with_suffix(".ico")
    return str(ico) if ico.is_file() else ""


def windows_balloon(title: str, message: str, app_name: str, icon: str, timeout: float) -> Callable[[], None]:
    """Windows: plyer's balloon on this thread, so that what fails in it raises here."""
    from plyer.platforms.win.libs.balloontip import WindowsBalloonTip

    # timeout=0: return once the shell took it. plyer would sleep, then leave its tray icon until
    # the process ends (atexit holds the balloon): this thread takes it away after BALLOON_S.
    tip = WindowsBalloonTip(title=title, message=message, app_name=app_name, app_icon=windows_icon(icon), timeout=0)

    def remove_icon() -> None:
        time.sleep(BALLOON_S)
        tip.remove_notify()

    return remove_icon


def plyer_notify(title: str, message: str, app_name: str, icon: str, timeout: float) -> None:
    """macOS and the rest: plyer, which says nothing about what it showed."""
    from plyer import notification

    notification.notify(title=title, message=message, app_name=app_name, app_icon=icon, timeout=30)


def notify_send_usable(system: str) -> bool:
    # notify-send speaks to the freedesktop server: without one it can only fail.
    return shutil.which("notify-send") is not None and freedesktop.freedesktop_server_present()


def balloon_usable(system: str) -> bool:
    try:
        import plyer.platforms.win.libs.balloontip  # noqa: F401 - ctypes.windll: Windows only
    except Exception:  # noqa: BLE001 - plyer fails in many ways on unsupported systems
        return False
    return True


def plyer_usable(system: str) -> bool:
    try:
        from plyer import notification  # noqa: F401
    except Exception:  # noqa: BLE001 - as above
        return False
    # plyer's macOS notifications need pyobjus; without it every call would raise.
    return system != "darwin" or importlib.util.find_spec("pyobjus") is not None


class Way(NamedTuple):
    """How notices reach the desktop on one system."""

    label: str  # what `doctor` and the log say
    confirms: bool
    show: Show
    usable: Callable[[str], bool]  # given the system


def way_for(system: str) -> Way:
    if system.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return Way("notify-send", True, notify_send, notify_send_usable)
    if system == "win32":
        return Way("plyer's Windows balloon", True, windows_balloon, balloon_usable)
    return Way("plyer", False, plyer_notify, plyer_usable)


class PlyerBackend:
    """The desktop's notifications without the freedesktop backend: notify-send on Linux, plyer's
    balloon on Windows, plyer elsewhere (see the module docstring). Each call runs on a thread of its
    own (notify-send waits for the server's answer, up to 25 s) and its end comes back to the GUI
    thread through a queued signal. A call that fails shows the notice through the last resort; one
    still running after `call_timeout` counts as shown, and while it hangs this backend takes no new
    notice (the next backend does). `confirms` says whether its way can tell what it showed."""

    name = "plyer"  # the name the Notifier and the logs know it by, whichever way it goes
    follows_unconfirmed = False

    def __init__(self, app_name: str, icon_path: str = "", call_timeout: float = ANSWER_TIMEOUT_S,
                 system: str | None = None):
        self.app_name = app_name
        self.icon_path = icon_path
        self.call_timeout = call_timeout
        self.system = system or sys.platform  # another one's way, for tests
        self.way = way_for(self.system)
        self.confirms = self.way.confirms
        self._report: LateReport | None = None
        self._running: set[_PlyerCall] = set()  # touched on the GUI thread only
        self._returns: _Returns | None = None  # results come back through it; made on the first send
        # plyer's warnings (e.g. "dbus package not installed") are not the agent's business;
        # catch_warnings would do this per call, but not thread-safely.
        warnings.filterwarnings("ignore", module=r"plyer(\.|$)")

    def report_late_to(self, report: LateReport) -> None:
        self._report = report

    def available(self) -> bool:
        return self.way.usable(self.system)

    def send(self, notice: Notice, replaces: Handle | None = None) -> None:
        hung = [call for call in self._running if call.overdue]
        if hung:
            raise NotificationError(f"{self.way.label}: an earlier call has not returned for "
                                    f"{time.monotonic() - hung[0].started:.0f} s")
        returns = self._bridge()
        call = _PlyerCall(notice, time.monotonic(), QTimer(returns))
        call.timer.setSingleShot(True)
        call.timer.timeout.connect(lambda: self._overdue(call))
        worker = threading.Thread(target=self._call, name="plyer-notify", daemon=True,
                                  args=(call, escape_for_server(notice.body), returns))
        try:
            worker.start()
        except RuntimeError as exc:  # no thread to be had
            call.timer.deleteLater()
            raise NotificationError(f"{self.way.label}: cannot start a thread: {exc}") from exc
        self._running.add(call)
        call.timer.start(int(self.call_timeout * 1000))

    def _call(self, call: _PlyerCall, message: str, returns: _Returns) -> None:
        """On the worker thread: the blocking call, then its end posted to the GUI thread, then
        whatever the way does afterwards (the Windows balloon's icon is taken away)."""
        error, afterwards = None, None
        try:
            # A little past the watchdog: by then the call counts as shown, and notify-send is ended.
            afterwards = self.way.show(call.notice.title, message, self.app_name, self.icon_path,
                                       self.call_timeout + 5)
        except Exception as exc:  # noqa: BLE001 - includes NotImplementedError: no backend at all
            error = f"{self.way.label} failed: {exc}"
        try:
            returns.finished.emit(call, error)
        except RuntimeError:  # the app has quit meanwhile: nobody left to tell
            pass
        if afterwards is not None:
            try:
                afterwards()
            except Exception as exc:  # noqa: BLE001 - tidying up after a notice that was shown
                log.debug("%s: %s", self.way.label, exc)

    def _bridge(self) -> _Returns:
        if self._returns is None:
            self._returns = _Returns(self._returned)
        return self._returns

    def _overdue(self, call: _PlyerCall) -> None:
        if call not in self._running:
            return
        call.overdue = True
        why = f"{self.way.label} has not returned in {self.call_timeout:g} s"
        log.warning("%s: the notice counts as shown and is not sent again", why)
        self._tell(call.notice, Late.UNCONFIRMED, why)

    def _returned(self, call: _PlyerCall, error: str | None) -> None:
        self._running.discard(call)
        call.timer.stop()
        call.timer.deleteLater()
        if call.overdue:  # already counted as shown: what it says now is only for the log
            log.info("%s returned after %.0f s%s", self.way.label, time.monotonic() - call.started,
                     f" ({error})" if error else "")
        elif error is not None:
            log.warning("notification backend plyer failed: %s", error)
            self._tell(call.notice, Late.UNDELIVERED, error)

    def _tell(self, notice: Notice, outcome: Late, why: str) -> None:
        if self._report is not None:
            self._report(self, None, notice, outcome, why)


@dataclass(eq=False)
class _PlyerCall:
    notice: Notice
    started: float
    timer: QTimer  # the call's timeout, on the GUI thread
    overdue: bool = False


class _Returns(QObject):
    """Lives on the GUI thread; its signal carries a finished call back from its worker thread."""

    finished = Signal(object, object)  # (_PlyerCall, error text or None)

    def __init__(self, returned: Callable[[_PlyerCall, str | None], None]):
        super().__init__()
        self._returned = returned
        self.finished.connect(self._arrived, Qt.ConnectionType.QueuedConnection)

    @Slot(object, object)
    def _arrived(self, call: _PlyerCall, error: str | None) -> None:
        self._returned(call, error)

