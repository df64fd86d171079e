"""User settings: typed, validated, stored as JSON values in the setting table."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Callable

from companion.core import limits
from companion.core.cadence import Cadence
from companion.core.hotkeys import DEFAULT_HOTKEY, HotkeyError, parse_hotkey
from companion.core.clock import from_epoch, to_epoch
from companion.core.schedule import DEFAULT_SPEC, WorkSchedule, load_zone, parse_week, system_zone_name
from companion.store.models import Setting, db


class SettingError(ValueError):
    pass


def _text(value: Any) -> str:
    return str(value).strip()


def _name(value: Any) -> str:
    try:
        return limits.text(str(value).strip(), "agent_name")
    except limits.LimitError as exc:
        raise SettingError(str(exc)) from None


def _schedule(value: Any) -> str:
    try:
        return WorkSchedule.parse(str(value), "UTC").spec
    except ValueError as exc:
        raise SettingError(str(exc)) from exc


def _zone(value: Any) -> str:
    try:
        return load_zone(str(value).strip()).key
    except ValueError as exc:
        raise SettingError(str(exc)) from exc


def _hours(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SettingError(f"{value!r} is not a number of hours") from None
    if not 0 <= number <= 72:
        raise SettingError("the warning must be between 0 and 72 working hours")
    return number


def _cadence(value: Any) -> str:
    try:
        return Cadence.parse(str(value)).code
    except ValueError as exc:
        raise SettingError(str(exc)) from exc


def _days_off(value: Any) -> list[str]:
    if isinstance(value, str):
        items = [v.strip() for v in value.replace(";", ",").split(",") if v.strip()]
    elif isinstance(value, (list, tuple)) or value is None:
        items = [str(v).strip() for v in (value or [])]
    else:
        raise SettingError(f"{value!r} is not a list of dates (use YYYY-MM-DD, YYYY-MM-DD)")
    out = []
    for item in items:
        try:
            out.append(date.fromisoformat(item).isoformat())
        except ValueError:
            raise SettingError(f"{item!r} is not a date (use YYYY-MM-DD)") from None
    return sorted(set(out))


def _instant(value: Any) -> int | None:
    if isinstance(value, bool):
        raise SettingError(f"{value!r} is not an instant")
    if value in (None, "", "none", 0):
        return None
    if isinstance(value, datetime):
        value = to_epoch(value)
    elif not isinstance(value, int) or isinstance(value, bool):
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise SettingError(f"{value!r} is not an instant") from None
    try:
        return limits.epoch(value, "the time")
    except limits.LimitError as exc:
        raise SettingError(str(exc)) from None


def _minutes(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SettingError(f"{value!r} is not a number of minutes") from None
    if not 1 <= number <= 24 * 60:
        raise SettingError("minutes must be between 1 and 1440")
    return number


def _reply_language(value: Any) -> str:
    text = str(value).strip().casefold()
    if text not in ("auto", "ru", "en"):
        raise SettingError(f"{value!r} is not a reply language; use auto, ru or en")
    return text


def _interface_language(value: Any) -> str:
    text = str(value).strip().casefold()
    if text not in ("auto", "ru", "en"):
        raise SettingError(f"{value!r} is not an interface language; use auto, ru or en")
    return text


def _reply_id(value: Any) -> str:
    text = str(value or "").strip().casefold()
    if text and not all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in text):
        raise SettingError(f"{value!r} is not a reply id (see `companion reply list`)")
    return text


def _hotkey(value: Any) -> str:
    """Qt's notation, checked and written back in its order; "" or off: no hotkey."""
    text = str(value or "").strip()
    if text.casefold() in ("off", "none", "no", "нет"):
        return ""
    try:
        hotkey = parse_hotkey(text)
    except HotkeyError as e:
        raise SettingError(str(e)) from None
    return hotkey.text() if hotkey is not None else ""


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in ("1", "true", "yes", "on", "да"):
        return True
    if text in ("0", "false", "no", "off", "нет", ""):
        return False
    raise SettingError(f"{value!r} is not yes or no (use on/off, true/false, 1/0)")


def _count(low: int, high: int, what: str) -> Callable[[Any], int]:
    def clean(value: Any) -> int:
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            raise SettingError(f"{value!r} is not a whole number of {what}") from None
        if not low <= number <= high:
            raise SettingError(f"{what} must be between {low} and {high}")
        return number
    return clean


def _team_url(value: Any) -> str:
    text = str(value or "").strip()
    if not text:
        return ""
    from companion.store.team import TeamUrl, TeamUrlError

    try:
        parsed = TeamUrl.parse(text)
    except TeamUrlError as exc:
        raise SettingError(str(exc)) from None
    if parsed.password:
        raise SettingError("the team URL is kept without its password (the password goes to the keyring)")
    return parsed.url


@dataclass(frozen=True)
class Spec:
    default: Callable[[], Any]
    clean: Callable[[Any], Any]
    doc: str
    public: bool = True


SPECS: dict[str, Spec] = {
    "agent_name": Spec(lambda: "", _name, "your name, used in replies"),
    "schedule": Spec(lambda: DEFAULT_SPEC, _schedule,
                     'working hours, e.g. "mon-fri 09:00-18:00" or "mon-fri 09:00-13:00,14:00-18:00"'),
    "timezone": Spec(system_zone_name, _zone, "IANA time zone of the schedule"),
    "days_off": Spec(list, _days_off, "dates off work, e.g. 2026-12-31,2027-01-01"),
    "default_cadence": Spec(lambda: "1d", _cadence, "cadence for new tickets: none, Nh, 1d, 2d, 1w"),
    "promise_warning_hours": Spec(lambda: 2.0, _hours, "working hours of warning before a promised date"),
    "snooze_minutes": Spec(lambda: 15, _minutes, "default snooze length in minutes"),
    "update_lead_minutes": Spec(lambda: 15, _count(0, 240, "minutes"),
                                "remind this many minutes before a client update is due (0: at the due time)"),
    "interface_language": Spec(lambda: "auto", _interface_language,
                               "language of the windows, notices and CLI: auto (the system's), ru or en"),
    "reply_language": Spec(lambda: "auto", _reply_language,
                           "language of copied replies: auto (the interface language), ru or en"),
    "update_reply": Spec(lambda: "status-no-news", _reply_id,
                         "id of the reply the reminder popup copies as an update"),
    # Only the wish: the CLI and the Settings dialog make the OS do it (platform/autostart).
    "autostart": Spec(lambda: False, _flag, "start Support Companion when you log in: on or off"),
    # -- replying into other windows (platform/paste)
    "palette_hotkey": Spec(lambda: DEFAULT_HOTKEY, _hotkey,
                           'global hotkey for the reply palette over any window, e.g. "Ctrl+Alt+R"; off for none'),
    "paste_on_enter": Spec(lambda: True, _flag,
                           "Enter in the hotkey's palette pastes the reply into the window it was opened over "
                           "(off: Enter only copies)"),
    "paste_restore_clipboard": Spec(lambda: True, _flag,
                                    "put back what the clipboard held before a reply was pasted"),
    "tray_paste": Spec(lambda: False, _flag,
                       "a reply picked in the tray menu is also pasted into the window that was active"),
    "reminders_paused_until": Spec(lambda: None, _instant, "reminders and breaks are silent until then",
                                   public=False),
    # -- breaks (the kinds themselves, with intervals and suggestions, are in the break_kind table)
    "breaks_enabled": Spec(lambda: True, _flag, "rest breaks on the shift schedule: on or off"),
    "break_strict": Spec(lambda: False, _flag, "strict breaks: no Skip button"),
    "break_postpone_minutes": Spec(lambda: 5, _count(1, 60, "minutes"), "how long Postpone puts a break off"),
    "break_postpone_limit": Spec(lambda: 2, _count(0, 10, "postpones"),
                                 "how many times per hour a break may be postponed"),
    "break_postpone_window": Spec(lambda: 15, _count(0, 600, "seconds"),
                                  "Postpone is offered only in the first N seconds of a break"),
    "do_not_disturb": Spec(lambda: False, _flag, "hold breaks (they are offered once you turn this off)"),
    "breaks_state": Spec(dict, lambda v: dict(v) if isinstance(v, dict) else {}, "break timers", public=False),
    # -- shift and workload
    "shift_end_nudge_minutes": Spec(lambda: 10, _count(0, 240, "minutes"),
                                    "end-of-shift nudge this many minutes before the end (0: at the end)"),
    "capacity_tickets": Spec(lambda: 25, _count(1, 1000, "tickets"), "active tickets you can carry"),
    "capacity_updates": Spec(lambda: 20, _count(1, 1000, "updates"), "client updates you can make in a day"),
    "tough_after_difficult": Spec(lambda: False, _flag,
                                  "offer the breathing reset after updating a difficult client"),
    "tough_seconds": Spec(lambda: 60, _count(20, 600, "seconds"), "length of the breathing reset"),
    # -- team mode (core/team): the server's URL without its password (that is in the OS keyring), and
    # what was last heard from it, so the hand-off chooser and the offers still show while it is away
    "team_url": Spec(lambda: "", _team_url, "the team server's PostgreSQL URL (no password); set by `team join`",
                     public=False),
    "team_cache": Spec(dict, lambda v: dict(v) if isinstance(v, dict) else {}, "the team as last heard",
                       public=False),
}


class Settings:
    """Reads and writes settings. Values are validated on the way in."""

    def update_lead(self) -> timedelta:
        """How long before a client update is due its reminder comes."""
        return timedelta(minutes=int(self.get("update_lead_minutes")))

    def get(self, key: str) -> Any:
        spec = self._spec(key)
        row = Setting.get_or_none(Setting.key == key)
        if row is None:
            return spec.default()
        try:
            return spec.clean(json.loads(row.value))
        except (ValueError, SettingError):
            return spec.default()

    def set(self, key: str, value: Any) -> Any:
        spec = self._spec(key)
        clean = spec.clean(value)
        Setting.insert(key=key, value=json.dumps(clean, ensure_ascii=False)).on_conflict_replace().execute()
        return clean

    def validate(self, key: str, value: Any) -> Any:
        """The cleaned value, or SettingError saying what is wrong; nothing is written."""
        return self._spec(key).clean(value)

    def set_many(self, values: dict[str, Any]) -> None:
        """Validate everything first, then write all of it in one transaction (all or nothing)."""
        cleaned = {key: self.validate(key, value) for key, value in values.items()}
        with db.atomic():
            for key, value in cleaned.items():
                self.set(key, value)

    def all(self, public_only: bool = True) -> dict[str, Any]:
        return {k: self.get(k) for k, s in SPECS.items() if s.public or not public_only}

    @staticmethod
    def _spec(key: str) -> Spec:
        try:
            return SPECS[key]
        except KeyError:
            known = ", ".join(sorted(k for k, s in SPECS.items() if s.public))
            raise SettingError(f"unknown setting {key!r}; known: {known}") from None

    # -- typed helpers ---------------------------------------------------------------------
    def schedule(self) -> WorkSchedule:
        days_off = [date.fromisoformat(d) for d in self.get("days_off")]
        return WorkSchedule(load_zone(self.get("timezone")), parse_week(self.get("schedule")),
                            frozenset(days_off))

    def paused_until(self) -> datetime | None:
        stamp: int | None = self.get("reminders_paused_until")
        return from_epoch(stamp)
