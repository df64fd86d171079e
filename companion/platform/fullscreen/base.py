"""What a fullscreen probe is, and the base of the real ones (one module per platform beside this)."""

from __future__ import annotations

from typing import Protocol

from companion.platform.probe import Probe


class FullscreenProbe(Protocol):
    name: str

    def available(self) -> bool: ...

    def active(self) -> bool | None:
        """True while a fullscreen window is active; None if it cannot be told now."""


class FullscreenBackend(Probe[bool | None]):
    """What the real probes share: `active()` is `_read()` with failure counting."""

    def active(self) -> bool | None:
        return self._sample()
