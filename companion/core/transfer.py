"""Export and import of all data as JSON: lossless, validated before anything is written."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from companion.core import limits
from companion.core.cadence import Cadence, CadenceError
from companion.core.clock import Clock
from companion.core.settings import SPECS, Settings, SettingError
from companion.core.tickets import TicketInput, ValidationError, active_sql, is_active, search_text
from companion.store.models import ClientUpdate, Ticket, db, tuples

FORMAT = "support-companion"
VERSION = 1
_INSTANTS = ("next_update_at", "next_update_due", "promised_at", "snoozed_until", "last_update_at",
             "cadence_from", "created_at", "modified_at", "archived_at")
_TEXTS = ("key", "client", "contact", "channel", "subject", "url", "status", "priority", "notes", "cadence")


class TransferError(ValueError):
    pass


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def update_item(u: ClientUpdate) -> dict[str, Any]:
    """One logged client update as the export format writes it."""
    return {"at": _iso(u.at), "channel": u.channel, "note": u.note, "template": u.template,
            "due_at": _iso(u.due_at), "on_time": u.on_time}


def ticket_item(t: Ticket, updates: list[dict[str, Any]]) -> dict[str, Any]:
    """One ticket with its update log as the export format writes it (a hand-off carries one, too)."""
    item: dict[str, Any] = {name: getattr(t, name) for name in _TEXTS}
    item["difficult"] = bool(t.difficult)
    item["pause_remaining"] = t.pause_remaining
    item.update({name: _iso(getattr(t, name)) for name in _INSTANTS})
    item["updates"] = updates
    return item


def export_data() -> dict[str, Any]:
    updates_by_ticket: dict[int, list[dict[str, Any]]] = {}
    for u in ClientUpdate.select().order_by(ClientUpdate.at, ClientUpdate.id):
        updates_by_ticket.setdefault(u.ticket_id, []).append(update_item(u))
    tickets = [ticket_item(t, updates_by_ticket.get(t.id, [])) for t in Ticket.select().order_by(Ticket.id)]
    return {"format": FORMAT, "version": VERSION, "settings": Settings().all(public_only=True),
            "tickets": tickets}


def _instant(value: Any, where: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TransferError(f"{where}: expected an ISO date-time string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise TransferError(f"{where}: {value!r} is not an ISO date-time") from None
    if parsed.tzinfo is None:
        raise TransferError(f"{where}: {value!r} has no UTC offset")
    try:
        return limits.instant(parsed, where)
    except limits.LimitError as exc:
        raise TransferError(str(exc)) from None


# (settings, [(ticket row, [its update rows])]): the values of the models' fields, by name
_Rows = tuple[dict[str, Any], list[tuple[dict[str, Any], list[dict[str, Any]]]]]


def _rows(data: Any, clock: Clock) -> _Rows:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TransferError(f"not a {FORMAT} export (the 'format' field is missing or different)")
    if data.get("version") != VERSION:
        raise TransferError(f"export version {data.get('version')!r} is not supported (expected {VERSION})")
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        raise TransferError("'settings' must be an object")
    for key, value in settings.items():
        if key not in SPECS or not SPECS[key].public:
            raise TransferError(f"settings.{key}: unknown setting")
        try:
            SPECS[key].clean(value)
        except SettingError as exc:
            raise TransferError(f"settings.{key}: {exc}") from None
    raw_tickets = data.get("tickets")
    if not isinstance(raw_tickets, list):
        raise TransferError("'tickets' must be a list")
    now = clock.now()
    out = []
    active_keys: dict[str, int] = {}
    for i, raw in enumerate(raw_tickets):
        where = f"tickets[{i}]"
        if not isinstance(raw, dict):
            raise TransferError(f"{where}: expected an object")
        for name in _TEXTS:
            if name in raw and not isinstance(raw[name], str):
                raise TransferError(f"{where}.{name}: expected text")
        instants = {name: _instant(raw.get(name), f"{where}.{name}") for name in _INSTANTS}
        try:
            difficult = limits.flag(raw.get("difficult", False), f"{where}.difficult")
            pause = limits.seconds(raw.get("pause_remaining"), f"{where}.pause_remaining")
        except limits.LimitError as exc:
            raise TransferError(str(exc)) from None
        try:
            clean = TicketInput(key=raw.get("key", ""), client=raw.get("client", ""),
                                contact=raw.get("contact", ""),  # absent from exports made before it
                                channel=raw.get("channel", "chat"), subject=raw.get("subject", ""),
                                url=raw.get("url", ""), status=raw.get("status", "open"),
                                priority=raw.get("priority", "normal"), difficult=difficult,
                                notes=raw.get("notes", ""), cadence=raw.get("cadence", "none")).cleaned()
            Cadence.parse(clean.cadence)
        except (ValidationError, CadenceError) as exc:
            field = getattr(exc, "field", "cadence")
            raise TransferError(f"{where}.{field}: {exc}") from None
        row = {name: getattr(clean, name) for name in _TEXTS}
        row.update(instants)
        row["difficult"] = clean.difficult
        row["pause_remaining"] = pause
        row["created_at"] = row["created_at"] or now
        row["modified_at"] = row["modified_at"] or now
        row["cadence_from"] = row["cadence_from"] or row["created_at"]
        row["search_text"] = search_text(clean.key, clean.client, clean.subject, clean.notes, clean.contact)
        if is_active(clean.status, row["archived_at"]):
            folded = clean.key.casefold()
            if folded in active_keys:
                raise TransferError(f"{where}.key: {clean.key} appears twice among open tickets "
                                    f"(also tickets[{active_keys[folded]}])")
            active_keys[folded] = i
        updates = []
        raw_updates = raw.get("updates") or []
        if not isinstance(raw_updates, list):
            raise TransferError(f"{where}.updates: expected a list")
        for j, u in enumerate(raw_updates):
            uw = f"{where}.updates[{j}]"
            if not isinstance(u, dict):
                raise TransferError(f"{uw}: expected an object")
            at = _instant(u.get("at"), f"{uw}.at")
            if at is None:
                raise TransferError(f"{uw}.at: missing")
            on_time = u.get("on_time")
            if on_time is not None and not isinstance(on_time, bool):  # 1 == True, but 1 is not a flag
                raise TransferError(f"{uw}.on_time: expected true, false or null")
            for name in ("channel", "note", "template"):
                if u.get(name) is not None and not isinstance(u.get(name), str):
                    raise TransferError(f"{uw}.{name}: expected text")
                try:
                    limits.text(u.get(name) or "", name, multiline=name == "note")
                except limits.LimitError as exc:
                    raise TransferError(f"{uw}.{name}: {exc}") from None
            updates.append({"at": at, "channel": u.get("channel") or "", "note": u.get("note") or "",
                            "template": u.get("template") or "",
                            "due_at": _instant(u.get("due_at"), f"{uw}.due_at"), "on_time": on_time})
        out.append((row, updates))
    return settings, out


def import_data(data: Any, clock: Clock) -> int:
    """Add the exported tickets (and settings) to this database. All or nothing."""
    settings, rows = _rows(data, clock)
    with db.atomic():
        for key, value in settings.items():
            Settings().set(key, value)
        # The open keys here, read once: a query per imported ticket scanned the whole table each
        # time (casefold() cannot use an index), which made 10,000 tickets take minutes.
        open_keys = {key.casefold() for (key,) in tuples(Ticket.select(Ticket.key).where(active_sql()))}
        for row, updates in rows:
            if is_active(row["status"], row["archived_at"]):
                if row["key"].casefold() in open_keys:
                    raise TransferError(f"an open ticket {row['key']} already exists here")
            ticket = Ticket.create(**row)
            if updates:
                ClientUpdate.insert_many([{"ticket": ticket.id, **u} for u in updates]).execute()
    return len(rows)
