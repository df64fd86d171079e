"""Desktop notifications delivered exactly once, with detected failure and fallback, without ever
holding the GUI thread, and notices that can be taken back.

Backends are tried in the order the app gives (the freedesktop server over D-Bus, plyer, the tray
icon's balloon, then an in-app popup). A backend that cannot take a notice (no bus, a write that
fails, a refusal heard at once) is marked broken and the next one is used, so a reminder is never
silently lost.

Handing a notice over is not hearing back. A notification server may answer late or never, and
plyer's notify-send waits up to D-Bus's 25 s for it; counting that as a failure and trying the next
backend showed a reminder twice, and waiting for it froze the app. So `send` returns once the notice
is handed over, and what is heard afterwards comes back on the Qt loop as a `Late` outcome: an
answer that never came counts as shown (logged, not sent again), and only a notice that turns out
not to be shown is shown once more, by the last backend (the in-app popup), never by another
desktop notification.

Not every backend can tell whether it showed a notice. The freedesktop server answers with an id
or an error, notify-send's exit status is that answer, Shell_NotifyIconW says whether the shell
took a Windows balloon: these confirm. plyer on macOS and the tray balloon cannot; a notice they
took is shown in the app as well, at once (`Outcome.followed_by`), so it is never their word alone.

A notice sent with a tag ("reminders", "break") stands for something that may stop being true.
Sending again under the same tag replaces the notice still showing, and `withdraw(tag)` closes it,
where the backend that showed it can do that (the freedesktop server can; a tray balloon or plyer
cannot, and then the new notice simply comes on its own). Deciding *when* a notice no longer holds
is the caller's business, not this module's.

One module per backend beside the Notifier (notifier.py) and what they share (base.py):
freedesktop.py (D-Bus through jeepney, the only backend that hears clicks), plyer_backend.py
(notify-send, plyer's Windows balloon, plyer), local.py (the tray balloon and the in-app last
resort) and fake.py (for tests).
"""

from __future__ import annotations

from companion.platform.notifications.base import (
    ANSWER_TIMEOUT_S,
    Backend,
    Deferred,
    Handle,
    Late,
    LateReport,
    Notice,
    NotificationError,
    Retractable,
    body_renders_markup,
    escape_for_server,
)
from companion.platform.notifications.fake import FakeBackend
from companion.platform.notifications.freedesktop import (
    Delivery,
    FreedesktopBackend,
    ServerNotice,
    freedesktop_server_present,
)
from companion.platform.notifications.local import CallbackBackend, TrayBackend
from companion.platform.notifications.notifier import Notifier, Outcome
from companion.platform.notifications.plyer_backend import PlyerBackend

__all__ = [
    "ANSWER_TIMEOUT_S", "Backend", "CallbackBackend", "Deferred", "Delivery", "FakeBackend",
    "FreedesktopBackend", "Handle", "Late", "LateReport", "Notice", "NotificationError", "Notifier",
    "Outcome", "PlyerBackend", "Retractable", "ServerNotice", "TrayBackend", "body_renders_markup",
    "escape_for_server", "freedesktop_server_present",
]
