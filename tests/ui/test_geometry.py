"""Every window fits a 1366×768 laptop screen at 1.0× and at 1.5×, with its buttons on the screen
(issue 13), and remembers where the agent left it, unless that no longer fits.

The offscreen platform reads its screen once per process, so each screen is one run of
tests/ui/fit_windows.py; its grabs go to test-artifacts/fit-<window>-<scale>.png for a person to look at.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QWidget

from companion.ui import geometry

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCALES = ("1", "1.5")
WINDOWS = ("main", "settings", "ticket", "palette", "editor", "popup", "wellbeing", "breathing", "restore", "welcome")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """{scale: {window: report}} from one fit_windows run per scale."""
    screen = tmp_path_factory.mktemp("screen") / "laptop.json"
    screen.write_text(json.dumps({"windowFrameMargins": True, "screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96, "dpr": 1}]}))
    found = {}
    for scale in SCALES:
        env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}", QT_SCALE_FACTOR=scale)
        done = subprocess.run([sys.executable, "-m", "tests.ui.fit_windows", str(ARTIFACTS)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr
        reports = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
        found[scale] = {report["window"]: report for report in reports}
    return found


def _inside(rect, area) -> bool:
    return QRect(*area).contains(QRect(*rect))


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("window", WINDOWS)
def test_window_fits_the_laptop_screen(runs, window, scale):
    report = runs[scale][window]
    width, height = report["available"][2:]
    assert (width, height) == ((1366, 768) if scale == "1" else (911, 512))
    assert _inside(report["frame"], report["available"]), report
    assert report["buttons"] or window in ("main", "breathing"), "the window's buttons were not found"
    for button in report["buttons"]:
        assert button["whole"] and _inside(button["rect"], report["available"]), (window, button)


def test_a_big_window_opens_smaller_than_it_wishes_and_centred(runs):
    main = runs["1.5"]["main"]
    x, y, w, h = main["frame"]
    assert w < 1200 and h < 660
    assert abs((x + w / 2) - 911 / 2) <= 2


# -- remembering, in this process (its screen is the offscreen default) -------------------------
@pytest.fixture
def area(qapp):
    return geometry.room(QWidget())


def test_remembered_geometry_is_restored(qtbot, area):
    first = QWidget()
    qtbot.addWidget(first)
    wanted = QRect(area.left() + 10, area.top() + 20, area.width() // 2, area.height() // 2)
    first.setGeometry(wanted)
    geometry.remember(first, "probe")
    again = QWidget()
    qtbot.addWidget(again)
    assert geometry.restore(again, "probe")
    assert again.geometry() == wanted


def test_nothing_remembered_fits_the_preferred_size(qtbot, area):
    window = QWidget()
    qtbot.addWidget(window)
    geometry.place(window, "never-seen", QSize(300, 200))
    assert window.size() == QSize(300, 200) and window.geometry().center() == area.center()


def test_a_remembered_geometry_bigger_than_the_screen_is_fitted_again(qtbot, area):
    big = QWidget()
    qtbot.addWidget(big)
    big.setGeometry(QRect(-50, -50, area.width() * 2, area.height() * 2))  # a bigger monitor, a smaller scale
    geometry.remember(big, "probe")
    again = QDialog()
    qtbot.addWidget(again)
    assert geometry.restore(again, "probe")
    assert area.contains(again.geometry()) and again.size() == area.size()


def test_a_remembered_geometry_is_kept_in_the_users_config_folder(qtbot, tmp_path):
    window = QWidget()
    qtbot.addWidget(window)
    geometry.remember(window, "probe")
    assert geometry.settings_path() == Path(os.environ["XDG_CONFIG_HOME"]) / "support-companion" / "windows.ini"
    assert geometry.settings_path().is_file()


def test_inside_moves_first_and_shrinks_only_if_it_must():
    area = QRect(0, 0, 900, 500)
    assert geometry.inside(QRect(800, 450, 300, 200), area) == QRect(600, 300, 300, 200)
    assert geometry.inside(QRect(-10, -10, 1000, 200), area) == QRect(0, 0, 900, 200)


def test_the_popup_stays_inside_the_screen_beside_a_tray_icon_on_the_panel(app, qtbot):
    screen = QGuiApplication.primaryScreen().availableGeometry()
    icon = QRect(screen.right() - 24, screen.bottom() + 2, 22, 22)  # a bottom panel's right corner
    popup = app.shell.popup
    popup.present(icon)
    assert geometry.room(popup).contains(popup.geometry())
