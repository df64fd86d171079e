"""A notification server in a list, for tests of the code that sends notices."""

from __future__ import annotations

from companion.platform.notifications.base import Handle, Notice, NotificationError


class FakeBackend:
    """For tests: a notification server in a list. `sent` is every notice shown (replacements
    too), `showing` what is on screen by handle, `replaced` the (old, new) pairs and `withdrawn`
    what the app closed. It can be told to fail, to fail to close a notice, to be a backend
    that cannot take a notice back at all (`retractable=False`, like a tray balloon), one that
    cannot tell whether it showed a notice (`confirms=False`), or an in-app one that follows those
    (`follows=True`, like the popup)."""

    def __init__(self, name: str = "fake", fail: bool = False, is_available: bool = True,
                 retractable: bool = True, fail_withdraw: bool = False, confirms: bool = True,
                 follows: bool = False):
        self.name = name
        self.confirms = confirms
        self.follows_unconfirmed = follows
        self.fail = fail
        self.is_available = is_available
        self.retractable = retractable
        self.fail_withdraw = fail_withdraw
        self.sent: list[Notice] = []
        self.showing: dict[int, Notice] = {}
        self.replaced: list[tuple[Notice, Notice]] = []
        self.withdrawn: list[Notice] = []
        self._last_id = 0

    def available(self) -> bool:
        return self.is_available

    def send(self, notice: Notice, replaces: Handle | None = None) -> int | None:
        if self.fail:
            raise NotificationError(f"{self.name} is broken")
        self.sent.append(notice)
        if not self.retractable:
            return None
        if replaces in self.showing:  # like a server: the same id, new content, in place
            self.replaced.append((self.showing[replaces], notice))
            self.showing[replaces] = notice
            return replaces
        self._last_id += 1
        self.showing[self._last_id] = notice
        return self._last_id

    def withdraw(self, handle: Handle) -> None:
        if self.fail_withdraw:
            raise NotificationError(f"{self.name} cannot close notices")
        if handle in self.showing:
            self.withdrawn.append(self.showing.pop(handle))

    def is_showing(self, handle: Handle) -> bool:
        return handle in self.showing

    def dismiss_all(self) -> None:
        """The user closes every notice on screen (the server reports NotificationClosed)."""
        self.showing.clear()

