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
