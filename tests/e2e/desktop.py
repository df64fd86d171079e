"""A throw-away X desktop for end-to-end tests.

``Desktop.start()`` brings up, in this order and each in its own process
group:

1. ``Xvfb`` on a display number it picks itself (``-displayfd``);
2. a private D-Bus session bus with a hermetic configuration (no service
   directories, so nothing gets auto-activated behind our back: not a second
   dunst, not the accessibility bus);
3. ``dunst`` as the notification server, with a config written to the temp
   dir (``markup = full``, notifications never time out);
4. ``trayer`` as an XEmbed system-tray host.

Every step waits for a concrete readiness condition with a bounded deadline
instead of sleeping a fixed time. ``Desktop.stop()`` kills whatever was
started (process groups, SIGTERM then SIGKILL) and removes the temp dir.

This module does not depend on pytest; ``conftest.py`` turns
``MissingBinaries`` into a skip or a failure.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

# Programs the desktop cannot start without, mapped to the Debian package
# that ships them. dunstctl is a shell script: most commands go through
# dbus-send, and ``dunstctl history`` goes through systemd's busctl.
REQUIRED_BINARIES: dict[str, str] = {
    "Xvfb": "xvfb",
    "dunst": "dunst",
    "dunstctl": "dunst",
    "dbus-send": "dbus-bin",
    "busctl": "systemd",
    "trayer": "trayer",
    "xdotool": "xdotool",
    "xwininfo": "x11-utils",
}
# Either of these can provide the session bus; dbus-daemon is preferred.
BUS_BINARIES: dict[str, str] = {"dbus-daemon": "dbus-daemon", "dbus-launch": "dbus-x11"}
# Needed only by the helpers that use them.
OPTIONAL_BINARIES: dict[str, str] = {"import": "imagemagick", "notify-send": "libnotify-bin",
                                     "xclip": "xclip", "setxkbmap": "x11-xkb-utils"}

# The default screen, WIDTHxHEIGHTxDEPTH as Xvfb takes it; Desktop.start(screen=...) picks another.
SCREEN = "1280x800x24"
TRAYER_ARGS = (
    "--edge", "top", "--align", "right", "--widthtype", "request",
    "--height", "24", "--transparent", "false", "--expand", "true",
    "--SetDockType", "true",
)

# Variables that would tie a child to the developer's real session.
_FOREIGN_SESSION_VARS = (
    "WAYLAND_DISPLAY", "XAUTHORITY", "DBUS_SESSION_BUS_PID",
    "DBUS_SESSION_BUS_WINDOWID", "SESSION_MANAGER", "DESKTOP_STARTUP_ID",
    "XDG_CURRENT_DESKTOP", "XDG_SESSION_DESKTOP", "GNOME_DESKTOP_SESSION_ID",
    "KDE_FULL_SESSION", "DESKTOP_SESSION",
)

# A session bus that knows no service files: the only names on it are the
# ones our own processes claim.
BUS_CONFIG = """\
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

# markup=full keeps the body's Pango markup so escaping can be checked;
# timeout=0 makes notifications sticky until closed; icons are off so dunst
# does not go looking for icon themes that a container lacks.
_DUNSTRC = """\
[global]
    markup = full
    format = "<b>%s</b>\\n%b"
    history_length = 1000
    notification_limit = 0
    sticky_history = yes
    idle_threshold = 0
    show_age_threshold = -1
    icon_position = off
    font = Monospace 8

[urgency_low]
    timeout = 0

[urgency_normal]
    timeout = 0

[urgency_critical]
    timeout = 0
"""

# Most of the desktop is up in well under a second; this only bounds a hang.
STEP_TIMEOUT = 15.0


class MissingBinaries(RuntimeError):
    """Raised when programs needed for the desktop are not installed."""

    def __init__(self, missing: Sequence[tuple[str, str]]):
        self.missing = list(missing)
        packages = sorted({pkg for _, pkg in self.missing})
        names = ", ".join(f"{binary} (Debian package {pkg})" for binary, pkg in self.missing)
        super().__init__(
            f"e2e desktop needs programs that are not installed: {names}. "
            f"Install with: apt-get install {' '.join(packages)}"
        )


class DesktopError(RuntimeError):
    """A desktop component failed to start or misbehaved."""


def find_missing(binaries: Mapping[str, str]) -> list[tuple[str, str]]:
    """Return ``(binary, package)`` for each binary not found on PATH."""
    return [(b, pkg) for b, pkg in binaries.items() if shutil.which(b) is None]


def check_binaries() -> None:
    """Raise ``MissingBinaries`` unless everything ``Desktop.start`` runs is present."""
    missing = find_missing(REQUIRED_BINARIES)
    if all(shutil.which(b) is None for b in BUS_BINARIES):
        missing.append(("dbus-daemon or dbus-launch", "dbus-daemon or dbus-x11"))
    if missing:
        raise MissingBinaries(missing)


def require(*binaries: str) -> None:
    """Raise ``MissingBinaries`` if any of the given optional programs is absent."""
    known = {**REQUIRED_BINARIES, **BUS_BINARIES, **OPTIONAL_BINARIES}
    missing = find_missing({b: known.get(b, "?") for b in binaries})
    if missing:
        raise MissingBinaries(missing)


def wait_until(condition: Callable[[], Any], timeout: float, what: str,
               interval: float = 0.05) -> Any:
    """Call ``condition`` until it returns something truthy, and return that.

    Raises ``TimeoutError`` naming ``what`` once ``timeout`` seconds pass.
    Exceptions from ``condition`` propagate, so it can abort the wait early
    (e.g. when the process being waited for has died).
    """
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise TimeoutError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(interval)


def parse_dunst_history(text: str) -> list[dict[str, Any]]:
    """Flatten the JSON printed by ``dunstctl history``.

    dunst prints busctl's rendering of an ``aa{sv}`` value::

        {"type": "aa{sv}", "data": [[{"summary": {"type": "s", "data": "..."}, ...}]]}

    Each notification becomes a plain ``{"summary": "...", "id": 3, ...}``.
    The order is kept as dunst gives it, newest first.
    """
    payload = json.loads(text)
    data = payload["data"]
    entries = data[0] if data and isinstance(data[0], list) else data
    return [
        {key: (value["data"] if isinstance(value, dict) and "data" in value else value)
         for key, value in entry.items()}
        for entry in entries
    ]


@dataclass(frozen=True)
class Window:
    """One X window as listed by ``xwininfo -children``."""

    id: int
    name: str | None
    wm_class: tuple[str, ...]
    width: int
    height: int


_XWININFO_LINE = re.compile(
    r'^\s+(?P<id>0x[0-9a-fA-F]+) (?:"(?P<name>.*?)"|\(has no name\)): '
    r'\((?P<cls>.*?)\)\s+(?P<w>\d+)x(?P<h>\d+)[+-]'
)


def parse_xwininfo_children(text: str) -> list[Window]:
    """Parse the child lines of ``xwininfo -children`` output."""
    windows = []
    for line in text.splitlines():
        match = _XWININFO_LINE.match(line)
        if match:
            windows.append(Window(
                id=int(match["id"], 16),
                name=match["name"],
                wm_class=tuple(re.findall(r'"((?:[^"\\]|\\.)*)"', match["cls"])),
                width=int(match["w"]),
                height=int(match["h"]),
            ))
    return windows


def selection_owner(display: str, selection: str) -> int | None:
    """Window owning an X selection, 0 if unowned, None if it cannot be asked.

    Uses libX11 through ctypes because no stock command-line tool reports
    the owner of an arbitrary selection such as ``_NET_SYSTEM_TRAY_S0``.
    """
    lib_name = ctypes.util.find_library("X11") or "libX11.so.6"
    try:
        xlib = ctypes.CDLL(lib_name)
    except OSError:
        return None
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XInternAtom.restype = ctypes.c_ulong
    xlib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    xlib.XGetSelectionOwner.restype = ctypes.c_ulong
    xlib.XGetSelectionOwner.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    dpy = xlib.XOpenDisplay(display.encode())
    if not dpy:
        return None
    try:
        # only_if_exists=True: an atom nobody interned cannot be owned.
        atom = xlib.XInternAtom(dpy, selection.encode(), 1)
        return int(xlib.XGetSelectionOwner(dpy, atom)) if atom else 0
    finally:
        xlib.XCloseDisplay(dpy)


def _die_with_parent() -> None:
    """preexec_fn: have the kernel SIGTERM the child if pytest itself dies.

    This is only a safety net for a SIGKILLed test run; normal teardown
    kills everything explicitly.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@dataclass
class _Managed:
    """A process we started in its own process group."""

    name: str
    proc: subprocess.Popen | None
    log: Path | None
    # Extra pids to kill (a bus daemon forked by dbus-launch is not our child).
    extra_pids: list[int] = field(default_factory=list)


def _kill_group(proc: subprocess.Popen, timeout: float = 5.0) -> None:
    """SIGTERM the process group led by ``proc``, SIGKILL if needed, then reap.

    The leader is only reaped after its group has been swept, so its pid
    (which is the group id) cannot have been reused by anything else when
    we signal the group.
    """
    if proc.returncode is None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            _signal_group(proc.pid, sig)
            if _wait_unreaped(proc.pid, timeout):
                break
        # Leader is a zombie now; take down anything it left in its group.
        _signal_group(proc.pid, signal.SIGKILL)
    proc.wait(timeout=timeout)


def _signal_group(pid: int, sig: int) -> None:
    """Signal the group ``pid`` leads, or just ``pid`` if it leads none."""
    try:
        if os.getpgid(pid) == pid:
            os.killpg(pid, sig)
        else:  # started without a new session: never hit our own group
            os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _wait_unreaped(pid: int, timeout: float) -> bool:
    """Wait for our child ``pid`` to exit without reaping it; False on timeout."""
    def exited() -> bool:
        try:
            return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
        except ChildProcessError:
            return True  # already reaped elsewhere
    try:
        wait_until(exited, timeout, f"pid {pid} to exit", interval=0.01)
        return True
    except TimeoutError:
        return False


def _kill_pid(pid: int, timeout: float = 5.0) -> None:
    """Terminate a process that is not our child; we cannot reap it, only wait."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        wait_until(lambda: not _pid_alive(pid), timeout, f"pid {pid} to exit")
    except TimeoutError:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie still answers kill(0); treat it as gone.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _read_line_from_fd(fd: int, timeout: float, what: str,
                       proc: subprocess.Popen, describe: Callable[[], str]) -> str:
    """Read one line that a child writes to ``fd`` (e.g. ``Xvfb -displayfd``)."""
    deadline = time.monotonic() + timeout
    data = b""
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise DesktopError(f"timed out after {timeout:g}s waiting for {what}\n{describe()}")
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(fd, 256)
        if not chunk:
            proc.poll()
            raise DesktopError(
                f"{what}: process exited (rc={proc.returncode}) before reporting\n{describe()}"
            )
        data += chunk
    return data.decode().strip()


class Desktop:
    """A running Xvfb + D-Bus + dunst + trayer session. Use ``Desktop.start()``."""

    def __init__(self, tmpdir: Path, screen: str = SCREEN):
        self.tmpdir = tmpdir
        self.screen = screen
        self.runtime_dir = tmpdir / "runtime"
        self.log_dir = tmpdir / "logs"
        self.display: str = ""
        self.bus_address: str = ""
        self.env: dict[str, str] = {}
        self.startup_seconds: float = 0.0
        self._managed: list[_Managed] = []
        self._spawned: list[subprocess.Popen] = []
        self._tray_panel: int | None = None
        self._ignored: set[tuple[Any, Any]] = set()
        self._has_history_clear = False
        self._stopped = False

    # ----------------------------------------------------------- life cycle

    @classmethod
    def start(cls, timeout: float = STEP_TIMEOUT, screen: str = SCREEN) -> "Desktop":
        """Start every component and return the ready desktop.

        ``screen`` is Xvfb's screen, ``"WIDTHxHEIGHTxDEPTH"`` (e.g. ``"1366x768x24"``).
        Raises ``MissingBinaries`` if a needed program is absent and
        ``DesktopError`` if a component fails to come up; in both cases
        anything already started is torn down first.
        """
        check_binaries()
        began = time.monotonic()
        tmpdir = Path(tempfile.mkdtemp(prefix="companion-e2e-"))
        desktop = cls(tmpdir, screen)
        try:
            desktop.runtime_dir.mkdir(mode=0o700)
            os.chmod(desktop.runtime_dir, 0o700)  # mkdir's mode is subject to umask
            desktop.log_dir.mkdir()
            desktop._start_xvfb(timeout)
            desktop._start_bus(timeout)
            desktop._start_dunst(timeout)
            desktop._start_trayer(timeout)
        except BaseException:
            desktop.stop()
            raise
        desktop.startup_seconds = time.monotonic() - began
        return desktop

    def stop(self) -> None:
        """Kill everything started, newest first, and remove the temp dir."""
        if self._stopped:
            return
        self._stopped = True
        errors: list[BaseException] = []
        # Keep going if one process resists, so the rest still get cleaned up.
        for proc in reversed(self._spawned):
            try:
                _kill_group(proc)
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)
        for managed in reversed(self._managed):
            try:
                if managed.proc is not None:
                    _kill_group(managed.proc)
                for pid in managed.extra_pids:
                    _kill_pid(pid)
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)
        self._remove_stale_x_files()
        shutil.rmtree(self.tmpdir, ignore_errors=True)
        if errors:
            raise DesktopError(f"teardown could not stop everything: {errors}")

    def __enter__(self) -> "Desktop":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---------------------------------------------------------- components

    def _base_env(self) -> dict[str, str]:
        env = dict(os.environ)
        for var in _FOREIGN_SESSION_VARS:
            env.pop(var, None)
        env["XDG_RUNTIME_DIR"] = str(self.runtime_dir)
        env["XDG_SESSION_TYPE"] = "x11"
        # The repo's root conftest sets QT_QPA_PLATFORM=offscreen in-process;
        # children of the desktop must use the real X server.
        env["QT_QPA_PLATFORM"] = "xcb"
        env.pop("DISPLAY", None)
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        return env

    def _launch(self, name: str, argv: Sequence[str], *, pass_fds: Iterable[int] = (),
                env: Mapping[str, str] | None = None) -> _Managed:
        """Start a desktop component in its own session with output to a log."""
        log = self.log_dir / f"{name}.log"
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                list(argv), stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                env=dict(env if env is not None else self.env), pass_fds=tuple(pass_fds),
                start_new_session=True, preexec_fn=_die_with_parent,
            )
        managed = _Managed(name, proc, log)
        self._managed.append(managed)
        return managed

    def _describe(self, managed: _Managed) -> str:
        exists = managed.log is not None and managed.log.exists()
        text = managed.log.read_text(errors="replace") if exists else ""
        tail = "\n".join(text.splitlines()[-20:]) or "(empty)"
        return f"--- {managed.name} log ({managed.log}) ---\n{tail}"

    def _alive(self, managed: _Managed) -> None:
        """Raise DesktopError with the log if a component has exited."""
        if managed.proc is not None and managed.proc.poll() is not None:
            raise DesktopError(f"{managed.name} exited with code "
                               f"{managed.proc.returncode}\n{self._describe(managed)}")

    def _wait(self, managed: _Managed, condition: Callable[[], Any], timeout: float,
              what: str) -> Any:
        def check() -> Any:
            self._alive(managed)
            return condition()
        try:
            return wait_until(check, timeout, what)
        except TimeoutError as exc:
            raise DesktopError(f"{exc}\n{self._describe(managed)}") from None

    def _launch_and_read(self, name: str, argv: Callable[[int], list[str]], what: str,
                         timeout: float, env: Mapping[str, str] | None = None
                         ) -> tuple[_Managed, str]:
        """Launch a program that reports one line on a file descriptor we pass it."""
        read_fd, write_fd = os.pipe()
        try:
            managed = self._launch(name, argv(write_fd), pass_fds=(write_fd,), env=env)
            os.close(write_fd)  # so EOF shows up if the child dies without writing
            write_fd = -1
            line = _read_line_from_fd(read_fd, timeout, what, managed.proc,
                                      lambda: self._describe(managed))
        finally:
            os.close(read_fd)
            if write_fd >= 0:
                os.close(write_fd)
        return managed, line

    def _start_xvfb(self, timeout: float) -> None:
        # -displayfd makes Xvfb choose a free display itself and write its
        # number once it accepts connections: no guessing, and no race with
        # another run grabbing the same :N.
        managed, number = self._launch_and_read(
            "xvfb",
            lambda fd: ["Xvfb", "-displayfd", str(fd), "-screen", "0", self.screen,
                        "-nolisten", "tcp", "-noreset"],
            "Xvfb display number", timeout, env=self._base_env(),
        )
        self.display = f":{number}"
        self.env = self._base_env()
        self.env["DISPLAY"] = self.display
        self._wait(managed, lambda: self._quiet(["xdotool", "getdisplaygeometry"]),
                   timeout, f"X server on {self.display}")

    def _start_bus(self, timeout: float) -> None:
        socket = self.runtime_dir / "bus"  # also where sd-bus/busctl look by default
        config = self.tmpdir / "dbus-session.conf"
        config.write_text(BUS_CONFIG.format(socket=socket))
        if shutil.which("dbus-daemon"):
            managed, address = self._launch_and_read(
                "dbus",
                lambda fd: ["dbus-daemon", f"--config-file={config}", "--nofork",
                            f"--print-address={fd}"],
                "D-Bus address", timeout,
            )
        else:
            # dbus-launch forks the daemon away from us and reports its pid.
            managed = self._launch(
                "dbus", ["dbus-launch", "--sh-syntax", f"--config-file={config}"])
            try:
                managed.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                raise DesktopError(
                    f"dbus-launch did not finish\n{self._describe(managed)}") from None
            output = managed.log.read_text()
            found = dict(re.findall(r"^(DBUS_SESSION_BUS_\w+)='?([^';\n]*)'?;", output, re.M))
            if "DBUS_SESSION_BUS_ADDRESS" not in found:
                raise DesktopError(f"dbus-launch printed no address\n{self._describe(managed)}")
            address = found["DBUS_SESSION_BUS_ADDRESS"]
            if found.get("DBUS_SESSION_BUS_PID", "").isdigit():
                managed.extra_pids.append(int(found["DBUS_SESSION_BUS_PID"]))
            managed.proc = None  # the launcher has exited; the daemon is tracked by pid
        self.bus_address = address
        self.env["DBUS_SESSION_BUS_ADDRESS"] = address
        self._wait(managed, lambda: self._quiet([
            "dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus", "org.freedesktop.DBus.GetId"]),
            timeout, "the session bus to answer")

    def _start_dunst(self, timeout: float) -> None:
        config = self.tmpdir / "dunstrc"
        config.write_text(_DUNSTRC)
        managed = self._launch("dunst", ["dunst", "-config", str(config)])
        # is-paused answers only once dunst owns org.freedesktop.Notifications;
        # the bus cannot activate anything else under that name.
        self._wait(managed, lambda: self._quiet(["dunstctl", "is-paused"]),
                   timeout, "dunst to own org.freedesktop.Notifications")
        help_text = self.run(["dunstctl", "help"]).stdout
        self._has_history_clear = "history-clear" in help_text

    def _start_trayer(self, timeout: float) -> None:
        managed = self._launch("trayer", ["trayer", *TRAYER_ARGS])
        screen = self.display.split(".", 1)[1] if "." in self.display else "0"

        def ready() -> bool:
            # Tray clients look for the selection owner, so that is what
            # "ready" means; the panel window is where icons end up.
            # (None means libX11 could not be loaded: fall back to the window.)
            owner = selection_owner(self.display, f"_NET_SYSTEM_TRAY_S{screen}")
            if owner == 0:
                return False
            self._tray_panel = self._find_tray_panel()
            return self._tray_panel is not None

        self._wait(managed, ready, timeout, "trayer to own the system tray selection")

    def _find_tray_panel(self) -> int | None:
        # trayer's visible window has WM_CLASS ("panel", "trayer"). xdotool
        # matches one pattern per search, so intersect two searches.
        def search(field: str, pattern: str) -> set[int]:
            out = self.run(["xdotool", "search", field, pattern]).stdout
            return {int(line) for line in out.split() if line.isdigit()}

        panels = search("--classname", "^panel$") & search("--class", "^trayer$")
        return min(panels) if panels else None

    def _remove_stale_x_files(self) -> None:
        """Remove the X lock and socket if Xvfb had to be SIGKILLed."""
        if not self.display:
            return
        number = self.display.lstrip(":").split(".")[0]
        lock = Path(f"/tmp/.X{number}-lock")
        xvfb = next((m for m in self._managed if m.name == "xvfb"), None)
        try:
            owner = int(lock.read_text().strip())
        except (OSError, ValueError):
            return
        if xvfb is not None and xvfb.proc is not None and owner == xvfb.proc.pid:
            lock.unlink(missing_ok=True)
            Path(f"/tmp/.X11-unix/X{number}").unlink(missing_ok=True)

    def _quiet(self, cmd: Sequence[str]) -> bool:
        """True if ``cmd`` exits 0 within a couple of seconds."""
        try:
            return self.run(cmd, timeout=5).returncode == 0
        except subprocess.TimeoutExpired:
            return False

    # -------------------------------------------------------- public helpers

    def _merged_env(self, extra: Mapping[str, str] | None) -> dict[str, str]:
        env = dict(self.env)
        if extra:
            env.update(extra)
        return env

    def run(self, cmd: Sequence[str], *, env: Mapping[str, str] | None = None,
            **kwargs: Any) -> subprocess.CompletedProcess:
        """``subprocess.run`` inside the desktop.

        ``env`` holds extra variables laid over the desktop env. Unless told
        otherwise: no stdin, output captured as text, 60 s timeout, no check.
        """
        if "input" not in kwargs:
            kwargs.setdefault("stdin", subprocess.DEVNULL)
        if "stdout" not in kwargs and "stderr" not in kwargs:
            kwargs.setdefault("capture_output", True)
        kwargs.setdefault("text", True)
        kwargs.setdefault("timeout", 60)
        return subprocess.run(list(cmd), env=self._merged_env(env), **kwargs)

    def spawn(self, cmd: Sequence[str], *, env: Mapping[str, str] | None = None,
              **kwargs: Any) -> subprocess.Popen:
        """``subprocess.Popen`` inside the desktop, in a new process group.

        The process is killed at teardown if still running; call
        ``terminate(proc)`` to stop it earlier. Stdin defaults to /dev/null.
        """
        kwargs.setdefault("stdin", subprocess.DEVNULL)
        kwargs.setdefault("start_new_session", True)
        proc = subprocess.Popen(list(cmd), env=self._merged_env(env), **kwargs)
        self._spawned.append(proc)
        return proc

    def terminate(self, proc: subprocess.Popen, timeout: float = 5.0) -> int:
        """Kill a process started by ``spawn`` (its whole group); return its exit code."""
        _kill_group(proc, timeout)
        if proc in self._spawned:
            self._spawned.remove(proc)
        return proc.returncode

    def _dunstctl(self, *args: str) -> subprocess.CompletedProcess:
        result = self.run(["dunstctl", *args], timeout=10)
        if result.returncode != 0:
            dunst = next(m for m in self._managed if m.name == "dunst")
            raise DesktopError(
                f"dunstctl {' '.join(args)} failed (rc={result.returncode}): "
                f"{result.stdout}{result.stderr}\n{self._describe(dunst)}"
            )
        return result

    def notifications(self) -> list[dict[str, Any]]:
        """Every notification dunst has received, newest first.

        Displayed notifications are closed first so that they move into
        dunst's history, which is the only thing dunstctl can list. Each item
        is a flat dict straight from dunst: ``id``, ``appname``, ``summary``,
        ``body`` (both exactly as the client sent them), ``message`` (what
        dunst renders after applying ``format`` and markup handling),
        ``category``, ``icon_path``, ``timestamp``, ``timeout``,
        ``progress``, ``default_action_name``, and any extra keys a newer dunst adds.
        """
        self._dunstctl("close-all")
        entries = parse_dunst_history(self._dunstctl("history").stdout)
        return [n for n in entries if (n.get("id"), n.get("timestamp")) not in self._ignored]

    def wait_for_notification(self, predicate: Callable[[dict[str, Any]], bool],
                              timeout: float = 10) -> dict[str, Any]:
        """Poll until a notification satisfies ``predicate``; return the newest such.

        Raises AssertionError listing everything seen if none matches in time.
        """
        seen: list[dict[str, Any]] = []

        def match() -> dict[str, Any] | None:
            nonlocal seen
            seen = self.notifications()
            return next((n for n in seen if predicate(n)), None)

        try:
            return wait_until(match, timeout, "notification", interval=0.1)
        except TimeoutError:
            listing = "\n".join(
                f"  - appname={n.get('appname')!r} summary={n.get('summary')!r} "
                f"body={n.get('body')!r}"
                for n in seen
            ) or "  (none)"
            raise AssertionError(
                f"no notification matched within {timeout:g}s; dunst has:\n{listing}"
            ) from None

    def clear_notifications(self) -> None:
        """Forget every notification received so far.

        dunst 1.9 has no ``history-clear``; there, the current history is
        remembered by (id, timestamp) and filtered out of later results.
        """
        if self._has_history_clear:
            self._dunstctl("close-all")
            self._dunstctl("history-clear")
            return
        self._ignored.update((n.get("id"), n.get("timestamp")) for n in self.notifications())

    def screenshot(self, path: str | os.PathLike[str]) -> Path:
        """Save the whole screen to ``path`` with ImageMagick's ``import``."""
        require("import")
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        result = self.run(["import", "-window", "root", str(path)], timeout=30)
        if result.returncode != 0 or not path.exists():
            raise DesktopError(f"import failed (rc={result.returncode}): {result.stderr}")
        return path

    @contextlib.contextmanager
    def keyboard_layouts(self, layouts: str) -> Iterator[None]:
        """Give the X keyboard these XKB layouts (e.g. ``"us,ru"``) inside the block; the rules,
        model, layouts, variants and options that were set before are put back afterwards.

        ``xdotool type`` presses a character's own key only if the keymap has it; for any other
        it rebinds a spare keycode per character, and a Qt client may look that key up after the
        next rebinding (Cyrillic then arrives with letters lost or swapped). With a layout that
        has the characters, xdotool switches groups and presses real keys.
        """
        require("setxkbmap")
        query = self.run(["setxkbmap", "-query"], timeout=10)
        if query.returncode != 0:
            raise DesktopError(f"setxkbmap -query failed: {query.stderr}")
        before = dict(re.findall(r"^(\w+):\s*(.*?)\s*$", query.stdout, re.M))
        restore = ["setxkbmap"]
        for name in ("rules", "model", "layout", "variant"):
            restore += [f"-{name}", before.get(name, "")]
        restore += ["-option", ""]  # clears the options, then sets the saved ones
        if before.get("options"):
            restore += ["-option", before["options"]]
        switched = self.run(["setxkbmap", "-layout", layouts], timeout=10)
        if switched.returncode != 0:
            raise DesktopError(f"setxkbmap -layout {layouts} failed: {switched.stderr}")
        try:
            yield
        finally:
            restored = self.run(restore, timeout=10)
            if restored.returncode != 0:
                raise DesktopError(f"{' '.join(restore)} failed: {restored.stderr}")

    def tray_icons(self) -> list[Window]:
        """Client windows currently embedded in trayer, in X stacking order.

        trayer wraps each XEmbed client in a socket window that is a child of
        its panel, so the icons are the panel's grandchildren.
        """
        trayer = next(m for m in self._managed if m.name == "trayer")
        self._alive(trayer)
        if self._tray_panel is None:
            raise DesktopError("trayer's panel window is not known")
        icons: list[Window] = []
        for socket in self._children(self._tray_panel):
            icons.extend(self._children(socket.id))
        return icons

    def wait_for_tray_icons(self, count: int, timeout: float = 10) -> list[Window]:
        """Poll until at least ``count`` icons are embedded; return them."""
        icons: list[Window] = []

        def enough() -> bool:
            nonlocal icons
            icons = self.tray_icons()
            return len(icons) >= count

        try:
            wait_until(enough, timeout, "tray icons", interval=0.05)
        except TimeoutError:
            raise AssertionError(
                f"expected at least {count} tray icon(s) within {timeout:g}s, have {icons}"
            ) from None
        return icons

    def _children(self, window: int) -> list[Window]:
        # A window can vanish between listing and querying (icon removed).
        result = self.run(["xwininfo", "-children", "-id", str(window)], timeout=10)
        return parse_xwininfo_children(result.stdout) if result.returncode == 0 else []
