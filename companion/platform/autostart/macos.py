"""macOS: a LaunchAgent in ~/Library/LaunchAgents, which launchd loads at the next login.

RunAtLoad starts the app once per login (no KeepAlive: quitting it from the tray means quit), and
ProcessType Interactive tells launchd it is an app the user sees, not a background job to throttle.
"""

from __future__ import annotations

import os
import plistlib
from collections.abc import Mapping
from pathlib import Path

from companion.platform.autostart.base import FileAutostart

LABEL = "io.github.supportcompanion"


def launch_agent(argv: list[str]) -> bytes:
    return plistlib.dumps({"Label": LABEL, "ProgramArguments": list(argv), "RunAtLoad": True,
                           "ProcessType": "Interactive"})


class MacAutostart(FileAutostart):
    def __init__(self, env: Mapping[str, str] = os.environ):
        home = Path(env.get("HOME") or Path.home())
        self.path = home / "Library" / "LaunchAgents" / f"{LABEL}.plist"

    def entry(self, command: list[str]) -> bytes:
        return launch_agent(command)

    def enabled(self) -> bool:
        try:
            agent = plistlib.loads(self.path.read_bytes())
        except (OSError, plistlib.InvalidFileException, ValueError):
            return False
        return isinstance(agent, dict) and agent.get("RunAtLoad") is True and bool(agent.get("ProgramArguments"))
