from PySide6.QtGui import QIcon

from companion.ui.tray import Tray


def test_tray_badge_tooltip_and_menu(qtbot):
    tray = Tray()
    tray.set_state(3, False, "")
    assert not tray.icon.icon().isNull()
    assert "Client updates to make now: 3" in tray.icon.toolTip()
    assert tray.due_action.text() == "Updates due (3)…"
    assert not tray.resume_action.isEnabled()
    tray.set_state(0, True, "Reminders paused until today 12:00")
    assert "paused until today 12:00" in tray.icon.toolTip() and tray.resume_action.isEnabled()
    titles = [a.text() for a in tray.menu.actions() if a.text()]
    assert titles == ["Updates due…", "Open tickets", "New ticket…", "Find reply…", "Take a break now",
                      "Do not disturb (hold breaks)", "Wellbeing…", "Pause everything", "Settings…", "Quit"]
    with qtbot.waitSignal(tray.pause) as blocker:
        tray.pause_menu.actions()[0].trigger()
    assert blocker.args == ["1h"]
    with qtbot.waitSignal(tray.new_ticket):
        tray.menu.actions()[2].trigger()


def test_badge_pixmaps_differ_with_the_count(qapp):
    from companion.ui.icons import badge_pixmap

    plain, one, many = badge_pixmap(0).toImage(), badge_pixmap(1).toImage(), badge_pixmap(12).toImage()
    assert plain != one and one != many


def test_every_menu_entry_has_an_icon_re_tinted_when_the_scheme_changes(qtbot, monkeypatch):
    from companion.ui import theme

    tray = Tray()
    entries = [a for a in tray.menu.actions() + tray.pause_menu.actions() if not a.isSeparator()
               and a is not tray.dnd_action]
    assert entries and all(not a.icon().isNull() for a in entries), [a.text() for a in entries if a.icon().isNull()]
    assert tray.dnd_action.icon().isNull()  # a check box: its tick must show, not a frame around an icon
    asked = []
    monkeypatch.setattr(theme, "symbol", lambda name: (asked.append(name), QIcon())[1])
    theme.notifier().changed.emit()
    assert set(asked) >= {"bell", "list", "new", "find", "break", "wellbeing", "pause", "resume",
                          "settings", "quit"}
    assert all(a.icon().isNull() for a in entries)  # the new (here: empty) icons were set
