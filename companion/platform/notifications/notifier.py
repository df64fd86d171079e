"""The Notifier: one notice, through the first backend that takes it, exactly once; and, where that
backend cannot tell whether it showed it, in the app as well."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import NamedTuple, cast

from companion.platform.notifications.base import Backend, Handle, Late, Notice, NotificationError, Retractable

log = logging.getLogger(__name__)


class Outcome(NamedTuple):
    """What became of a notice the Notifier handed over."""

    backend: str  # the backend that took it
    confirmed: bool  # that backend tells whether it showed it: a failure, even a late one, is heard
    followed_by: tuple[str, ...] = ()  # the in-app backends that showed it too, because it cannot tell


class Notifier:
    """Sends through the first backend that works. A backend that fails is skipped for a while
    (the notification server may come back, e.g. after the desktop session restarts it).

    Remembers, per tag, which backend showed the notice and its handle: the next notice under the
    tag goes in its place, and `withdraw` closes it. Hears what deferred backends learn after a
    send returned: a notice not shown after all goes to the last backend (the in-app popup), once.

    A backend that cannot tell whether it showed a notice (plyer on macOS, the tray balloon) is
    never the last word: the backends that follow such notices (the in-app popup) show it too, at
    once. One that can tell (the freedesktop server, notify-send, the Windows balloon) is trusted,
    and its failures, early or late, bring the next backend or the popup."""

    RETRY_AFTER_S = 600.0

    def __init__(self, backends: list[Backend], monotonic: Callable[[], float] = time.monotonic):
        self.backends = list(backends)
        self.broken: dict[str, str] = {}
        self._broken_at: dict[str, float] = {}
        self._monotonic = monotonic
        self.last_used: str | None = None
        self._tagged: dict[str, tuple[Retractable, Handle]] = {}
        for backend in self.backends:
            if hasattr(backend, "report_late_to"):
                backend.report_late_to(self._heard_late)

    def _skipped(self, name: str) -> bool:
        if name not in self.broken:
            return False
        if self._monotonic() - self._broken_at[name] >= self.RETRY_AFTER_S:
            del self.broken[name]  # give it another chance
            return False
        return True

    def _mark_broken(self, name: str, why: str) -> None:
        self.broken[name] = why
        self._broken_at[name] = self._monotonic()

    def working_backend(self) -> str | None:
        for backend in self.backends:
            if not self._skipped(backend.name) and backend.available():
                return backend.name
        return None

    def notify(self, notice: Notice, tag: str | None = None) -> str:
        """`deliver`, for callers that only want the name of the backend that took the notice."""
        return self.deliver(notice, tag).backend

    def deliver(self, notice: Notice, tag: str | None = None) -> Outcome:
        """Hand the notice over, at once, and say to whom and whether it can be confirmed. Raises if
        every backend failed. With a `tag`, the notice replaces the one still showing under it."""
        previous = self._tagged.pop(tag, None) if tag is not None else None
        errors = []
        for backend in self.backends:
            if self._skipped(backend.name):
                continue
            replaces = previous[1] if previous is not None and previous[0] is backend else None
            try:
                if not backend.available():
                    continue
                handle = backend.send(notice, replaces)
            except NotificationError as exc:
                log.warning("notification backend %s failed: %s", backend.name, exc)
                self._mark_broken(backend.name, str(exc))
                errors.append(str(exc))
                continue
            if previous is not None and previous[0] is not backend:
                self._close(tag, *previous)  # shown by a backend that has failed since
            if tag is not None and handle is not None:
                # A backend that returned a handle can take the notice back (Backend.send says so).
                self._tagged[tag] = (cast(Retractable, backend), handle)
            self.last_used = backend.name
            if backend.confirms:
                return Outcome(backend.name, True)
            return Outcome(backend.name, False, self._follow(backend, notice))
        if tag is not None and previous is not None:
            self._tagged[tag] = previous  # still on screen, still ours to close
        raise NotificationError("; ".join(errors) or "no notification backend available")

    def _followers(self, of: Backend) -> list[Backend]:
        return [backend for backend in self.backends if backend.follows_unconfirmed and backend is not of]

    def _follow(self, shown_by: Backend, notice: Notice) -> tuple[str, ...]:
        """Show in the app, too, a notice that `shown_by` took but cannot say it showed."""
        followed = []
        for backend in self._followers(shown_by):
            try:
                if backend.available():
                    backend.send(notice)
                    followed.append(backend.name)
            except Exception as exc:  # noqa: BLE001 - the desktop backend took it: maybe it showed
                log.error("could not show a notice (%s) in the app after %s: %s", notice.title,
                          shown_by.name, exc)
        return tuple(followed)

    def _heard_late(self, backend: Backend, handle: Handle | None, notice: Notice, outcome: Late,
                    why: str) -> None:
        """A backend learned, after its send returned, that a notice went unanswered or was not
        shown. Either way it is not trusted for a while; a notice not shown goes to the last
        resort, never to another desktop backend (which would show it twice if the first did after
        all, as notify-send did after a slow D-Bus answer)."""
        self._mark_broken(backend.name, why)
        for tag, shown in list(self._tagged.items()):
            if shown[0] is backend and shown[1] is handle:
                del self._tagged[tag]  # nothing left on screen to replace or close
        if outcome is Late.UNCONFIRMED:
            return
        if not backend.confirms and self._followers(backend):
            return  # shown in the app already, when this backend took it
        last = self.backends[-1]
        if last is backend:
            log.error("could not deliver a notice (%s) and no other backend is left: %s", notice.title, why)
            return
        try:
            last.send(notice)
        except Exception as exc:  # noqa: BLE001 - the last resort failing is all that is left to say
            log.error("could not deliver a notice (%s): %s; then %s", notice.title, why, exc)
        else:
            self.last_used = last.name

    def withdraw(self, tag: str) -> None:
        """Close the notice showing under `tag`, where its backend can. Never raises: a notice
        that cannot be closed is left on screen, which is what happened before tags existed."""
        shown = self._tagged.pop(tag, None)
        if shown is not None:
            self._close(tag, *shown)

    def showing(self, tag: str) -> bool:
        """Is the notice sent under `tag` still on screen? False once it was closed or dismissed,
        and when its backend cannot tell (a balloon). Never raises."""
        shown = self._tagged.get(tag)
        if shown is None:
            return False
        backend, handle = shown
        try:
            if backend.is_showing(handle):
                return True
        except Exception as exc:  # noqa: BLE001 - a question, not a delivery: no means no
            log.debug("could not ask %s about the %s notice: %s", backend.name, tag, exc)
        self._tagged.pop(tag, None)  # gone: the next notice under the tag is a new one
        return False

    @staticmethod
    def _close(tag: str | None, backend: Retractable, handle: Handle) -> None:
        try:
            backend.withdraw(handle)
        except Exception as exc:  # noqa: BLE001 - taking a notice back is a courtesy, never a failure
            log.debug("could not withdraw the %s notice from %s: %s", tag, backend.name, exc)
