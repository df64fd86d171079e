"""The screen tour's driver: the whole app on a real X desktop (tests/e2e/desktop.py), one window
or dialog at a time, each photographed with the screen around it and measured. Run by
tests/e2e/test_screen_tour.py in a process of its own per language and scale:

    DISPLAY=:N DBUS_SESSION_BUS_ADDRESS=… COMPANION_LANG=ru QT_SCALE_FACTOR=1.5 \\
        python -m tests.e2e.screen_tour OUT ru 1.5

It seeds a realistic week (tickets overdue, due soon, promised, waiting, snoozed, archived; updates,
breaks and a tough conversation behind them) on a fake clock through the services, starts the app
with its real tray icon (trayer hosts it) and its real notifications (dunst shows them), then walks
the table STOPS. For every shot it saves OUT/tour-<lang>-<scale>-<shot>.png (the whole screen, by
ImageMagick's `import`) and prints one JSON line: the window's frame and the screen's available
geometry in Qt's logical pixels, the frame as X sees it in device pixels, every push button with its
rectangle and whether all of it is visible, labels whose text does not fit, and (Russian run)
Latin words on screen. At the end it writes OUT/tour-<lang>-<scale>.json with all the lines
(scripts/refresh-readme-pictures.sh crops the README pictures by them).

It asserts nothing: the test does. It changes no window: modal dialogs are opened through the
same calls the app makes (exec() included), photographed from a timer while they run, and
rejected. A stop whose window does not exist yet (the welcome) is reported as skipped.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QtMsgType, QTimer, qInstallMessageHandler
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractScrollArea, QApplication, QDialog,
                               QGroupBox, QLabel, QLineEdit, QMenu, QPushButton, QStackedWidget, QTabBar, QWidget)

UTC = timezone.utc
# Wednesday 25 November 2026, 14:30 in Moscow: mid-shift, mid-week, the same picture every run.
NOW = datetime(2026, 11, 25, 11, 30, tzinfo=UTC)
ZONE = "Europe/Moscow"
STEP_TIMEOUT = 10.0  # seconds for a window to appear and settle; only bounds a hang
# Latin words a Russian agent may see: the product's name, ticket keys, addresses, placeholders.
ALLOWED_LATIN = {"Support", "Companion", "SUP", "GH", "CSV", "XLSX", "VPN", "URL", "CLI", "Ctrl", "Shift",
                 "Enter", "Esc", "Tab", "Del", "PgUp", "PgDown", "Alt", "http", "https", "example", "com",
                 "helpdesk", "romashka", "vector", "tehnoservis", "sokolov", "ivan", "olga", "maria", "pavel"}


# -- the sample data ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sample:
    """One ticket of the sample week, in both languages."""

    key: str
    client: tuple[str, str]  # (ru, en)
    contact: tuple[str, str]
    subject: tuple[str, str]
    channel: str = "chat"
    cadence: str = "1d"
    url: str = ""


SAMPLES = {
    "overdue": Sample("SUP-2041", ("ООО «Ромашка»", "Acme Ltd"), ("Иван Петров", "John Carter"),
                      ("Не приходят письма с портала после смены пароля",
                       "Portal e-mails stopped arriving after the password change"),
                      channel="email", url="https://helpdesk.example.com/browse/SUP-2041"),
    "soon": Sample("SUP-2057", ("ИП Соколов", "Sokolov & Sons"), ("", ""),
                   ("Ошибка 500 при оплате картой", "Error 500 when paying by card"), cadence="4h"),
    "promise": Sample("#5521", ("Мария Кузнецова", "Maria Gonzales"), ("", ""),
                      ("Нужен закрывающий документ за ноябрь", "Needs the November closing invoice"),
                      channel="email", cadence="2d"),
    "waiting": Sample("SUP-1998", ("ТехноСервис", "Northwind Traders"), ("Ольга Смирнова", "Olga Smith"),
                      ("Принтер печатает пустые страницы", "The printer prints blank pages"), channel="phone"),
    "snoozed": Sample("SUP-2063", ("Павел Орлов", "Paul Newman"), ("", ""),
                      ("VPN отключается каждый час", "VPN disconnects every hour")),
    "steady": Sample("GH-77", ("ООО «Вектор»", "Globex Corp"), ("Анна Белова", "Anna Bell"),
                     ("Экспорт в XLSX падает на файлах больше 50 МБ", "Export to XLSX fails on files over 50 MB"),
                     cadence="2d", url="https://helpdesk.example.com/browse/GH-77"),
    "archived": Sample("SUP-1950", ("ООО «Вектор»", "Globex Corp"), ("", ""),
                       ("Сброс пароля администратора", "Reset the administrator's password")),
}
NOTES = {"ru": ("Ответила, что проверяем почтовый шлюз", "Попросил прислать заголовки письма", "Звонок, всё объяснил"),
         "en": ("Told them we are checking the mail gateway", "Asked for the message headers", "Called, explained")}


def seed(data: Path, clock: Any, lang: str) -> None:
    """A week of work behind NOW: settings, updates and rests on the days before (so Wellbeing has
    something to show), then the tickets as they stand today."""
    from companion.core.breaks import Outcome, Record
    from companion.core.journal import Journal
    from companion.core.schedule import WorkSchedule
    from companion.core.settings import Settings
    from companion.core.tickets import TicketInput, TicketService
    from companion.store.db import open_database

    open_database(data)
    settings = Settings()
    settings.set("timezone", ZONE)
    settings.set("schedule", "mon-fri 09:00-18:00")
    settings.set("agent_name", "Анна" if lang == "ru" else "Anna")
    settings.set("interface_language", lang)
    now_epoch = int(NOW.timestamp())
    settings.set("breaks_state", {"anchor": {"micro": now_epoch, "long": now_epoch}})  # no break mid-tour
    schedule = WorkSchedule.parse("mon-fri 09:00-18:00", ZONE)
    tickets = TicketService(clock, schedule)
    journal = Journal(clock, lambda: schedule.tz)
    i = 0 if lang == "ru" else 1

    def make(sample: Sample, **extra: Any) -> int:
        data_in = TicketInput(sample.key, client=sample.client[i], contact=sample.contact[i],
                              subject=sample.subject[i], channel=sample.channel, cadence=sample.cadence,
                              url=sample.url, **extra)
        return tickets.create(data_in).id

    monday = datetime(2026, 11, 23, 6, 15, tzinfo=UTC)  # 09:15 in Moscow
    clock.set(monday)
    ids = {name: make(SAMPLES[name]) for name in ("overdue", "waiting", "steady", "archived")}
    for day in range(3):  # Monday to Wednesday morning: updates, breaks, one hard call
        start = monday + timedelta(days=day)
        for n, name in enumerate(("overdue", "steady", "waiting")):
            clock.set(start + timedelta(hours=1 + 2 * n, minutes=7 * day))
            tickets.mark_updated(ids[name], note=NOTES[lang][(n + day) % 3], channel=SAMPLES[name].channel)
        for hour in (1, 3, 5, 7):
            began = start + timedelta(hours=hour, minutes=40)
            outcome = Outcome.SKIPPED if (day, hour) == (1, 5) else Outcome.TAKEN
            seconds = 0 if outcome is Outcome.SKIPPED else 20
            journal.record(Record("micro", outcome, began, began + timedelta(seconds=seconds), seconds))
        long_break = start + timedelta(hours=4)
        journal.record(Record("long", Outcome.TAKEN, long_break, long_break + timedelta(minutes=10), 600))
    journal.tough(ids["steady"], 60, True, False, at=monday + timedelta(days=1, hours=6))
    tuesday_evening = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # 18:00 in Moscow
    journal.overtime(tuesday_evening, tuesday_evening + timedelta(minutes=35))

    clock.set(NOW - timedelta(hours=3))
    ids["soon"] = make(SAMPLES["soon"])
    ids["promise"] = make(SAMPLES["promise"], promised_at=NOW + timedelta(days=2, hours=1))
    ids["snoozed"] = make(SAMPLES["snoozed"], next_update_at=NOW - timedelta(minutes=10))
    clock.set(NOW)
    # Due dates: one late, one in 25 minutes; the rest follow their cadence.
    overdue = TicketInput(**{**_input_of(tickets.get(ids["overdue"])), "next_update_at": NOW - timedelta(minutes=40)})
    tickets.edit(ids["overdue"], overdue)
    soon = TicketInput(**{**_input_of(tickets.get(ids["soon"])), "next_update_at": NOW + timedelta(minutes=25)})
    tickets.edit(ids["soon"], soon)
    tickets.snooze(ids["snoozed"], NOW + timedelta(hours=1))
    clock.set(NOW - timedelta(hours=2, minutes=10))  # asked the client a question after lunch
    tickets.set_status(ids["waiting"], "waiting_client")
    clock.set(NOW)
    tickets.archive(ids["archived"])
    _seed_team(settings, tickets, ids, lang)


def _seed_team(settings: Any, tickets: Any, ids: dict[str, int], lang: str) -> None:
    """In a team whose server is away (a closed port): the colleagues as last heard, an offer waiting
    for Anna's answer and one of hers waiting for a colleague's — what an agent sees offline."""
    from companion.store.models import Handoff

    names = (("Борис Смирнов", "Олег Ким", "Лена Орлова") if lang == "ru"
             else ("Boris Smirnov", "Oleg Kim", "Lena Orlova"))
    board = [{"login": login, "name": name, "active": active, "due_today": due, "done_today": 0,
              "capacity_updates": 20, "capacity_tickets": 25, "schedule": spec, "tz": ZONE, "days_off": ""}
             for login, name, active, due, spec in (("boris", names[0], 3, 5, "mon-sun 00:00-24:00"),
                                                    ("oleg", names[1], 12, 3, "mon-sun 00:00-24:00"),
                                                    ("lena", names[2], 25, 19, ""))]
    settings.set("team_url", "postgresql://anna@127.0.0.1:1/support")
    settings.set("team_cache", {"board": board, "me": "anna"})
    Handoff.create(token="6d9e7c1a-0000-4000-8000-000000000001", offer_id=41, direction="in", ticket_key="SUP-2101",
                   summary="ООО «Лютик» · Не приходят письма" if lang == "ru" else "Buttercup Ltd · Mail not arriving",
                   colleague="lena", colleague_name=names[2],
                   note="Клиент ждёт звонка после 15:00" if lang == "ru" else "The client expects a call after 3 pm",
                   state="offered", created_at=NOW - timedelta(minutes=12))
    steady = tickets.get(ids["steady"])
    Handoff.create(token="6d9e7c1a-0000-4000-8000-000000000002", offer_id=42, direction="out", ticket=steady.id,
                   ticket_key=steady.key, colleague="boris", colleague_name=names[0],
                   note="У меня завал до вечера" if lang == "ru" else "I am swamped until tonight",
                   state="offered", created_at=NOW - timedelta(minutes=30))


def _input_of(ticket: Any) -> dict[str, Any]:
    names = ("key", "client", "contact", "channel", "subject", "url", "status", "priority", "difficult", "notes",
             "cadence", "next_update_at", "promised_at")
    return {name: getattr(ticket, name) for name in names if hasattr(ticket, name)}


# -- measuring ---------------------------------------------------------------------------------------
def rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def scroll_area_of(widget: QWidget, window: QWidget) -> QAbstractScrollArea | None:
    """The innermost scroll area `widget` is in, inside `window`."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def buttons_of(window: QWidget) -> list[dict[str, Any]]:
    """Every push button the agent can see (a dialog button box's are push buttons too). One in a
    scroll area may lie above or below the part scrolled into view, but not beside it: a window
    that has to be scrolled sideways to reach a button does not fit."""
    found = []
    for button in window.findChildren(QPushButton):
        if not button.isVisibleTo(window):
            continue
        where = global_rect(button)
        area = scroll_area_of(button, window)
        if area is None:
            whole = button.visibleRegion().boundingRect() == button.rect()
        else:
            view = global_rect(area.viewport())
            whole = view.left() <= where.left() and where.right() <= view.right()
        found.append({"text": button.text(), "rect": rect(where), "whole": whole, "scrolls": area is not None})
    return found


def sideways(window: QWidget) -> list[dict[str, Any]]:
    """Scroll areas showing a horizontal scroll bar: their content is wider than the window gives."""
    return [{"class": type(area).__name__, "item_view": isinstance(area, QAbstractItemView),
             "rect": rect(global_rect(area))}
            for area in window.findChildren(QAbstractScrollArea)
            if area.isVisibleTo(window) and area.horizontalScrollBar().isVisibleTo(window)]


def clipped_labels(window: QWidget) -> list[dict[str, Any]]:
    """Labels whose text needs more room than they have, where that can be measured: a one-line
    label narrower than its text, a wrapped one shorter than its lines, or one cut by its parent."""
    found = []
    for label in window.findChildren(QLabel):
        if not label.isVisibleTo(window) or not label.text():
            continue
        area = scroll_area_of(label, window)
        if area is not None:  # up and down is the scroll area's job; beside its view is cut off
            where, view = global_rect(label), global_rect(area.viewport())
            if where.right() > view.right() or where.left() < view.left():
                found.append({"text": label.text()[:120], "why": "beside its scroll area's view", "rect": rect(where)})
            continue
        inner = label.contentsRect().adjusted(label.margin(), label.margin(), -label.margin(), -label.margin())
        why = ""
        if label.wordWrap():
            need = label.heightForWidth(label.width())
            if need > label.height() + 1:
                why = f"needs {need} px of height, has {label.height()}"
        elif label.sizeHint().width() > label.width() + 1 and inner.width() > 0:
            why = f"needs {label.sizeHint().width()} px of width, has {label.width()}"
        if not why and label.visibleRegion().boundingRect() != label.rect():
            why = "cut off by its parent"
        if why:
            text = re.sub(r"<[^>]+>", "", label.text()) if "<" in label.text() else label.text()
            found.append({"text": text[:120], "why": why, "rect": rect(global_rect(label))})
    return found


def texts_on(window: QWidget) -> list[str]:
    """What the agent reads in the window's own chrome (not the data): titles, labels, buttons,
    tabs, group titles, placeholders, menu items."""
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QTabBar):
            texts.extend(widget.tabText(n) for n in range(widget.count()))
    if isinstance(window, QMenu):
        texts.extend(action.text() for action in window.actions())
    return texts


def latin_words(texts: list[str]) -> list[str]:
    words = []
    for text in texts:
        plain = re.sub(r"<[^>]+>|&\w+;|\{\w+\}|https?://\S+|\S+@\S+", " ", text)
        words += [w for w in re.findall(r"[A-Za-z]{3,}", plain) if w not in ALLOWED_LATIN]
    return sorted(set(words))


def x_geometry(window: QWidget) -> list[int] | None:
    """The window as the X server has it, in device pixels; None until it is mapped and viewable."""
    done = subprocess.run(["xwininfo", "-id", str(int(window.winId()))], capture_output=True, text=True, timeout=10)
    if done.returncode != 0 or "IsViewable" not in done.stdout:
        return None
    values = dict(re.findall(r"^\s*(Absolute upper-left [XY]|Width|Height):\s*(-?\d+)", done.stdout, re.M))
    return [int(values["Absolute upper-left X"]), int(values["Absolute upper-left Y"]),
            int(values["Width"]), int(values["Height"])]


# -- the tour ----------------------------------------------------------------------------------------
class Tour:
    def __init__(self, out: Path, lang: str, scale: str):
        self.out, self.lang, self.scale = out, lang, scale
        self.qapp = QApplication.instance()
        self.reports: list[dict[str, Any]] = []
        self.warnings: list[str] = []
        self.app: Any = None
        self.ids: dict[str, int] = {}

    # -- waiting and shooting ------------------------------------------------------------------
    def poll(self, condition: Callable[[], Any], what: str, timeout: float = STEP_TIMEOUT) -> Any:
        """Run the event loop until `condition` holds; it is checked every few milliseconds."""
        deadline = time.monotonic() + timeout
        while True:
            self.qapp.processEvents()
            result = condition()
            if result:
                return result
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out after {timeout:g}s waiting for {what}")
            time.sleep(0.005)  # the polling interval, not a wait for something to happen

    def settle(self, window: QWidget) -> list[int]:
        """Wait until the window is on the screen, exposed, done with its pending one-shot timers
        (debounced previews, deferred loads) and painted; return its frame as X has it."""
        def ready() -> list[int] | None:
            handle = window.windowHandle()
            if handle is None or not handle.isExposed():
                return None
            if any(timer.isActive() and timer.isSingleShot() for timer in window.findChildren(QTimer)):
                return None
            return x_geometry(window)

        self.poll(ready, f"{type(window).__name__} to be shown")
        window.repaint()  # painted now, whatever the backing store had
        self.qapp.processEvents()
        return self.poll(lambda: x_geometry(window), f"{type(window).__name__} to stay mapped")

    def shoot(self, name: str, window: QWidget, *, covers_screen: bool = False,
              also: tuple[QWidget, ...] = ()) -> dict[str, Any]:
        """Photograph the screen with `window` (and `also`) settled on it, and report them."""
        frame_px = self.settle(window)
        crop = QRect(*frame_px)
        for other in also:
            crop = crop.united(QRect(*self.settle(other)))
        png = f"tour-{self.lang}-{self.scale}-{name}.png"
        done = subprocess.run(["import", "-window", "root", str(self.out / png)], capture_output=True, text=True,
                              timeout=30)
        if done.returncode != 0:
            raise RuntimeError(f"import failed: {done.stderr}")
        screen = window.screen()
        texts = texts_on(window)
        report = {
            "window": name, "class": type(window).__name__, "title": window.windowTitle(), "png": png,
            "covers_screen": covers_screen, "frame": rect(window.frameGeometry()), "geometry": rect(window.geometry()),
            "available": rect(screen.availableGeometry()), "screen": rect(screen.geometry()),
            # (the window's handle: QWidget.devicePixelRatio() crashed on a dialog from activeModalWidget)
            "dpr": window.windowHandle().devicePixelRatio(), "frame_px": frame_px, "crop_px": rect(crop),
            "buttons": buttons_of(window), "sideways": sideways(window), "clipped_labels": clipped_labels(window),
            "latin": latin_words(texts) if self.lang == "ru" else [],
        }
        self.emit(report)
        return report

    def emit(self, report: dict[str, Any]) -> None:
        self.reports.append(report)
        print(json.dumps(report, ensure_ascii=False), flush=True)

    def skip(self, name: str, why: str) -> None:
        self.emit({"window": name, "skipped": why})

    def modal(self, opener: Callable[[], object], inside: Callable[[QWidget], None]) -> None:
        """Call `opener`, which runs a dialog with exec() as the app does; while it runs, `inside`
        gets the dialog (to photograph it, or open one more from it); then it is rejected."""
        before = QApplication.activeModalWidget()
        deadline = time.monotonic() + STEP_TIMEOUT
        state: dict[str, Any] = {"seen": False, "error": None}
        timer = QTimer()
        timer.setInterval(5)

        def look() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None or dialog is before:
                if time.monotonic() > deadline:
                    timer.stop()
                    state["error"] = TimeoutError("no dialog came up")
                return
            timer.stop()
            state["seen"] = True
            try:
                inside(dialog)
            except BaseException as exc:  # noqa: BLE001 - carried out of the dialog's event loop
                state["error"] = exc
            finally:
                # done(), not reject(): a dialog that asks before discarding typed data asks in reject().
                if isinstance(dialog, QDialog):
                    dialog.done(QDialog.DialogCode.Rejected)
                else:
                    dialog.close()

        timer.timeout.connect(look)
        timer.start()
        try:
            opener()
        finally:
            timer.stop()
        if state["error"] is not None:
            raise state["error"]
        if not state["seen"]:
            raise RuntimeError("the dialog closed before it could be photographed")

    def only(self, *keep: QWidget) -> None:
        """Hide every other top-level window, so a shot shows what it is about."""
        for widget in QApplication.topLevelWidgets():
            # The tray icon is a top-level widget too where the tray is XEmbed (trayer's).
            tray_icon = widget.metaObject().className() == "QSystemTrayIconSys"
            if widget.isVisible() and widget not in keep and not tray_icon and not isinstance(widget, QMenu):
                widget.hide()
        self.qapp.processEvents()

    # -- the app ---------------------------------------------------------------------------------
    def start(self, data: Path) -> None:
        from companion.app import CompanionApp
        from companion.core.clock import FakeClock
        from companion.platform.fullscreen import FakeFullscreen
        from companion.platform.idle import FakeIdle

        clock = FakeClock(NOW)
        seed(data, clock, self.lang)
        dunst("set-paused", "false")
        # The real notification backends (dunst on this desktop's bus) and the real tray (trayer).
        self.app = CompanionApp(data, clock=clock, use_tray=True, translate=True,
                                idle=FakeIdle(idle=None), fullscreen=FakeFullscreen(active=False))
        self.app.start()
        tickets = self.app.runtime.tickets
        self.ids = {name: tickets.get(sample.key).id for name, sample in SAMPLES.items()}

    @property
    def shell(self) -> Any:
        return self.app.shell

    def stop(self) -> None:
        app = self.app
        if app is None:
            return
        app.stop()
        if app.shell.editor is not None:
            app.shell.editor.dirty = False
        if app.shell.break_screens is not None:
            app.shell.break_screens.close_all()
        app.close_windows()
        self.qapp.processEvents()


def dunst(*args: str) -> str:
    done = subprocess.run(["dunstctl", *args], capture_output=True, text=True, timeout=10)
    return done.stdout.strip()


# -- the stops: one function per window (or set of tabs); STOPS below is the order ----------------
def notification(tour: Tour) -> None:
    """The catch-up digest, as dunst shows it, beside the tray icon."""
    tray = tour.shell.tray
    tour.poll(lambda: tray.icon.geometry().isValid() and tray.icon.geometry().width() > 0,
              "the tray icon to be embedded")
    tour.poll(lambda: dunst("count", "displayed") not in ("", "0"), "dunst to show the reminder")
    shown = tour.poll(lambda: subprocess.run(["xdotool", "search", "--onlyvisible", "--class", "Dunst"],
                                             capture_output=True, text=True).stdout.split(), "dunst's window")
    png = f"tour-{tour.lang}-{tour.scale}-notification.png"
    subprocess.run(["import", "-window", "root", str(tour.out / png)], check=True, timeout=30)
    tour.emit({"window": "notification", "png": png, "desktop": True, "dunst_windows": shown})
    dunst("close-all")
    dunst("set-paused", "true")  # later notices would cover the windows being photographed


def tray_menu(tour: Tour) -> None:
    tray = tour.shell.tray
    tour.shell.update_tray()
    menu = tray.menu
    at = tray.icon.geometry()
    menu.popup(at.bottomLeft())
    try:
        tour.shoot("tray-menu", menu, covers_screen=True)  # a menu may open over the panel
    finally:
        menu.hide()


def main_window(tour: Tour) -> None:
    try:
        from companion.ui.main_window import VIEWS
        names = [view for view, *_rest in VIEWS]
    except ImportError:
        names = []
    tour.shell.show_main()
    main = tour.shell.main
    tour.only(main)
    tabs = main.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        tour.shoot(f"main-{names[index] if index < len(names) else index}", main)
    main.select_ticket(tour.ids["overdue"])
    tour.shoot("main-detail", main)


def ticket_dialogs(tour: Tour) -> None:
    shell = tour.shell
    main = shell.main
    main.select_ticket(tour.ids["overdue"])

    def new(dialog: QWidget) -> None:
        tour.shoot("ticket-new", dialog)
        fill = {"url": "https://helpdesk.example.com/browse/SUP-2077",
                "client": "ООО «Ромашка»" if tour.lang == "ru" else "Acme Ltd",
                "contact": "Иван Петров <ivan@example.com>" if tour.lang == "ru" else "John Carter <john@example.com>",
                "subject": "Не открывается личный кабинет" if tour.lang == "ru" else "Cannot log in to the portal"}
        for field, text in fill.items():
            edit = getattr(dialog, field, None)
            if isinstance(edit, QLineEdit):
                edit.setText(text)
                edit.textEdited.emit(text)
        for field, text in (("next_update", "завтра 10:00" if tour.lang == "ru" else "tomorrow 10:00"),
                            ("promised", "пт 15:00" if tour.lang == "ru" else "fri 3pm")):
            when = getattr(dialog, field, None)
            if when is not None and hasattr(when, "set_text"):
                when.set_text(text)
        tour.shoot("ticket-new-filled", dialog)
        # The date-time picker behind the next update's "Pick… → Date and time…".
        when = getattr(dialog, "next_update", None)
        pick = next((getattr(when, name) for name in ("pick_datetime", "_pick_datetime")
                     if callable(getattr(when, name, None))), None)
        if pick is None:
            tour.skip("date-time-picker", "the ticket dialog has no date-time picker")
        else:
            tour.modal(pick, lambda d: tour.shoot("date-time-picker", d))

    tour.modal(shell.new_ticket, new)
    tour.modal(lambda: shell.edit_ticket(tour.ids["overdue"]), lambda d: tour.shoot("ticket-edit", d))
    tour.modal(lambda: shell.actions.mark_updated(tour.ids["overdue"], main),
               lambda d: tour.shoot("mark-updated", d))

    tour.modal(lambda: shell.actions.snooze_custom(tour.ids["overdue"], main), lambda d: tour.shoot("snooze-until", d))


def handoff(tour: Tour) -> None:
    shell = tour.shell
    shell.show_main()
    shell.main.select_ticket(tour.ids["overdue"])
    tour.modal(lambda: shell.actions.hand_off(tour.ids["overdue"], shell.main), lambda d: tour.shoot("handoff", d))
    shell.main.select_ticket(tour.ids["steady"])  # offered to Boris, waiting for his answer
    tour.only(shell.main)
    tour.shoot("main-handoff-log", shell.main)


def popup(tour: Tour) -> None:
    tour.shell.show_popup()
    tour.only(tour.shell.popup)
    tour.shoot("popup", tour.shell.popup)


def main_and_popup(tour: Tour) -> None:
    """The README's first picture: the list with a ticket open beside it, and the popup."""
    shell = tour.shell
    shell.show_main()
    shell.main.set_view("all") if hasattr(shell.main, "set_view") else None
    shell.main.select_ticket(tour.ids["steady"])
    shell.show_popup()
    tour.only(shell.main, shell.popup)
    tour.shoot("main-popup", shell.main, also=(shell.popup,))


def palette(tour: Tour) -> None:
    shell = tour.shell
    shell.show_palette(tour.ids["overdue"])
    tour.only(shell.palette)
    tour.shoot("palette", shell.palette)
    shell.palette.hide()


def editor(tour: Tour) -> None:
    shell = tour.shell
    shell.show_main()
    shell.main.select_ticket(tour.ids["overdue"])
    shell.open_reply_editor()
    tour.only(shell.editor)
    tour.shoot("editor", shell.editor)
    shell.editor.dirty = False
    shell.editor.hide()


def settings(tour: Tour) -> None:
    shell = tour.shell
    shell.show_main()
    tour.only(shell.main)
    try:
        from companion.ui.settings.base import TABS
        names = list(TABS)
    except ImportError:
        names = []

    def every_tab(dialog: QWidget) -> None:
        tabs = dialog.tabs
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            tour.shoot(f"settings-{names[index] if index < len(names) else index}", dialog)

    tour.modal(shell.open_settings, every_tab)


def wellbeing(tour: Tour) -> None:
    shell = tour.shell
    shell.show_wellbeing()
    window = shell.wellbeing
    tour.only(window)
    tour.shoot("wellbeing", window)
    if hasattr(window, "set_mode"):
        window.set_mode("week")
        tour.shoot("wellbeing-week", window)
    window.hide()


def breathing(tour: Tour) -> None:
    shell = tour.shell
    shell.tough_conversation(tour.ids["steady"])
    tour.only(shell.breathing)
    tour.shoot("breathing", shell.breathing)
    shell.breathing.close()


def break_window(tour: Tour) -> None:
    shell, runtime = tour.shell, tour.app.runtime
    tour.only()
    runtime.take_break()
    screens = tour.poll(lambda: shell.break_screens, "the break to be offered")
    window = tour.poll(lambda: screens.primary_window(), "the break window")
    tour.shoot("break", window, covers_screen=True)
    runtime.finish_break()
    tour.poll(lambda: not any(w.isVisible() for w in screens.windows), "the break window to close")


def restore(tour: Tour) -> None:
    from companion.store.health import Backup, FileState, Health
    from companion.ui import restore_dialog

    folder = Path(tempfile.mkdtemp(prefix="tour-restore-"))
    damaged = Health(folder / "companion.sqlite3", FileState.DAMAGED, "database disk image is malformed")
    good = Health(folder / "backup.sqlite3", FileState.OK, tickets=41)
    box, _restore = restore_dialog.question(damaged, (Backup(folder / "backup.sqlite3", NOW - timedelta(hours=5)),
                                                      good), NOW)
    tour.only()
    box.show()
    try:
        tour.shoot("restore", box)
    finally:
        box.close()


def welcome(tour: Tour) -> None:
    """The first-start welcome (Shell.show_welcome, when the shell has it): each of its pages."""
    shell = tour.shell
    if not callable(getattr(shell, "show_welcome", None)):
        tour.skip("welcome", "the shell has no welcome yet")
        return
    tour.only()
    shell.show_welcome()
    window = tour.poll(lambda: getattr(shell, "welcome", None) or QApplication.activeModalWidget(), "the welcome")
    try:
        for n in range(_page_count(window)):
            _turn_to(window, n)
            tour.shoot(f"welcome-{n + 1}", window)
    finally:
        # done(), not Skip: the same as skipping, without a question on the way.
        window.done(QDialog.DialogCode.Rejected) if isinstance(window, QDialog) else window.close()


def _pages(window: QWidget) -> QStackedWidget | None:
    """The window's page stack: its `pages`, else its largest stacked widget."""
    pages = getattr(window, "pages", None)
    if isinstance(pages, QStackedWidget):
        return pages
    stacks = [s for s in window.findChildren(QStackedWidget) if s.isVisibleTo(window) and s.count() > 1]
    return max(stacks, key=lambda s: s.width() * s.height(), default=None)


def _page_count(window: QWidget) -> int:
    pages = _pages(window)
    return pages.count() if pages is not None else 1


def _turn_to(window: QWidget, page: int) -> None:
    """Show page `page` as the window's own buttons would (its `go`, which also sets the heading
    and the buttons), else by turning its stack."""
    go = getattr(window, "go", None)
    if callable(go):
        go(page)
    elif (pages := _pages(window)) is not None:
        pages.setCurrentIndex(page)


# The tour, in order. A window another change is still adding is one more row here.
STOPS: list[tuple[str, Callable[[Tour], None]]] = [
    ("notification", notification),
    ("tray menu", tray_menu),
    ("main window", main_window),
    ("ticket dialogs", ticket_dialogs),
    ("hand-off dialog", handoff),
    ("popup", popup),
    ("main window and popup", main_and_popup),
    ("reply palette", palette),
    ("reply editor", editor),
    ("settings", settings),
    ("wellbeing", wellbeing),
    ("breathing", breathing),
    ("break window", break_window),
    ("restore dialog", restore),
    ("welcome", welcome),
]


def main(out: Path, lang: str, scale: str) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob(f"tour-{lang}-{scale}-*.png"):
        old.unlink()
    qapp = QApplication(sys.argv[:1])
    # As `companion` names itself (window titles end in the display name).
    from companion import APP_NAME

    qapp.setApplicationName("support-companion")
    qapp.setApplicationDisplayName(APP_NAME)
    qapp.setDesktopFileName("support-companion")
    tour = Tour(out, lang, scale)

    def on_message(kind: QtMsgType, _context: object, message: str) -> None:
        if kind != QtMsgType.QtDebugMsg:
            tour.warnings.append(message)
            print(json.dumps({"qt_message": message, "kind": kind.name}, ensure_ascii=False), flush=True)

    qInstallMessageHandler(on_message)
    failed = False
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="tour-data-") as data:
        try:
            tour.start(Path(data) / "data")
            for name, stop in STOPS:
                try:
                    stop(tour)
                except Exception:  # noqa: BLE001 - one stop failing must not hide the others
                    failed = True
                    tour.emit({"window": name, "error": traceback.format_exc()})
        finally:
            tour.stop()
    summary = {"lang": lang, "scale": scale, "seconds": round(time.monotonic() - began, 2),
               "shots": [r for r in tour.reports if "png" in r and "error" not in r]}
    (out / f"tour-{lang}-{scale}.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    print(json.dumps({"done": True, "seconds": summary["seconds"]}), flush=True)
    qInstallMessageHandler(None)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2], sys.argv[3]))
