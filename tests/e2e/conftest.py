"""Fixtures for end-to-end tests on a real (virtual) X desktop.

Every test collected under tests/e2e gets the ``e2e`` marker, so
``-m "not e2e"`` leaves them out and ``-m e2e`` runs only them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.e2e.desktop import Desktop, MissingBinaries, require

E2E_DIR = Path(__file__).resolve().parent
_STARTUP = pytest.StashKey[float]()


def _in_ci() -> bool:
    """CI counts as set unless it is empty or an explicit false-ish value."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _missing_tools(exc: MissingBinaries) -> None:
    """Fail on CI, whose image must provide the tools; skip anywhere else."""
    if _in_ci():
        pytest.fail(str(exc), pytrace=False)
    pytest.skip(str(exc))


def pytest_collection_modifyitems(config, items):
    # A conftest hook sees the whole session's items, not only ours.
    for item in items:
        if Path(item.path).resolve().is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


def pytest_terminal_summary(terminalreporter, config):
    startup = config.stash.get(_STARTUP, None)
    if startup is not None:
        terminalreporter.write_line(f"e2e desktop start-up: {startup:.2f}s")


@pytest.fixture(scope="session")
def desktop(request):
    """Xvfb + private D-Bus + dunst + trayer, shared by the whole session."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the e2e desktop needs Linux/X11")
    try:
        running = Desktop.start()
    except MissingBinaries as exc:
        _missing_tools(exc)
    request.config.stash[_STARTUP] = running.startup_seconds
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def require_tools():
    """``require_tools("notify-send", ...)``: skip, or fail on CI, if absent."""
    def check(*binaries: str) -> None:
        try:
            require(*binaries)
        except MissingBinaries as exc:
            _missing_tools(exc)
    return check
