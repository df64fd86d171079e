"""Replying into any window: the global hotkey opens the reply palette over the window the agent
is working in, and Enter puts the reply there.

The steps, in order, each with its way out:
1. The hotkey (setting `palette_hotkey`) is registered with the platform backend
   (platform/paste); a refusal (taken by another application, no permission, Wayland) becomes
   `problem`, said in Settings, in the palette and by `doctor`.
2. On a press: the active window is read (its title only then, never kept), the ticket it names is
   found among the active ones (core/window_context), the clipboard is saved, and the palette
   opens on the screen with the pointer.
3. Enter: the palette copies the reply as always (plain and HTML; Ctrl+Enter also marks the ticket
   updated) and closes; the target window gets the focus back; once it has it, the paste keys are
   pressed (Shift+Insert in a terminal, which on X11 reads the PRIMARY selection: that gets the
   reply too); a moment later the clipboard gets back what it held, unless something else was
   copied meanwhile. Any failure leaves the reply on the clipboard and says so.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QCoreApplication, QMimeData, QObject, QRect, QSize, QTimer, Signal
from PySide6.QtGui import QClipboard, QCursor, QGuiApplication

from companion.core.hotkeys import HotkeyError, parse_hotkey
from companion.core.settings import Settings
from companion.core.tickets import TicketService
from companion.core.window_context import WindowMatch, ticket_in_title
from companion.platform.paste import PasteBack, PasteError, Problem, TargetWindow

log = logging.getLogger(__name__)

FOCUS_WAIT_MS = 1000  # how long the target may take to become active again
FOCUS_POLL_MS = 10
RESTORE_AFTER_MS = 400  # the target reads the clipboard when it handles the paste keys: after that
SAVE_LIMIT = 32 * 1024 * 1024  # formats beyond this in all (a huge image) are not kept
PASTE_KEYS = "Cmd+V" if sys.platform == "darwin" else "Ctrl+V"  # what the agent presses by hand


def tr(text: str) -> str:
    return QCoreApplication.translate("PasteBack", text)


def problem_text(error: PasteError) -> str:
    """One line, in the agent's language, for a PasteError."""
    texts = {
        Problem.UNSUPPORTED: tr("This desktop does not let applications type into other windows "
                                "(Wayland): replies are copied, paste them with {keys}."),
        Problem.NO_PERMISSION: tr("Support Companion needs the Accessibility permission to paste: System Settings "
                                  "→ Privacy & Security → Accessibility, then restart it."),
        Problem.MISSING_PART: tr("Pasting needs a part of the system that is missing: {detail}"),
        Problem.HOTKEY_TAKEN: tr("Another application already uses this key combination; choose another "
                                 "in Settings → Replies."),
        Problem.HOTKEY_INVALID: tr("This key combination cannot be a global hotkey here: {detail}"),
        Problem.FOCUS_REFUSED: tr("The window did not take the focus back."),
        Problem.TARGET_GONE: tr("The window was closed."),
        Problem.INJECT_FAILED: tr("The paste keys could not be sent: {detail}"),
    }
    return texts[error.problem].format(detail=error.detail, keys=PASTE_KEYS)


def save_clipboard(mode: QClipboard.Mode = QClipboard.Mode.Clipboard) -> QMimeData | None:
    """A copy of every format the clipboard holds now (None if it is empty)."""
    source = QGuiApplication.clipboard().mimeData(mode)
    if source is None or not source.formats():
        return None
    saved, total = QMimeData(), 0
    for name in source.formats():
        data = source.data(name)
        total += data.size()
        if total > SAVE_LIMIT:
            log.info("clipboard format %s not kept: over %d bytes in all", name, SAVE_LIMIT)
            continue
        saved.setData(name, QByteArray(data))
    return saved


@dataclass
class Pending:
    """One press of the hotkey, until its reply is pasted or the palette is closed."""

    target: TargetWindow
    match: WindowMatch | None
    clipboard: QMimeData | None
    selection: QMimeData | None
    pressed_at: float


class ReplyHotkey(QObject):
    problem_changed = Signal()
    pasted = Signal(float)  # seconds from Enter to the paste keys (for the benchmark and tests)
    failed = Signal(str)  # what went wrong, in a line the agent reads

    def __init__(self, backend: PasteBack, settings: Settings, tickets: TicketService,
                 open_palette: Callable[[int | None, str, bool, QRect], QObject],
                 notify: Callable[[str], None], parent: QObject | None = None):
        super().__init__(parent)
        self.backend = backend
        self.settings = settings
        self.tickets = tickets
        self.open_palette = open_palette  # (ticket id, note, paste?, anchor) → the palette
        self.notify = notify
        self.problem = ""  # why the hotkey or the paste cannot work here; "" when they can
        self.hotkey_text = ""
        self.pending: Pending | None = None
        self._connected: set[int] = set()
        self._focus_timer = QTimer(self)
        self._focus_timer.setInterval(FOCUS_POLL_MS)
        self._focus_timer.timeout.connect(self._check_focus)
        self._focus_deadline = 0.0
        self._reply_text = ""
        self._enter_at = 0.0

    # -- the hotkey -------------------------------------------------------------------------------
    def apply_settings(self) -> None:
        """(Re)register the hotkey the settings name; remember why not, if it cannot be."""
        self.backend.unregister_hotkey()
        problem = ""
        try:
            hotkey = parse_hotkey(self.settings.get("palette_hotkey"))
        except HotkeyError as e:  # a value set before this check existed
            hotkey, problem = None, str(e)
        self.hotkey_text = hotkey.text() if hotkey is not None else ""
        if hotkey is not None:
            try:
                self.backend.register_hotkey(hotkey, self.pressed)
            except PasteError as e:
                log.warning("the reply hotkey %s is not registered: %s", hotkey.text(), e)
                problem = problem_text(e)
        if not problem and (unavailable := self.backend.problem()) is not None:
            problem = problem_text(unavailable)
        if problem != self.problem:
            self.problem = problem
            self.problem_changed.emit()

    def close(self) -> None:
        self._focus_timer.stop()
        self.backend.close()

    # -- a press ----------------------------------------------------------------------------------
    def pressed(self) -> None:
        """The hotkey: the palette over the active window, with the ticket its title names."""
        target = self.backend.active_window()
        if target is None:  # our own window, or none: the palette as Ctrl+K opens it
            self.pending = None
            self._show(None, "", paste=False)
            return
        match = ticket_in_title(target.title, ((t.id, t.key) for t in self.tickets.choices()))
        clipboard = save_clipboard()
        selection = save_clipboard(QClipboard.Mode.Selection) if QGuiApplication.clipboard().supportsSelection() \
            else None
        self.pending = Pending(target, match, clipboard, selection, time.monotonic())
        paste = bool(self.settings.get("paste_on_enter")) and self.backend.problem() is None
        where = target.title or target.app or tr("the active window")
        if match is not None:
            note = tr("For {key}, named in the window “{title}”.").format(key=match.key, title=where)
        else:
            note = tr("No ticket of yours in the window “{title}”: choose one below if the reply needs it.").format(
                title=where)
        if paste:
            note += " " + tr("Enter pastes the reply there.")
        self._show(match.ticket_id if match else None, note, paste)

    def _show(self, ticket_id: int | None, note: str, paste: bool) -> None:
        anchor = QRect(QCursor.pos(), QSize(1, 1))  # the screen with the pointer
        palette = self.open_palette(ticket_id, note, paste, anchor)
        if id(palette) not in self._connected:
            self._connected.add(id(palette))
            palette.paste_requested.connect(self.deliver)  # type: ignore[attr-defined]

    # -- the paste --------------------------------------------------------------------------------
    def deliver(self) -> None:
        """The palette copied the reply and closed: give the target the focus, then paste."""
        pending = self.pending
        if pending is None:
            return
        self._enter_at = time.monotonic()
        clipboard = QGuiApplication.clipboard()
        self._reply_text = clipboard.text()
        if pending.target.terminal and clipboard.supportsSelection():
            clipboard.setText(self._reply_text, QClipboard.Mode.Selection)  # Shift+Insert in xterm reads it
        try:
            self.backend.focus(pending.target)
        except PasteError as e:
            self._fail(e)
            return
        self._focus_deadline = time.monotonic() + FOCUS_WAIT_MS / 1000
        self._check_focus()
        if self.pending is not None:
            self._focus_timer.start()

    def _active_handle(self) -> int:
        handle = getattr(self.backend, "active_handle", None)
        if callable(handle):
            return int(handle())
        window = self.backend.active_window()
        return window.handle if window is not None else 0

    def _check_focus(self) -> None:
        pending = self.pending
        if pending is None:
            self._focus_timer.stop()
            return
        if self._active_handle() == pending.target.handle:
            self._focus_timer.stop()
            self._paste(pending)
        elif time.monotonic() >= self._focus_deadline:
            self._focus_timer.stop()
            self._fail(PasteError(Problem.FOCUS_REFUSED, pending.target.title))

    def _paste(self, pending: Pending) -> None:
        try:
            self.backend.send_paste(pending.target)
        except PasteError as e:
            self._fail(e)
            return
        self.pending = None
        self.pasted.emit(time.monotonic() - self._enter_at)
        if self.settings.get("paste_restore_clipboard"):
            QTimer.singleShot(RESTORE_AFTER_MS, lambda: self._restore(pending))

    def _restore(self, pending: Pending) -> None:
        """Put back what the clipboard held before, unless the agent copied something since."""
        clipboard = QGuiApplication.clipboard()
        if clipboard.text() != self._reply_text:
            log.info("clipboard changed after the paste: left as it is")
            return
        if pending.clipboard is not None:
            clipboard.setMimeData(pending.clipboard)
        else:
            clipboard.clear()
        if pending.target.terminal and clipboard.supportsSelection():
            if pending.selection is not None:
                clipboard.setMimeData(pending.selection, QClipboard.Mode.Selection)
            else:
                clipboard.clear(QClipboard.Mode.Selection)

    def _fail(self, error: PasteError) -> None:
        pending, self.pending = self.pending, None
        title = pending.target.title if pending is not None else ""
        log.warning("could not paste into %r: %s", title, error)
        text = tr("Not pasted into “{title}”: {why} The reply is on the clipboard: press {keys}.").format(
            title=title or tr("the window"), why=problem_text(error), keys=PASTE_KEYS)
        self.failed.emit(text)
        self.notify(text)

    # -- the tray menu ------------------------------------------------------------------------------
    def remember_target(self) -> None:
        """The tray menu is opening: the window to paste a picked reply into (setting `tray_paste`)."""
        if not self.settings.get("tray_paste"):
            return
        target = self.backend.active_window()
        self.pending = Pending(target, None, save_clipboard(), None, time.monotonic()) if target else None

    def tray_copied(self) -> None:
        """A reply was copied from the tray menu: paste it too, where the setting asks for it."""
        if self.settings.get("tray_paste") and self.pending is not None:
            self.deliver()

