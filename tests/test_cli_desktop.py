"""`companion install-desktop`: the menu entry, icons and metainfo in $XDG_DATA_HOME, an entry that
starts this installation, and `--uninstall` taking away exactly those files; and the shipped
desktop entry and metainfo themselves."""

from __future__ import annotations

import argparse
import configparser
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from companion import APP_NAME, __version__
from companion.cli import desktop
from companion.cli.common import Context
from companion.platform.autostart import exec_quote, start_command
from companion.resources import resources_dir

ROOT = Path(__file__).resolve().parents[1]
LINUX = resources_dir() / "linux"
ID = desktop.DESKTOP_ID
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def share(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    return tmp_path / "share"


def run(clock, capsys, *, uninstall=False):
    code = desktop.install(Context(argparse.Namespace(uninstall=uninstall), Path("unused"), clock))
    return code, capsys.readouterr().out


def entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive, Name[ru] included
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def unescaped(value: str) -> str:
    """A desktop file's string escapes undone (\\s, \\n, \\t, \\r, \\\\)."""
    return re.sub(r"\\(.)", lambda m: {"s": " ", "n": "\n", "t": "\t", "r": "\r"}.get(m[1], m[1]), value)


def installed(share: Path) -> set[Path]:
    return {path for path in share.rglob("*") if path.is_file()}


def test_install_writes_the_entry_the_icons_and_the_metainfo(share, clock, capsys):
    code, out = run(clock, capsys)
    assert code == 0
    sizes = (16, 24, 32, 48, 64, 128, 256, 512)
    expected = {share / "applications" / f"{ID}.desktop", share / "metainfo" / f"{ID}.metainfo.xml",
                share / "icons" / "hicolor" / "scalable" / "apps" / f"{ID}.svg",
                *(share / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{ID}.png" for n in sizes)}
    assert installed(share) == expected
    *wrote, last = out.splitlines()
    assert {Path(line.removeprefix("wrote ")) for line in wrote} == expected and len(wrote) == len(expected)
    assert "--uninstall" in last
    assert (share / "icons/hicolor/48x48/apps" / f"{ID}.png").read_bytes() == \
        (resources_dir() / "icons" / "companion-48.png").read_bytes()


def test_the_installed_entry_starts_this_installation(share, clock, capsys, tmp_path):
    run(clock, capsys)
    written = entry(share / "applications" / f"{ID}.desktop")
    assert written["Exec"] == exec_quote(start_command()) and start_command()[0] == sys.executable
    assert unescaped(written["TryExec"]) == sys.executable
    assert {key: value for key, value in written.items() if key not in ("Exec", "TryExec")} == \
        {key: value for key, value in entry(LINUX / f"{ID}.desktop").items() if key != "Exec"}
    argv = shlex.split(unescaped(written["Exec"]))  # no field codes; shell quoting reads the same here
    started = subprocess.run([*argv, "--version"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert started.stdout.strip() == f"companion {__version__}", started.stderr


def test_uninstall_removes_exactly_what_install_wrote(share, clock, capsys):
    theirs = {share / "applications" / "other.desktop", share / "icons/hicolor/48x48/apps/other.png"}
    for path in theirs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("not ours")
    run(clock, capsys)
    code, out = run(clock, capsys, uninstall=True)
    assert code == 0 and len(out.splitlines()) == 11 and all(line.startswith("removed ") for line in out.splitlines())
    assert installed(share) == theirs
    code, out = run(clock, capsys, uninstall=True)
    assert code == 0 and out.startswith("nothing to remove")


def test_elsewhere_it_says_so_and_writes_nothing(share, clock, capsys, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    code, out = run(clock, capsys)
    assert code == 0 and out == f"{APP_NAME} needs no install-desktop step on Windows: it is for Linux and BSD menus.\n"
    assert not share.exists()


def test_a_relative_xdg_data_home_is_ignored(monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")
    assert desktop.data_home() == Path.home() / ".local" / "share"


def test_the_shipped_entry(tmp_path):
    shipped = entry(LINUX / f"{ID}.desktop")
    assert {"Type": "Application", "Name": APP_NAME, "Exec": "companion", "Icon": ID, "Terminal": "false",
            "StartupNotify": "false"}.items() <= dict(shipped).items()
    for key in ("Name[ru]", "GenericName", "GenericName[ru]", "Comment", "Comment[ru]", "Categories", "Keywords",
                "Keywords[ru]"):
        assert shipped.get(key), key
    for key in ("GenericName[ru]", "Comment[ru]", "Keywords[ru]"):
        assert re.search("[а-яё]", shipped[key]), key
    # the app keeps its name in Russian too (companion_ru.ts), so the menu says what its windows say
    assert shipped["Name[ru]"] == APP_NAME
    # on Wayland the window's app id, on X11 its WM_CLASS: what the app sets is what the entry matches
    [app_id] = re.findall(r'setDesktopFileName\("([^"]+)"\)', (ROOT / "companion/cli/gui.py").read_text())
    assert shipped["StartupWMClass"] == app_id


def test_the_shipped_metainfo():
    root = ET.parse(LINUX / f"{ID}.metainfo.xml").getroot()
    assert root.get("type") == "desktop-application" and root.findtext("id") == ID
    assert root.findtext("launchable[@type='desktop-id']") == f"{ID}.desktop"
    assert (root.findtext("metadata_license"), root.findtext("project_license")) == ("CC0-1.0", "MIT")
    assert root.findtext("name") == APP_NAME
    summaries = {node.get(XML_LANG): node.text for node in root.iter("summary")}
    assert set(summaries) == {None, "ru"} and re.search("[а-яё]", summaries["ru"])
    paragraphs = [node.get(XML_LANG) for node in root.iterfind("description/p")]
    assert paragraphs.count(None) == paragraphs.count("ru") >= 1
    assert root.find("content_rating").get("type") == "oars-1.1"
    assert root.find("releases/release").get("version") == __version__, "a release entry for this version"


def test_the_command_installs_and_uninstalls_the_menu_entry(tmp_path, monkeypatch, capsys):
    from companion.cli import main

    if not sys.platform.startswith(("linux", "freebsd")):
        pytest.skip("the menu entry is a Linux/BSD affair")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert main(["--data-dir", str(tmp_path / "data"), "install-desktop"]) == 0
    entry = tmp_path / "share" / "applications" / "io.github.supportcompanion.desktop"
    assert entry.is_file() and str(entry) in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path / "data"), "install-desktop", "--uninstall"]) == 0
    assert not entry.exists()
