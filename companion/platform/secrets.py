"""Passwords in the operating system's keyring: the team server's, and nothing else today.

`KeyringSecrets` goes through the `keyring` library: Windows' Credential Manager, the macOS Keychain,
the Secret Service (GNOME Keyring, KWallet) on Linux. Where there is no keyring (a headless server, a
desktop without a Secret Service) it says so in one line and stores nothing: a password is never
written to the data file, a log or a plain file of ours. PostgreSQL's own password file (~/.pgpass,
or PGPASSFILE) remains for such machines; libpq reads it by itself when we give no password.

`FakeSecrets` keeps them in memory for tests. `PYTHON_KEYRING_BACKEND` picks a keyring backend by its
class name, which is how the multi-process tests give each app a keyring of its own.
"""

from __future__ import annotations

from typing import Any, Protocol

SERVICE = "Support Companion team"


class SecretsError(Exception):
    """The keyring cannot be used here (the message says why, in one line)."""


class Secrets(Protocol):
    def get(self, account: str) -> str: ...

    def put(self, account: str, secret: str) -> None: ...

    def forget(self, account: str) -> None: ...

    def where(self) -> str: ...


class KeyringSecrets:
    def _keyring(self) -> Any:
        try:
            import keyring
            from keyring.backends import fail
        except ImportError as exc:
            raise SecretsError(f"the keyring library is missing ({exc})") from None
        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
            raise SecretsError("this system has no keyring (no Secret Service, Keychain or Credential Manager)")
        return keyring

    def get(self, account: str) -> str:
        from keyring.errors import KeyringError

        try:
            return self._keyring().get_password(SERVICE, account) or ""
        except KeyringError as exc:
            raise SecretsError(f"the keyring refused: {exc}") from None

    def put(self, account: str, secret: str) -> None:
        from keyring.errors import KeyringError

        try:
            self._keyring().set_password(SERVICE, account, secret)
        except KeyringError as exc:
            raise SecretsError(f"the keyring refused: {exc}") from None

    def forget(self, account: str) -> None:
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            self._keyring().delete_password(SERVICE, account)
        except PasswordDeleteError:
            pass
        except KeyringError as exc:
            raise SecretsError(f"the keyring refused: {exc}") from None

    def where(self) -> str:
        try:
            backend = self._keyring().get_keyring()
        except SecretsError as exc:
            return f"none ({exc})"
        return getattr(backend, "name", type(backend).__name__)


class FakeSecrets:
    def __init__(self, available: bool = True):
        self.stored: dict[str, str] = {}
        self.available = available

    def _check(self) -> None:
        if not self.available:
            raise SecretsError("this system has no keyring (fake)")

    def get(self, account: str) -> str:
        self._check()
        return self.stored.get(account, "")

    def put(self, account: str, secret: str) -> None:
        self._check()
        self.stored[account] = secret

    def forget(self, account: str) -> None:
        self._check()
        self.stored.pop(account, None)

    def where(self) -> str:
        return "fake" if self.available else "none (fake)"
