"""`companion ticket add/edit --contact`: the contact is kept, a mailbox is read as in the dialog,
`show` and `list --json` say it, and a reply rendered for the ticket greets the contact."""

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


def shown(cli, key):
    code, out, err = cli("ticket", "show", key, "--json")
    assert code == 0, err
    return json.loads(out)


def test_add_with_a_contact_and_list_and_show_say_it(cli):
    code, out, err = cli("ticket", "add", "SUP-1", "--client", "ООО «Ромашка»", "--contact", "Иван Петров")
    assert code == 0 and "added SUP-1" in out, err
    assert shown(cli, "SUP-1")["contact"] == "Иван Петров"
    code, out, _ = cli("ticket", "list", "--json")
    [ticket] = json.loads(out)
    assert (ticket["client"], ticket["contact"]) == ("ООО «Ромашка»", "Иван Петров")


def test_a_mailbox_as_the_client_is_split_as_the_dialog_splits_it(cli):
    cli("ticket", "add", "SUP-2", "--client", "Иван Петров <ivan@example.com>")
    ticket = shown(cli, "SUP-2")
    assert (ticket["client"], ticket["contact"]) == ("Иван Петров", "Иван Петров")
    assert "ivan@example.com" not in json.dumps(ticket, ensure_ascii=False)


def test_edit_changes_only_what_is_given(cli):
    cli("ticket", "add", "SUP-3", "--client", "ООО «Ромашка»", "--subject", "Экспорт", "--every", "4h")
    before = shown(cli, "SUP-3")
    code, out, err = cli("ticket", "edit", "sup-3", "--contact", '"Petrov, Ivan" <ivan@x.ru>')
    assert code == 0 and out == "SUP-3: client ООО «Ромашка», contact Petrov, Ivan, subject Экспорт\n", err
    after = shown(cli, "SUP-3")
    assert after["contact"] == "Petrov, Ivan"
    assert {k: v for k, v in after.items() if k != "contact"} == {k: v for k, v in before.items() if k != "contact"}
    code, _, _ = cli("ticket", "edit", "SUP-3", "--contact", "")
    assert code == 0 and shown(cli, "SUP-3")["contact"] == ""


def test_edit_refuses_an_overlong_contact_and_writes_nothing(cli):
    cli("ticket", "add", "SUP-4", "--contact", "Анна")
    code, out, err = cli("ticket", "edit", "SUP-4", "--contact", "А" * 501)
    assert code == 2 and out == "" and "contact" in err and len(err.strip().splitlines()) == 1
    assert shown(cli, "SUP-4")["contact"] == "Анна"


@pytest.mark.parametrize("contact,opening", [
    ("Иван Петров", "Добр"),  # the greeting of the hour (утро, день, вечер), then the name
    ("", "Здравствуйте! "),  # a company with nobody named
])
def test_a_rendered_reply_greets_the_contact_or_nobody(cli, contact, opening):
    cli("ticket", "add", "SUP-5", "--client", "ООО «Ромашка»", "--contact", contact)
    code, out, err = cli("reply", "render", "ack-received", "--ticket", "SUP-5", "--lang", "ru")
    assert code == 0, err
    assert out.startswith(opening) and "Ромашка" not in out.splitlines()[0].split("!")[0]
    if contact:
        assert ", Иван! Спасибо" in out
