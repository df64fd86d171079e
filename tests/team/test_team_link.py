"""The running app's team thread (runtime/team.TeamLink) against a real PostgreSQL server and a
colleague's CLI in another process: offers heard within seconds, accepted into the list, answers
applied; the server away is a state, not a freeze."""

from __future__ import annotations

import json

import pytest

from companion.core.settings import Settings
from companion.core.tickets import TicketService
from companion.platform.secrets import FakeSecrets
from companion.runtime.team import TeamLink
from tests.team.conftest import NAMES, PASSWORDS


@pytest.fixture
def link(database, clock, schedule, qtbot):
    from companion.core.clock import SystemClock

    settings = Settings()
    settings.set("schedule", "mon-sun 00:00-24:00")
    tickets = TicketService(SystemClock(), schedule)
    team_link = TeamLink(tickets, settings, FakeSecrets(), poll_s=30)
    yield team_link
    team_link.stop()


@pytest.fixture
def running_app():
    """The whole app on an agent's data folder (offscreen, no tray), with a keyring holding `password`
    (the app and the command line share the OS keyring); stopped and its windows closed afterwards."""
    from companion.app import CompanionApp
    from companion.platform.notifications import FakeBackend

    apps = []

    def start(data, place: str, password: str):
        app = CompanionApp(data, use_tray=False, backends=[FakeBackend()])
        app.runtime.team.secrets = FakeSecrets()
        app.runtime.team.secrets.put(place, password)
        apps.append(app)
        app.start()
        return app

    yield start
    for app in apps:
        app.stop()
        app.close_windows()


def join(link, team, qtbot, login="boris"):
    with qtbot.waitSignal(link.join_done, timeout=20000) as joined:
        link.join(team.member_url(login), PASSWORDS[login], NAMES[login])
    assert joined.args[0] is True, joined.args


def test_an_offer_is_heard_at_once_and_accepted_into_the_list(team, link, other_process, qtbot):
    anna = other_process("anna")
    anna.join(team)
    join(link, team, qtbot)
    qtbot.waitUntil(lambda: link.state().reachable is True and link.state().listening, timeout=20000)
    anna("team", "status")  # Anna hears of Boris
    assert anna("ticket", "add", "SUP-7", "--client", "Ромашка", "--notes", "важный клиент")[0] == 0
    with qtbot.waitSignal(link.offer_arrived, timeout=20000) as heard:
        code, out, err = anna("ticket", "handoff", "SUP-7", "--to", "boris", "--note", "возьмёшь?")
        assert code == 0, err
    offer = heard.args[0]
    assert (offer.ticket_key, offer.colleague_name, offer.note) == ("SUP-7", NAMES["anna"], "возьмёшь?")
    assert [h.ticket_key for h in link.incoming()] == ["SUP-7"]
    with qtbot.waitSignal(link.taken, timeout=20000):
        link.accept(offer.offer_id)
    assert [t.key for t in link.tickets.listing("all")] == ["SUP-7"]
    assert link.tickets.detail("SUP-7").notes == "важный клиент"
    code, out, _ = anna("team", "status")
    assert "accepted SUP-7" in out
    assert json.loads(anna("ticket", "list", "--json")[1]) == []


def test_the_server_away_is_a_state_and_actions_wait_for_it(fresh_server, capsys, link, other_process, qtbot):
    from tests.team.conftest import make_team

    team = make_team(fresh_server, capsys)
    anna = other_process("anna")
    anna.join(team)
    join(link, team, qtbot)
    anna("team", "status")
    anna("ticket", "add", "SUP-8")
    with qtbot.waitSignal(link.offer_arrived, timeout=20000) as heard:
        anna("ticket", "handoff", "SUP-8", "--to", "boris")
    fresh_server.kill()
    link.accept(heard.args[0].offer_id)  # recorded at once, whatever the server
    qtbot.waitUntil(lambda: link.state().reachable is False, timeout=20000)
    assert link.state().pending == 1
    assert link.tickets.listing("all") == []
    fresh_server.start()
    with qtbot.waitSignal(link.taken, timeout=40000):
        link.wake()
    assert [t.key for t in link.tickets.listing("all")] == ["SUP-8"]
    assert link.state().pending == 0 and link.state().reachable is True


def test_a_pack_the_lead_publishes_reaches_the_running_app_within_seconds(team, link, other_process, qtbot):
    from companion.store.models import ReplyCategory, ReplyTemplate

    lena = other_process("lena")
    lena.join(team)
    join(link, team, qtbot)
    qtbot.waitUntil(lambda: link.state().listening and link.state().reachable is True, timeout=20000)
    code, out, _ = lena("reply", "list", "--json")
    category = json.loads(out)[0]["category"]
    # The poll is 30 s away: only the NOTIFY can bring it within the 20 s waited.
    with qtbot.waitSignal(link.packs_changed, timeout=20000):
        assert lena("team", "publish", category)[0] == 0
    team_categories = list(ReplyCategory.select().where(ReplyCategory.team))
    assert [c.slug for c in team_categories] == [f"team:{category}"]
    assert ReplyTemplate.select().where(ReplyTemplate.category == team_categories[0]).count() > 0


def test_a_lead_publishes_from_the_app_and_members_get_it(team, link, other_process, qtbot):
    from companion.core.reply_library import ReplyInput, ReplyLibrary, Variant
    from companion.store.models import ReplyCategory

    join(link, team, qtbot, login="lena")
    qtbot.waitUntil(lambda: link.state().reachable is True, timeout=20000)
    assert link.state().lead
    library = ReplyLibrary(link.clock)
    mine = library.add_category("Доставка писем", "Mail delivery")
    library.create(ReplyInput(mine.id, {"ru": Variant("Проверяем шлюз", "Проверяем почтовый шлюз."),
                                        "en": Variant("Checking the gateway", "We are checking the gateway.")}))
    with qtbot.waitSignal(link.published, timeout=20000) as done:
        link.publish(mine.id)
    assert done.args[0] is True
    qtbot.waitUntil(lambda: mine.slug in link.published_slugs(), timeout=20000)  # mirrored back as the team's
    boris = other_process("boris")
    boris.join(team)
    replies = json.loads(boris("reply", "list", "--json")[1])
    assert [r["variants"]["ru"]["title"] for r in replies if r["category"] == f"team:{mine.slug}"] == [
        "Проверяем шлюз"]
    with qtbot.waitSignal(link.published, timeout=20000) as done:
        link.unpublish(mine.slug)
    assert done.args[0] is True
    qtbot.waitUntil(lambda: not ReplyCategory.select().where(ReplyCategory.team).exists(), timeout=20000)


def test_an_agent_publishing_from_the_app_is_refused_by_the_server(team, link, qtbot):
    from companion.core.reply_library import ReplyInput, ReplyLibrary, Variant

    join(link, team, qtbot, login="boris")
    library = ReplyLibrary(link.clock)
    mine = library.add_category("Мои", "Mine")
    library.create(ReplyInput(mine.id, {"ru": Variant("Привет", "Здравствуйте!")}))
    with qtbot.waitSignal(link.published, timeout=20000) as done:
        link.publish(mine.id)
    assert done.args[0] is False and "permission denied" in done.args[1]


def test_the_running_app_picks_up_a_join_made_from_the_command_line(team, other_process, qtbot, running_app):
    """`companion team join` while the app runs: the app notices the settings changed and starts its
    team thread, so an offer made then reaches it."""
    boris = other_process("boris")
    anna = other_process("anna")
    anna.join(team)
    app = running_app(boris.data, f"boris@127.0.0.1/{team.database}", PASSWORDS["boris"])
    assert not app.runtime.team.joined()
    boris.join(team)
    qtbot.waitUntil(lambda: app.runtime.team.state().reachable is True, timeout=20000)
    anna("team", "status")
    anna("ticket", "add", "SUP-12")
    with qtbot.waitSignal(app.runtime.team.offer_arrived, timeout=20000):
        assert anna("ticket", "handoff", "SUP-12", "--to", "boris")[0] == 0


def test_a_pack_the_lead_publishes_reaches_a_running_members_palette(team, other_process, qtbot, running_app):
    """The whole way: the lead's command publishes a category; the member's running app hears the
    NOTIFY, mirrors the pack, and its reply palette lists the replies tagged as the team's."""
    import subprocess
    import sys

    from companion.ui.reply_palette import TEAM_ROLE

    lena, boris = other_process("lena"), other_process("boris")
    lena.join(team)
    boris.join(team)
    app = running_app(boris.data, f"boris@127.0.0.1/{team.database}", PASSWORDS["boris"])
    qtbot.waitUntil(lambda: app.runtime.team.state().listening, timeout=20000)
    app.shell.show_palette(None)
    palette = app.shell.palette
    palette.search.insert("шлюз")
    assert palette.model.rowCount() == 0
    palette.hide()
    # The lead's own new category, with a reply about the gateway, in her data file.
    script = ("from companion.store.db import open_database; from companion.core.clock import SystemClock;"
              "from companion.core.reply_library import ReplyLibrary, ReplyInput, Variant;"
              f"open_database(__import__('pathlib').Path({str(lena.data)!r}));"
              "lib = ReplyLibrary(SystemClock()); c = lib.add_category('Почта', 'Mail');"
              "lib.create(ReplyInput(c.id, {'ru': Variant('Проверяем шлюз', 'Проверяем почтовый шлюз.')}));"
              "print(c.slug)")
    slug = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          env=lena.env()).stdout.strip()
    with qtbot.waitSignal(app.runtime.team.packs_changed, timeout=20000):
        assert lena("team", "publish", slug)[0] == 0
    app.shell.show_palette(None)
    palette.search.clear()
    palette.search.insert("шлюз")
    qtbot.waitUntil(lambda: palette.model.rowCount() == 1, timeout=5000)
    index = palette.list.currentIndex()
    assert index.data(TEAM_ROLE) == "team" and "Проверяем шлюз" in index.data()


def test_the_team_thread_outlives_a_failing_sync(team, link, other_process, qtbot, monkeypatch):
    from companion.core.team import TeamSync

    anna = other_process("anna")
    anna.join(team)
    join(link, team, qtbot)
    qtbot.waitUntil(lambda: link.state().reachable is True, timeout=20000)
    real, failures = TeamSync.sync, []

    def broken_once(self, *args, **kwargs):
        if not failures:
            failures.append(1)
            raise RuntimeError("a bug in one sync")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(TeamSync, "sync", broken_once)
    link.wake()
    qtbot.waitUntil(lambda: bool(failures), timeout=20000)
    anna("team", "status")
    anna("ticket", "add", "SUP-20")
    with qtbot.waitSignal(link.offer_arrived, timeout=30000):  # the next syncs still come
        assert anna("ticket", "handoff", "SUP-20", "--to", "boris")[0] == 0


def test_leaving_from_the_app_with_an_offer_open_and_the_server_away_is_refused(fresh_server, capsys, link,
                                                                                other_process, qtbot):
    from tests.team.conftest import make_team

    team = make_team(fresh_server, capsys)
    other_process("anna").join(team)
    join(link, team, qtbot)
    qtbot.waitUntil(lambda: link.state().reachable is True and bool(link.colleagues()), timeout=20000)
    from companion.core.tickets import TicketInput

    link.tickets.create(TicketInput("SUP-21"))
    link.offer("SUP-21", "anna")
    qtbot.waitUntil(lambda: link.state().pending == 0, timeout=20000)
    fresh_server.kill()
    with qtbot.waitSignal(link.leave_refused, timeout=30000) as refused:
        link.leave()
    assert refused.args[0].offered == 1
    assert link.joined()
