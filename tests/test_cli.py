"""The `companion` command on a real data dir: output, exit codes, nothing written on bad input."""

import json

import pytest

from companion.cli import main
from companion.store.db import close_database


@pytest.fixture
def cli(tmp_path, capsys):
    data = tmp_path / "data"

    def run(*args):
        code = main(["--data-dir", str(data), *args])
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
    (("ticket", "add", "X-1", "--promise", "blah blah"), "--promise: cannot understand the time"),
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
    assert "schema version: 2 (this app: 2)" in out and "mode 0o600" in out
    assert "system tray:" in out and "notifications:" in out
