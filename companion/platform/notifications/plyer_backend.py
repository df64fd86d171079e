"""plyer as a notification backend (Windows, macOS, and Linux without the D-Bus one): its calls
block, so each runs on a thread of its own and only its end comes back to the GUI thread. It
cannot replace, close or confirm a notice, and it reports no clicks."""

from __future__ import annotations

import logging
import shutil
import sys
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass

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


class PlyerBackend:
    """plyer: Windows, macOS, and Linux where the D-Bus backend is missing. Its calls are
    synchronous (on Linux notify-send waits for the server's answer, up to 25 s), so each runs on a
    thread of its own and its end comes back to the GUI thread through a queued signal. A call that
    raises shows the notice through the last resort; one still running after `call_timeout`
    counts as shown, and while it hangs plyer takes no new notice (the next backend does)."""

    name = "plyer"

    def __init__(self, app_name: str, icon_path: str = "", call_timeout: float = ANSWER_TIMEOUT_S):
        self.app_name = app_name
        self.icon_path = icon_path
        self.call_timeout = call_timeout
        self._report: LateReport | None = None
        self._running: set[_PlyerCall] = set()  # touched on the GUI thread only
        self._returns: _Returns | None = None  # results come back through it; made on the first send
        # plyer's warnings (e.g. "dbus package not installed" before it falls back to notify-send)
        # are not the agent's business; catch_warnings would do this per call, but not thread-safely.
        warnings.filterwarnings("ignore", module=r"plyer(\.|$)")

    def report_late_to(self, report: LateReport) -> None:
        self._report = report

    def available(self) -> bool:
        if sys.platform.startswith("linux"):
            # plyer needs dbus-python or notify-send here, and neither reports a missing server.
            if not shutil.which("notify-send"):
                try:
                    import dbus  # noqa: F401
                except ImportError:
                    return False
            if not freedesktop.freedesktop_server_present():
                return False
        try:
            from plyer import notification  # noqa: F401
        except Exception:  # noqa: BLE001 - plyer fails in many ways on unsupported systems
            return False
        return True

    def send(self, notice: Notice, replaces: Handle | None = None) -> None:
        hung = [call for call in self._running if call.overdue]
        if hung:
            raise NotificationError(f"plyer: an earlier call has not returned for "
                                    f"{time.monotonic() - hung[0].started:.0f} s")
        # plyer's Flatpak path builds a GVariant literal from the title: keep quotes out of it.
        title = notice.title.replace('"', "\u201d").replace("'", "\u2019")
        returns = self._bridge()
        call = _PlyerCall(notice, time.monotonic(), QTimer(returns))
        call.timer.setSingleShot(True)
        call.timer.timeout.connect(lambda: self._overdue(call))
        worker = threading.Thread(target=self._call, name="plyer-notify", daemon=True,
                                  args=(call, title, escape_for_server(notice.body), returns))
        try:
            worker.start()
        except RuntimeError as exc:  # no thread to be had
            call.timer.deleteLater()
            raise NotificationError(f"plyer: cannot start a thread: {exc}") from exc
        self._running.add(call)
        call.timer.start(int(self.call_timeout * 1000))

    def _call(self, call: _PlyerCall, title: str, message: str, returns: _Returns) -> None:
        """On the worker thread: the blocking call, then its end posted to the GUI thread."""
        error = None
        try:
            from plyer import notification

            notification.notify(title=title, message=message, app_name=self.app_name,
                                app_icon=self.icon_path, timeout=30)
        except Exception as exc:  # noqa: BLE001 - includes NotImplementedError: no backend at all
            error = f"plyer failed: {exc}"
        try:
            returns.finished.emit(call, error)
        except RuntimeError:  # the app has quit meanwhile: nobody left to tell
            pass

    def _bridge(self) -> _Returns:
        if self._returns is None:
            self._returns = _Returns(self._returned)
        return self._returns

    def _overdue(self, call: _PlyerCall) -> None:
        if call not in self._running:
            return
        call.overdue = True
        why = f"plyer's call has not returned in {self.call_timeout:g} s"
        log.warning("%s: the notice counts as shown and is not sent again", why)
        self._tell(call.notice, Late.UNCONFIRMED, why)

    def _returned(self, call: _PlyerCall, error: str | None) -> None:
        self._running.discard(call)
        call.timer.stop()
        call.timer.deleteLater()
        if call.overdue:  # already counted as shown: what it says now is only for the log
            log.info("plyer's call returned after %.0f s%s", time.monotonic() - call.started,
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

