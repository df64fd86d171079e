"""Fuzzing the command line (issue 10): whatever is typed into the ticket and settings commands,
and whatever JSON an import file holds, the answer is one line, exit 0 or 2, never a traceback,
and the data file still lists and exports afterwards."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.cli import main
from companion.core.settings import SPECS
from companion.store.db import close_database

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
TIMES = st.one_of(TEXT, st.sampled_from([
    "завтра в 15", "9999-12-31", "0001-01-01", "-1000y", "+9999w", "1e308", "в 25:00", "31.02",
    "12/15", "\x00", "через 999 рабочих дней", "99999999999999999999", "2026-13-01", "NaN"]))
EXAMPLES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def run(tmp_path, capsys):
    data = tmp_path / "data"

    def invoke(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data), *args])
        close_database()
        out = capsys.readouterr()
        return code, out.out, out.err

    assert invoke("ticket", "add", "SEED-1", "--every", "1d")[0] == 0
    return invoke


def check(result: tuple[int, str, str], run) -> None:
    code, _out, err = result
    assert code in (0, 2), (code, err)
    assert "Traceback" not in err and err.count("\n") <= 1, err
    code, out, err = run("ticket", "list", "--json")
    assert code == 0 and json.loads(out), err


@EXAMPLES
@given(key=TEXT, client=TEXT, url=TEXT, every=TEXT, next_update=TIMES, promise=TIMES)
def test_ticket_add_takes_anything_and_answers_in_one_line(run, tmp_path, key, client, url, every, next_update,
                                                           promise):
    args = ["ticket", "add", key or "K", "--client", client, "--url", url, "--every", every]
    if next_update:
        args.append(f"--next-update={next_update}")
    if promise:
        args.append(f"--promise={promise}")
    check(run(*args), run)
    code, _out, err = run("export", str(tmp_path / "out.json"))
    assert code == 0, err


@EXAMPLES
@given(until=TIMES)
def test_snooze_takes_anything(run, until):
    check(run("ticket", "snooze", "SEED-1", until or "x"), run)


@EXAMPLES
@given(key=st.sampled_from(sorted(k for k, s in SPECS.items() if s.public)), value=st.one_of(TEXT, TIMES))
def test_settings_take_anything(run, key, value):
    check(run("settings", "set", key, value or "x"), run)
    code, _out, err = run("settings", "get")
    assert code == 0, err


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-10 ** 30, max_value=10 ** 30) | st.floats(allow_nan=False)
    | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=20)
TICKET_FIELDS = ["key", "client", "channel", "subject", "url", "status", "priority", "notes", "cadence", "difficult",
                 "pause_remaining", "next_update_at", "next_update_due", "promised_at", "snoozed_until",
                 "created_at", "archived_at", "updates"]


@EXAMPLES
@given(tickets=st.lists(st.dictionaries(st.sampled_from(TICKET_FIELDS), JSONISH | TIMES, max_size=8), max_size=3))
def test_import_takes_any_ticket_json(run, tmp_path, tickets):
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"format": "support-companion", "version": 1, "tickets": tickets}), encoding="utf-8")
    check(run("import", str(path)), run)
    code, _out, err = run("export", str(tmp_path / "out.json"))
    assert code == 0, err
