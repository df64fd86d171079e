"""The Notifier: one notice, through the first backend that takes it, exactly once."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import cast

from companion.platform.notifications.base import Backend, Handle, Late, Notice, NotificationError, Retractable

log = logging.getLogger(__name__)


class Notifier:
    """Sends through the first backend that works. A backend that fails is skipped for a while
    (the notification server may come back, e.g. after the desktop session restarts it).

    Remembers, per tag, which backend showed the notice and its handle: the next notice under the
    tag goes in its place, and `withdraw` closes it. Hears what deferred backends learn after a
    send returned: a notice not shown after all goes to the last backend (the in-app popup), once."""

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
        """Hand the notice over, at once; return the name of the backend that took it. Raises if
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
            return backend.name
        if tag is not None and previous is not None:
            self._tagged[tag] = previous  # still on screen, still ours to close
        raise NotificationError("; ".join(errors) or "no notification backend available")

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
