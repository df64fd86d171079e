"""`companion install-desktop [--uninstall]`: a pip, pipx or PyInstaller installation put into the
applications menu of a Linux or BSD desktop — the menu entry, the icon at every size and the
AppStream metainfo, in the user's own data dir ($XDG_DATA_HOME, ~/.local/share by default).

The entry starts this very installation, with the command and quoting autostart uses
(platform.autostart: its Python with `-m companion`, or the bundle's executable), so a virtual
environment needs no `companion` on the PATH; its TryExec hides the entry once that installation
is gone. `--uninstall` removes exactly the files an install writes.

It writes no system directory and needs no root; it does not start the app at login and refreshes
no caches (desktops watch these directories, and the entry declares no MIME types). Distribution
packages and Flatpak ship the same files from companion/assets/linux their own way; Windows and
macOS need no such step.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from pathlib import Path
from typing import NamedTuple

from companion import APP_NAME
from companion.cli.common import CliError, Context

DESKTOP_ID = "io.github.supportcompanion"  # the entry's, the icon's and the metainfo's name
ICON_PNG = re.compile(r"companion-(\d+)\.png")


class Placed(NamedTuple):
    """One file an install writes: where, and its bytes."""

    target: Path
    content: bytes


def install(ctx: Context) -> int:
    if not _freedesktop():
        print(f"{APP_NAME} needs no install-desktop step on {_system()}: it is for Linux and BSD menus.")
        return 0
    from companion.platform.autostart import start_command

    files = placements(data_home(), start_command())
    if ctx.args.uninstall:
        removed = [placed.target for placed in files if _removed(placed.target)]
        for path in removed:
            print(f"removed {path}")
        if not removed:
            print(f"nothing to remove: {APP_NAME} was not installed in {data_home()}")
        return 0
    for placed in files:
        _write(placed)
        print(f"wrote {placed.target}")
    print(f"{APP_NAME} is in the applications menu (`companion install-desktop --uninstall` takes it out).")
    return 0


def placements(data: Path, argv: list[str]) -> list[Placed]:
    """Every file an install writes under the data dir `data`, the entry starting `argv`."""
    from companion.resources import icon_path, resources_dir

    entry, metainfo = f"{DESKTOP_ID}.desktop", f"{DESKTOP_ID}.metainfo.xml"
    shipped, icons = resources_dir() / "linux", data / "icons" / "hicolor"
    files = [Placed(data / "applications" / entry,
                    with_command((shipped / entry).read_text(encoding="utf-8"), argv).encode()),
             Placed(data / "metainfo" / metainfo, (shipped / metainfo).read_bytes()),
             Placed(icons / "scalable" / "apps" / f"{DESKTOP_ID}.svg", icon_path().read_bytes())]
    pngs = {int(found[1]): png for png in icon_path().parent.iterdir() if (found := ICON_PNG.fullmatch(png.name))}
    for size, png in sorted(pngs.items()):
        files.append(Placed(icons / f"{size}x{size}" / "apps" / f"{DESKTOP_ID}.png", png.read_bytes()))
    return files


def with_command(entry: str, argv: list[str]) -> str:
    """The desktop entry with its Exec= starting `argv`, and a TryExec= of `argv[0]` after it."""
    from companion.platform.autostart.xdg import escape_value, exec_quote

    lines = f"Exec={exec_quote(argv)}\nTryExec={escape_value(argv[0])}"
    changed, count = re.subn(r"^Exec=.*$", lambda _: lines, entry, count=1, flags=re.MULTILINE)
    if not count:
        raise ValueError("the shipped desktop entry has no Exec= line")
    return changed


def data_home() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset or relative (the Base Directory
    Specification says a relative path is to be ignored)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def _write(placed: Placed) -> None:
    """Through a temporary name, so the menu never reads half an entry."""
    temporary = placed.target.with_name(f".{placed.target.name}.tmp")
    try:
        placed.target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(placed.content)
        os.replace(temporary, placed.target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise CliError(f"cannot write {placed.target}: {exc.strerror or exc}") from None


def _removed(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise CliError(f"cannot remove {path}: {exc.strerror or exc}") from None
    return True


def _freedesktop() -> bool:
    return sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd", "dragonfly"))


def _system() -> str:
    return {"win32": "Windows", "cygwin": "Windows", "darwin": "macOS"}.get(sys.platform, sys.platform)
