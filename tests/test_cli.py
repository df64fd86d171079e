"""The `companion` command on a real data dir: output, exit codes, nothing written on bad input."""

import json
import os
import re
import stat
from pathlib import Path

import pytest

from companion.cli import main
from companion.store.db import close_database


@pytest.fixture
def cli(tmp_path, capsys):
    data = tmp_path / "data"

    def run(*args, clock=None):
        code = main(["--data-dir", str(data), *args], clock=clock)
        close_database()
        out = capsys.readouterr()
        return code, out.out, out.err

    run("settings", "set", "timezone", "Europe/Moscow")
    return run


def tickets_json(cli):
    code, out, _ = cli("ticket", "list", "--json")
    assert code == 0
    return json.loads(out)


def test_add_list_update_snooze(cli):
    code, out, err = cli("ticket", "add", "SUP-1", "--client", "Иван", "--subject", "Принтер", "--every", "4h",
                         "--url", "https://acme.atlassian.net/browse/SUP-1")
    assert code == 0 and "added SUP-1" in out, err
    [t] = tickets_json(cli)
    assert t["key"] == "SUP-1" and t["client"] == "Иван" and t["cadence"] == "4h" and t["next_update_due"]
    code, out, _ = cli("ticket", "updated", "sup-1", "--note", "sent logs")
    assert code == 0 and "update logged" in out
    code, out, _ = cli("ticket", "snooze", "SUP-1", "1h")
    assert code == 0 and "silent until" in out
    code, out, _ = cli("ticket", "show", "SUP-1", "--json")
    shown = json.loads(out)
    assert shown["updates"][0]["note"] == "sent logs" and shown["snoozed_until"]


@pytest.mark.parametrize("args,message", [
    (("ticket", "add", "X-1", "--every", "sometimes"), "cannot read the cadence"),
    (("ticket", "add", "X-1", "--url", "file:///etc/passwd"), "only http and https"),
    (("ticket", "add", "X-1", "--promise", "blah blah"), "--promise: Cannot read “blah blah”"),
    (("ticket", "add", "X-1", "--channel", "pigeon"), "unknown channel"),
    (("ticket", "updated", "NOPE-1"), "no ticket"),
    (("settings", "set", "schedule", "mon-fry 09:00-18:00"), "unknown day"),
    (("settings", "set", "bogus", "1"), "unknown setting"),
    (("ticket", "frobnicate"), "invalid choice"),
])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(cli, args, message):
    code, out, err = cli(*args)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1
    assert tickets_json(cli) == []
    assert cli("settings", "get", "schedule")[1].strip() == "mon-fri 09:00-18:00"


def test_argparse_errors_exit_2_with_one_line(cli):
    code, _, err = cli("ticket", "add")
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_duplicate_open_key_is_refused(cli):
    assert cli("ticket", "add", "SUP-1")[0] == 0
    code, _, err = cli("ticket", "add", "sup-1")
    assert code == 2 and "already exists" in err


def test_schedule_setting_round_trip(cli):
    assert cli("settings", "set", "schedule", "mon-fri 09:00-13:00, 14:00-18:00")[0] == 0
    assert cli("settings", "get", "schedule")[1].strip() == "mon-fri 09:00-13:00,14:00-18:00"
    assert cli("settings", "set", "schedule", "mon-sun 00:00-24:00")[0] == 0
    assert cli("settings", "get", "schedule")[1].strip() == "mon-sun 00:00-24:00"


def test_export_import_round_trip_is_lossless(cli, tmp_path):
    cli("ticket", "add", "SUP-1", "--client", "Иван <ivan@example.com> & Co", "--every", "1d", "--promise", "+3d")
    cli("ticket", "add", "SUP-2", "--status", "waiting_client", "--every", "4h")
    cli("ticket", "updated", "SUP-1", "--note", "первый ответ")
    cli("ticket", "archive", "SUP-2")
    first = tmp_path / "one.json"
    assert cli("export", str(first))[0] == 0
    other = tmp_path / "other"
    assert main(["--data-dir", str(other), "import", str(first)]) == 0
    close_database()
    second = tmp_path / "two.json"
    assert main(["--data-dir", str(other), "export", str(second)]) == 0
    close_database()
    assert json.loads(first.read_text("utf-8")) == json.loads(second.read_text("utf-8"))


@pytest.mark.parametrize("content,message", [
    ("{not json", "not valid JSON at line 1"),
    ('{"format": "something-else"}', "not a support-companion export"),
    ('{"format": "support-companion", "version": 1, "tickets": [{"key": "A"}, {"key": ""}]}',
     "tickets[1].key"),
    ('{"format": "support-companion", "version": 1, "tickets": [{"key": "A", "promised_at": "friday"}]}',
     "tickets[0].promised_at"),
    ('{"format": "support-companion", "version": 1, "tickets": [{"key": "A", "updates": 5}]}',
     "tickets[0].updates: expected a list"),
    ('{"format": "support-companion", "version": 1, "settings": {"days_off": 5}, "tickets": []}',
     "settings.days_off"),
])
def test_bad_import_names_the_problem_and_imports_nothing(cli, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    code, _, err = cli("import", str(path))
    assert code == 2 and message in err
    assert tickets_json(cli) == []


def test_import_clash_with_an_open_ticket_rolls_back_everything(cli, tmp_path):
    path = tmp_path / "data.json"
    path.write_text(json.dumps({"format": "support-companion", "version": 1, "tickets": [
        {"key": "NEW-1"}, {"key": "SUP-1"}]}), encoding="utf-8")
    cli("ticket", "add", "SUP-1")
    code, _, err = cli("import", str(path))
    assert code == 2 and "SUP-1 already exists" in err
    assert [t["key"] for t in tickets_json(cli)] == ["SUP-1"]


def test_doctor_reports_the_setup(cli):
    code, out, _ = cli("doctor")
    assert code == 0
    assert f"schema version: {LATEST} (this app: {LATEST})" in out and "mode 0o600" in out
    assert "system tray:" in out and "notifications:" in out
    assert "replies:" in out and "clipboard:" in out


# -- reply templates ------------------------------------------------------------------------------
@pytest.fixture
def monday(cli, clock):
    """Monday 23 November 2026, 10:00 in Moscow, standing still: the fake clock handed to the CLI."""
    return lambda *args: cli(*args, clock=clock)


def replies_json(cli) -> list[dict]:
    code, out, err = cli("reply", "list", "--json")
    assert code == 0, err
    return json.loads(out)


def use_count(cli, slug: str) -> int:
    return next(r["use_count"] for r in replies_json(cli) if r["id"] == slug)


def test_reply_list_shows_the_shipped_library(cli):
    code, out, _ = cli("reply", "list", "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Acknowledge:" and lines[1].split() == ["*", "ack-received", "Request", "received"]
    assert "Upset client:" in lines
    code, out, _ = cli("reply", "list", "--lang", "ru")
    assert out.splitlines()[0] == "Подтверждение:" and "Получили обращение" in out.splitlines()[1]
    replies = replies_json(cli)
    assert len(replies) >= 40
    assert all(set(r["variants"]) == {"ru", "en"} for r in replies)
    first = replies[0]
    assert first["id"] == "ack-received" and first["category"] == "acknowledge" and first["favourite"] is True
    assert first["variants"]["ru"]["body"].startswith("{hello} ")


def test_reply_render_fills_the_ticket_in_the_chosen_language(monday):
    cli = monday
    cli("ticket", "add", "SUP-1", "--client", "Ольга", "--every", "1d")
    cli("ticket", "add", "SUP-2", "--client", "Olga", "--next-update", "+2h")
    code, out, err = cli("reply", "render", "ack-received", "--ticket", "SUP-1", "--lang", "ru")
    assert (code, err) == (0, "")
    assert out == ("Доброе утро, Ольга! Спасибо, что написали. Мы получили Ваше обращение SUP-1 и уже им "
                   "занимаемся. Вернусь к Вам с новостями завтра до 10:00.\n")
    code, out, _ = cli("reply", "render", "Уточню у разработчиков", "--ticket", "sup-2", "--lang", "ru")
    assert code == 0 and out.endswith("Вернусь к Вам с новостями сегодня до 12:00.\n")
    code, out, _ = cli("reply", "render", "dev-check", "--ticket", "SUP-2", "--lang", "en")
    assert code == 0 and out.endswith("I'll get back to you today by noon.\n")
    # Without --lang: the reply_language setting.
    cli("settings", "set", "reply_language", "ru")
    assert cli("reply", "render", "ack-on-it")[1].startswith("Принято, уже занимаюсь")


def test_reply_render_html_escapes_the_values(monday):
    cli = monday
    cli("ticket", "add", "SUP-1", "--client", "Ivan <b>&amp; Friends", "--every", "1d")
    code, out, _ = cli("reply", "render", "ack-received", "--ticket", "SUP-1", "--lang", "en", "--html")
    assert code == 0
    assert out.startswith("<p>Good morning, Ivan &lt;b&gt;&amp;amp; Friends! Thanks") and "<b>" not in out
    code, out, _ = cli("reply", "render", "ack-received", "--ticket", "SUP-1", "--lang", "en")
    assert out.startswith("Good morning, Ivan <b>&amp; Friends! Thanks")  # plain text stays as typed


def test_reply_render_strict_exits_3_on_an_unfilled_placeholder(monday):
    cli = monday
    cli("ticket", "add", "SUP-1", "--client", "Olga", "--every", "1d")
    code, out, err = cli("reply", "render", "deadline-estimate", "--ticket", "SUP-1", "--lang", "en", "--strict")
    assert code == 3
    assert "will be ready {promised}." in out
    assert err == "companion: warning: {promised}: ticket SUP-1 has no promised date\n"
    code, _, _ = cli("reply", "render", "deadline-estimate", "--ticket", "SUP-1", "--lang", "en")
    assert code == 0  # without --strict it only warns
    cli("ticket", "add", "SUP-2", "--client", "Olga", "--every", "1d", "--promise", "пятница 16:00")
    code, out, err = cli("reply", "render", "deadline-estimate", "--ticket", "SUP-2", "--lang", "ru", "--strict")
    assert (code, err) == (0, "") and "будет готово в пятницу до 16:00." in out


@pytest.mark.parametrize("args,message", [
    (("reply", "render", "no-such-reply"), "no reply called 'no-such-reply' (see `companion reply list`)"),
    (("reply", "render", "ack"), ("'ack' matches several replies (ack-received, ack-thanks-details, ack-on-it, "
                                  "ack-ownership); give the id or more of the name")),
    (("reply", "copy", "wait-rem"), "'wait-rem' matches several replies (wait-reminder, wait-reminder-2)"),
    (("reply", "render", "ack-on-it", "--ticket", "NOPE-1"), "no ticket 'NOPE-1'"),
])
def test_reply_names_that_do_not_resolve_are_one_line_errors(cli, args, message):
    code, out, err = cli(*args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err


def test_reply_copy_without_a_display_says_so_and_counts_nothing(cli, monkeypatch, qapp):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    code, out, err = cli("reply", "copy", "ack-on-it")
    assert code == 2 and out == ""
    assert err == ("companion: error: cannot copy: no display to copy to (DISPLAY and WAYLAND_DISPLAY are not "
                   "set)\n")
    assert use_count(cli, "ack-on-it") == 0


def test_reply_copy_with_unfilled_placeholders_needs_force(cli, monkeypatch, qapp):
    copied = []
    monkeypatch.setattr("companion.platform.clipboard.copy_detached", lambda text: copied.append(text) or "xclip")
    code, out, err = cli("reply", "copy", "ack-received", "--lang", "en")
    assert code == 2 and out == "" and copied == []
    assert "{ticket}: no ticket chosen" in err
    assert err.splitlines()[-1] == ("companion: error: ack-received: placeholders without a value (see above); "
                                    "nothing was copied (use --force to copy anyway)")
    assert use_count(cli, "ack-received") == 0
    code, out, _ = cli("reply", "copy", "ack-received", "--lang", "en", "--force")
    assert code == 0 and out == "copied ack-received (Request received) via xclip\n"
    assert copied[0].startswith("Hello! Thanks") and "request {ticket}" in copied[0]
    assert use_count(cli, "ack-received") == 1


@pytest.mark.parametrize("name,content,message", [
    ("broken.yml", 'matches:\n  - trigger: ":a"\n    replace: "fine"\n  - trigger: ":b"\n    label: "B"\n',
     "broken.yml: line 4: matches[1] has no replace text; nothing was imported"),
    ("broken.yml", 'matches:\n  - trigger: ":a"\n    replace: [oops\n', "broken.yml: line 4, column 1: not valid YAML"),
    ("broken.json", '{"format": "support-companion-replies",\n "version": 1,\n "templates": [}',
     "broken.json: line 3, column 16: not valid JSON"),
    ("broken.json", json.dumps({"format": "support-companion-replies", "version": 1, "templates": [
        {"id": "fine", "category": "acknowledge", "variants": {"en": {"title": "Fine", "body": "Fine."}}},
        {"id": "bad", "category": "acknowledge", "variants": {"de": {"title": "Gut", "body": "Gut."}}}]}),
     "templates[1].variants.de: unknown language"),
])
def test_reply_import_of_a_broken_file_names_the_place_and_imports_nothing(cli, tmp_path, name, content, message):
    before = replies_json(cli)
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, out, err = cli("reply", "import", str(path))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err, err
    assert replies_json(cli) == before


def test_reply_export_then_import_round_trips(cli, tmp_path, monkeypatch, qapp, capsys):
    monkeypatch.setattr("companion.platform.clipboard.copy_detached", lambda text: "xclip")
    assert cli("reply", "copy", "ack-on-it")[0] == 0  # a use count travels too
    path = tmp_path / "replies.json"
    code, out, _ = cli("reply", "export", str(path))
    assert code == 0 and out == f"exported 51 replies to {path}\n"
    other = tmp_path / "other"

    def other_cli(*args):
        code = main(["--data-dir", str(other), *args])
        close_database()
        return code, capsys.readouterr().out

    other_cli("settings", "set", "timezone", "Europe/Moscow")
    # The other data dir seeds the shipped library first, so the import updates all 51.
    assert other_cli("reply", "import", str(path)) == (0, f"imported 0 new and 51 updated replies from {path}\n")
    code, listed = other_cli("reply", "list", "--json")
    assert json.loads(listed) == replies_json(cli)
    assert next(r for r in json.loads(listed) if r["id"] == "ack-on-it")["use_count"] == 1
    again = tmp_path / "again.json"
    assert other_cli("reply", "export", str(again))[0] == 0
    assert json.loads(again.read_text("utf-8")) == json.loads(path.read_text("utf-8"))


@pytest.mark.parametrize("env,expected", [
    ({"LANG": "ru_RU.UTF-8"}, "Принято, уже занимаюсь"),
    ({"LC_MESSAGES": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"}, "Принято, уже занимаюсь"),
    ({"LC_ALL": "C.UTF-8", "LANG": "ru_RU.UTF-8"}, "Got it — I'm on it."),  # LC_ALL wins
    ({"LANG": "en_GB.UTF-8"}, "Got it — I'm on it."),
])
def test_reply_language_auto_follows_the_system_language(cli, monkeypatch, env, expected):
    for name in ("COMPANION_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert cli("settings", "get", "reply_language")[1].strip() == "auto"
    code, out, _ = cli("reply", "render", "ack-on-it")
    assert code == 0 and out.startswith(expected)
    cli("settings", "set", "reply_language", "en" if "Принято" in expected else "ru")
    assert not cli("reply", "render", "ack-on-it")[1].startswith(expected)  # the setting wins



def test_the_interface_language_is_companion_lang_then_the_setting_then_the_system(monday, monkeypatch):
    """The app's resolver (companion.language): replies on "auto" and the previews of typed times
    follow it; --lang and the reply_language setting still win for replies."""
    for name in ("COMPANION_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert monday("reply", "render", "ack-on-it")[1].startswith("Got it — I'm on it.")
    monday("settings", "set", "interface_language", "ru")
    assert monday("reply", "render", "ack-on-it")[1].startswith("Принято, уже занимаюсь")
    code, out, _ = monday("ticket", "add", "SUP-1", "--next-update", "tomorrow 11:00")
    assert code == 0 and out.splitlines()[1] == "  next-update: завтра, вт 24 ноября, 11:00 (через 1 дн 1 ч)"
    monkeypatch.setenv("COMPANION_LANG", "en")
    assert monday("reply", "render", "ack-on-it")[1].startswith("Got it — I'm on it.")
    assert monday("reply", "render", "ack-on-it", "--lang", "ru")[1].startswith("Принято, уже занимаюсь")
    monday("settings", "set", "reply_language", "ru")
    assert monday("reply", "render", "ack-on-it")[1].startswith("Принято, уже занимаюсь")

# -- stats ----------------------------------------------------------------------------------------
def seed_wellbeing(data_dir):
    """A Moscow week: Monday 23 and Wednesday 25 November 2026, and the Sunday before."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from companion.core.breaks import Record
    from companion.core.clock import FakeClock
    from companion.core.journal import Journal
    from companion.store.db import open_database
    from companion.store.models import ClientUpdate, Ticket

    msk = ZoneInfo("Europe/Moscow")

    def at(day, hour, minute=0):
        return datetime(2026, 11, day, hour, minute, tzinfo=msk)

    open_database(data_dir)
    journal = Journal(FakeClock(at(23, 10)), lambda: msk)
    for minute in (0, 20, 40):
        journal.record(Record("micro", "taken", at(23, 11, minute), None, 20))
    journal.record(Record("long", "done_early", at(23, 13), None, 600))
    journal.record(Record("micro", "skipped", at(23, 14), None, 0))
    journal.record(Record("long", "natural", at(23, 15), None, 900, reason="idle"))
    journal.record(Record("micro", "postponed", at(25, 10), None, 0))
    journal.record(Record("micro", "taken", at(25, 23, 30), None, 20))  # 20:30 UTC: still Wednesday
    journal.record(Record("micro", "taken", at(22, 23, 59), None, 20))  # Sunday: the week before
    ticket = Ticket.create(key="SUP-1", cadence_from=at(23, 9), created_at=at(23, 9), modified_at=at(23, 9))
    for when, on_time in ((at(23, 12), True), (at(23, 17), False), (at(25, 12), None)):
        ClientUpdate.create(ticket=ticket, at=when, on_time=on_time)
    journal.tough(ticket.id, 60, completed=True, automatic=True, at=at(23, 17, 1))
    journal.overtime(at(25, 18), at(25, 19, 30))
    close_database()


def stats_table(out: str) -> tuple[str, list[str], dict[str, list[str]]]:
    title, header, *lines = out.splitlines()
    return title, header.split(), {line[:19].strip(): line[19:].split() for line in lines}


def test_stats_shows_today_as_a_table(monday, tmp_path):
    seed_wellbeing(tmp_path / "data")
    code, out, err = monday("stats")
    assert (code, err) == (0, "")
    title, header, rows = stats_table(out)
    assert title == "Mon 2026-11-23 (Europe/Moscow)" and header == ["Mon", "23"]
    assert rows == {"breaks taken": ["4"], "finished early": ["1"], "postponed": ["0"], "skipped": ["1"],
                    "natural breaks": ["1"], "rest (h:mm)": ["0:26"], "overtime (h:mm)": ["0:00"],
                    "updates on time": ["1"], "updates late": ["1"], "updates, no due": ["0"],
                    "tough conversations": ["1"]}
    assert len({len(line) for line in out.splitlines()[1:]}) == 1  # aligned columns


def test_stats_week_has_a_column_per_day_and_a_total(monday, tmp_path):
    seed_wellbeing(tmp_path / "data")
    code, out, _ = monday("stats", "--week", "--date", "2026-11-27")
    assert code == 0
    title, header, rows = stats_table(out)
    assert title == "Week 2026-11-23 to 2026-11-29 (Europe/Moscow)"
    assert header == ["Mon", "23", "Tue", "24", "Wed", "25", "Thu", "26", "Fri", "27", "Sat", "28", "Sun", "29",
                      "total"]
    assert rows["breaks taken"] == ["4", "0", "1", "0", "0", "0", "0", "5"]
    assert rows["postponed"] == ["0", "0", "1", "0", "0", "0", "0", "1"]
    assert rows["overtime (h:mm)"] == ["0:00", "0:00", "1:30", "0:00", "0:00", "0:00", "0:00", "1:30"]
    assert rows["updates, no due"] == ["0", "0", "1", "0", "0", "0", "0", "1"]
    code, out, _ = monday("stats", "--week", "--date", "2026-11-22")  # the Sunday before: its own week
    assert stats_table(out)[2]["breaks taken"] == ["0", "0", "0", "0", "0", "0", "1", "1"]


def test_stats_json_lists_the_days_and_the_totals(monday, tmp_path):
    seed_wellbeing(tmp_path / "data")
    code, out, _ = monday("stats", "--week", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["period"], data["first"], data["last"], data["timezone"]) == (
        "week", "2026-11-23", "2026-11-29", "Europe/Moscow")
    assert [d["day"] for d in data["days"]] == [f"2026-11-{n}" for n in range(23, 30)]
    assert data["days"][0] == {"day": "2026-11-23", "breaks_taken": 4, "taken": 3, "done_early": 1, "postponed": 0,
                               "skipped": 1, "natural": 1, "rest_seconds": 1560, "overtime_seconds": 0,
                               "updates_on_time": 1, "updates_late": 1, "updates_unscheduled": 0, "tough": 1}
    assert data["totals"] == {"breaks_taken": 5, "taken": 4, "done_early": 1, "postponed": 1, "skipped": 1,
                              "natural": 1, "rest_seconds": 1580, "overtime_seconds": 5400, "updates_on_time": 1,
                              "updates_late": 1, "updates_unscheduled": 1, "tough": 1}
    code, out, _ = monday("stats", "--json", "--date", "2026-11-01")
    data = json.loads(out)
    assert data["period"] == "day" and len(data["days"]) == 1 and data["totals"]["breaks_taken"] == 0


@pytest.mark.parametrize("value", ["2026-13-01", "yesterday", "23.11.2026", ""])
def test_stats_with_a_bad_date_is_one_line_exit_2(cli, value):
    code, out, err = cli("stats", "--date", value)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert f"argument --date: {value!r} is not a date; use YYYY-MM-DD" in err


# -- a data file that cannot be used (issue 10, points 1 and 6) -----------------------------------
from companion.store.migrations import LATEST
from tests.store.damage import DAMAGES, digest, hand_to_nobody, reachable_dir, scribble, without_root

BAD = [("zero", "is empty (0 bytes, while a backup holds data)"),
       ("scribble", "is damaged (quick_check: "),
       ("foreign", "is not an SQLite database, or its header is damaged"),
       ("newer", f"is from a newer Support Companion (schema {LATEST + 1}; this app knows {LATEST})")]


def backed_up(cli, tmp_path):
    """A ticket in the data file and a backup that holds it (what a start of the app leaves)."""
    from companion.store.db import db_path, make_backup

    assert cli("ticket", "add", "SUP-1", "--client", "Иван")[0] == 0
    path = db_path(tmp_path / "data")
    assert make_backup(path) is not None
    return path


def one_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1 and "Traceback" not in err, err
    return err.strip()


@pytest.mark.parametrize("damage,words", BAD)
@pytest.mark.parametrize("command", [("ticket", "list"), ("ticket", "add", "SUP-2"),
                                     ("settings", "set", "agent_name", "Anna"), ("export", "out.json"),
                                     ("reply", "list"), ("stats",)])
def test_a_bad_data_file_is_one_line_exit_1_and_is_never_written(cli, tmp_path, monkeypatch, damage, words, command):
    monkeypatch.chdir(tmp_path)
    path = backed_up(cli, tmp_path)
    DAMAGES[damage](path)
    before = digest(path)
    code, out, err = cli(*command)
    line = one_line(err)
    assert code == 1 and out == ""
    assert line.startswith(f"companion: error: the data file {path} {words}")
    if damage == "newer":
        assert line.endswith("; use the newer Support Companion that wrote it (or update this one)")
    else:
        assert "; restore the newest good backup (" in line and ", tickets: 1) with: " in line
        assert line.endswith(f"with: companion --data-dir {tmp_path / 'data'} restore --latest")
    assert digest(path) == before
    assert len(list((tmp_path / "data" / "backups").glob("*.sqlite3"))) == 1
    assert not (tmp_path / "out.json").exists()


def test_without_a_good_backup_the_line_says_so(cli, tmp_path):
    from companion.store.db import db_path

    cli("ticket", "add", "SUP-1")
    path = db_path(tmp_path / "data")
    DAMAGES["foreign"](path)
    code, _, err = cli("ticket", "list")
    assert code == 1
    assert one_line(err).endswith("; there is no good backup to restore; move the file aside to start afresh")


def test_an_unreadable_data_file_is_one_line_exit_1(tmp_path, capsys):
    with reachable_dir(tmp_path) as folder:
        data = folder / "data"
        assert main(["--data-dir", str(data), "ticket", "add", "SUP-1"]) == 0
        close_database()
        capsys.readouterr()
        path = data / "companion.sqlite3"
        hand_to_nobody(data)
        os.chmod(path, 0)
        with without_root():
            code = main(["--data-dir", str(data), "ticket", "list"])
            doctor = main(["--data-dir", str(data), "doctor"])
        close_database()
        err = capsys.readouterr().err.splitlines()
        assert code == 1 and doctor == 1 and len(err) == 2 and "Traceback" not in "".join(err)
        assert err[0] == err[1]
        assert err[0].startswith(f"companion: error: the data file {path} is unreadable (Permission denied); ")
        assert err[0].endswith("make it a file your user can read and write, in a folder your user can write to")
        assert stat.S_IMODE(path.stat().st_mode) == 0


@pytest.mark.parametrize("damage,words", BAD)
def test_doctor_reports_a_bad_file_and_the_backups_without_crashing(cli, tmp_path, damage, words):
    path = backed_up(cli, tmp_path)
    DAMAGES[damage](path)
    before = digest(path)
    code, out, err = cli("doctor")
    assert code == 1 and one_line(err).startswith(f"companion: error: the data file {path} {words}")
    database = next(line for line in out.splitlines() if line.startswith("database:"))
    assert database.startswith(f"database:       {path} (mode 0o600): ") and words.split(" (")[0][3:] in database
    assert re.search(r"backups: +1; the newest good one \d{4}-\d\d-\d\d \d\d:\d\d \(tickets: 1\) in ", out)
    assert "system tray:" in out and "notifications:" in out and "schema version" not in out
    assert digest(path) == before


def test_doctor_counts_the_backups_of_a_sound_file(cli, tmp_path):
    backed_up(cli, tmp_path)
    code, out, err = cli("doctor")
    assert code == 0 and err == ""
    assert re.search(r"backups: +1; the newest good one .* \(tickets: 1\)", out)


def test_restore_latest_round_trip(cli, tmp_path):
    path = backed_up(cli, tmp_path)
    [backup] = (tmp_path / "data" / "backups").glob("*.sqlite3")
    DAMAGES["zero"](path)
    code, out, err = cli("restore", "--latest")
    assert code == 0 and err == "" and out.count("\n") == 1
    assert out.startswith(f"restored {backup} (tickets: 1); the previous file is kept as ")
    assert digest(path) == digest(backup)
    aside = Path(out.rsplit(" ", 1)[1].strip())
    assert aside.name.startswith("companion.sqlite3.damaged-") and aside.stat().st_size == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [t["key"] for t in tickets_json(cli)] == ["SUP-1"]
    assert cli("ticket", "add", "SUP-2")[0] == 0  # and it is a normal, writable data file again


def test_restore_of_a_bad_file_is_exit_2_and_changes_nothing(cli, tmp_path):
    path = backed_up(cli, tmp_path)
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(path.read_bytes())
    scribble(bad)
    before = digest(path)
    code, out, err = cli("restore", str(bad))
    assert code == 2 and out == "" and "is not a good backup: it is damaged (quick_check: " in one_line(err)
    code, _, err = cli("restore", str(tmp_path / "nothing.sqlite3"))
    assert code == 2 and "there is no file" in one_line(err)
    code, _, err = cli("restore")
    assert code == 2 and "one of the arguments --latest file is required" in one_line(err)
    assert digest(path) == before


def test_restore_without_backups_or_while_in_use_is_exit_1(cli, tmp_path):
    import sqlite3

    from companion.store.db import db_path, make_backup

    cli("ticket", "add", "SUP-1")
    code, _, err = cli("restore", "--latest")
    assert code == 1 and "there is no good backup in " in one_line(err)
    path = db_path(tmp_path / "data")
    make_backup(path)
    other = sqlite3.connect(str(path))
    other.execute("SELECT count(*) FROM ticket").fetchone()
    try:
        code, _, err = cli("restore", "--latest")
    finally:
        other.close()
    assert code == 1 and "is in use (is Support Companion running?); quit it first" in one_line(err)


def test_exports_are_the_user_s_alone_and_never_follow_a_planted_link(cli, tmp_path):
    """Issue 10, point 8: 0600 whatever the umask, no predictable temporary name to plant a
    symlink at, a directory as target gives one line and leaves nothing behind."""
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file")
    old = os.umask(0o022)
    try:
        for command in (("export",), ("reply", "export")):
            target = tmp_path / f"{command[-1]}-{len(command)}.json"
            (tmp_path / (target.name + ".tmp")).symlink_to(victim)
            code, out, err = cli(*command, str(target))
            assert code == 0, err
            assert stat.S_IMODE(target.stat().st_mode) == 0o600
            assert victim.read_text() == "someone else's file"
        folder = tmp_path / "a-folder"
        folder.mkdir()
        code, _out, err = cli("export", str(folder))
        assert code == 2 and err.count("\n") == 1 and "Is a directory" in err
        assert not list(tmp_path.glob("a-folder*.tmp")) and not list(folder.iterdir())
    finally:
        os.umask(old)


def test_a_data_folder_the_user_chose_keeps_its_permissions(tmp_path, capsys):
    """Issue 10, point 6: an existing folder is not chmod-ed; one we create is the user's alone."""
    chosen = tmp_path / "shared-folder"
    chosen.mkdir()
    os.chmod(chosen, 0o1777)
    assert main(["--data-dir", str(chosen), "ticket", "add", "SUP-1"]) == 0
    close_database()
    assert stat.S_IMODE(chosen.stat().st_mode) == 0o1777
    fresh = tmp_path / "fresh"
    assert main(["--data-dir", str(fresh), "ticket", "list"]) == 0
    close_database()
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700


@pytest.mark.parametrize("args", [("stats", "--date", "9999-12-31", "--week"), ("stats", "--date", "0001-01-01")])
def test_stats_dates_out_of_range_are_one_line(cli, args):
    code, _out, err = cli(*args)
    assert code == 2 and err.count("\n") == 1 and "1970–2199" in err


def test_an_absurdly_nested_import_is_one_line(cli, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    code, _out, err = cli("import", str(path))
    assert code == 2 and "nested too deeply" in err and "Traceback" not in err


def test_control_characters_in_imported_replies_are_refused(cli, tmp_path):
    path = tmp_path / "nul.csv"
    path.write_text("key\x00,body\x00here\n")
    code, _out, err = cli("reply", "import", str(path))
    assert code == 2 and "control character" in err
