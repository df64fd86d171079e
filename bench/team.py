"""Team mode on a real PostgreSQL: what a member's queries and syncs cost with 500 agents and 25,000
offers on the server, how soon a lead's reply pack reaches a member, and how many syncs a second one
server carries (issue 15).

    cd /work/main && PYTHONPATH=. .venv/bin/python -m bench.team [--agents 500] [--offers-each 50]
        [--runs 30] [--workers 1,8,50] [--seconds 10]

The server is tests/team/pgserver.py's: initdb and pg_ctl in a temporary folder, loopback, SCRAM
passwords, fsync off (as in the tests: commits cost no disk flush here, so write figures are a floor).
The schema comes from `companion team init-server`'s code (migrate_team) and every agent from
add_member, timed, since 500 CREATE ROLE … PASSWORD is what an administrator would wait for. The
members' rows, their published load and the offers (each agent sent --offers-each, to random
colleagues, in mixed states, each carrying a ticket of ~1.5 KB in the export format) are inserted by
the owner in bulk: they are the scene, not the measurement.

Everything measured runs as a member (agent_001) through TeamServer/TeamSession, so row-level
security is in force:

(a) the load board (`board()`, all members with their load);
(b) the offer queries a sync runs, and for reference a bare `SELECT 1` on the same connection, and a
    whole session (connect, SCRAM, schema check, close) that does nothing;
(c) `TeamSync.sync()` with a local data dir of 50 open tickets: the first one (which takes the
    accepted offers into the local list and settles the answered ones), then the steady state;
(d) a lead's `publish_pack` → the member's Listener hears the NOTIFY → a member session fetches the
    packs and `mirror_packs` writes them into the local library. The lead runs in a thread;
(e) throughput: W processes (not threads: TeamServer binds its models to one connection per
    process at a time, by design) each running, for --seconds, the server side of a sync as a
    different member — a session with publish_load, offers_to_me, accepted_not_taken,
    decided_not_settled and board — and the server's CPU over that window (the postmaster's own and
    reaped children's times plus live backends', from /proc); the same with sessions that do nothing,
    to tell the connection's cost from the queries';
(f) --listeners idle LISTEN connections, as the running apps hold: the server's memory (Pss of all
    its processes, before and after) and its CPU over 10 s of quiet.

The client processes and the server share this machine's cores, so (e) is a lower bound for a
server of its own. Medians (and p95 where useful), nothing asserts; results go to
bench/results/team.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

UTC = timezone.utc
PASSWORD = "agent-secret-pw"
LEAD, ME = "agent_000", "agent_001"
STATES = [("offered", False, False)] * 10 + [("accepted", False, False)] * 3 + [("declined", True, False)] * 3 \
    + [("accepted", True, True)] * 60 + [("declined", True, True)] * 20 + [("withdrawn", True, True)] * 4
TICK = os.sysconf("SC_CLK_TCK")


def _login(i: int) -> str:
    return f"agent_{i:03d}"


def _ms(fn: Callable[[], Any], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


def _payload(key: str, n: int, rnd: random.Random) -> dict[str, Any]:
    """One ticket with its update log in the export format, ~1.5 KB as JSON."""
    start = datetime(2026, 11, 20, 9, 0, tzinfo=UTC) + timedelta(minutes=rnd.randrange(10000))
    updates = [{"at": (start + timedelta(hours=6 * u)).isoformat(), "channel": rnd.choice(["chat", "email", "phone"]),
                "note": f"Клиент {n}: уточнил шаги воспроизведения, прислал логи, ждём ответа разработки ({u})."}
               for u in range(5)]
    return {"format": "support-companion", "version": 1, "settings": {}, "tickets": [{
        "key": key, "client": f"ООО «Клиент {n}»", "contact": "Ирина", "channel": "email",
        "subject": "Не приходят письма с подтверждением после смены домена", "status": "open",
        "url": f"https://jira.example.com/browse/{key}", "priority": "normal", "cadence": "1d",
        "notes": "Проверили SPF и DKIM; у клиента свой почтовый шлюз, просили белый список адресов. " * 3,
        "created_at": start.isoformat(), "updates": updates}]}


def _cpu_of_server(postmaster: int) -> float:
    """CPU seconds of the server so far: the postmaster, its reaped children and its live ones."""
    def stat(pid: int) -> list[str]:
        text = Path(f"/proc/{pid}/stat").read_text()
        return text[text.rindex(")") + 2:].split()

    fields = stat(postmaster)
    total = sum(int(fields[i]) for i in (11, 12, 13, 14))  # utime stime cutime cstime
    children = subprocess.run(["pgrep", "-P", str(postmaster)], capture_output=True, text=True).stdout.split()
    for child in children:
        try:
            fields = stat(int(child))
        except (OSError, ValueError):
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICK


def _worker(url: str, seconds: float, start: Any, out: Any, empty: bool) -> None:
    """One process: the server side of a sync again and again, as the member in `url` (or, `empty`,
    only the session: connect, authenticate, check the schema, close)."""
    from companion.store.team import TeamServer, TeamUrl

    server = TeamServer(TeamUrl.parse(url), PASSWORD)
    numbers = {"active": 12, "due_today": 9, "done_today": 3, "capacity_updates": 25, "capacity_tickets": 20,
               "schedule": "mon-fri 09:00-18:00", "tz": "Europe/Moscow", "days_off": ""}
    start.wait()
    cpu0, done, samples = time.process_time(), 0, []
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        began = time.perf_counter()
        with server.session() as s:
            if not empty:
                _server_side(s, numbers)
        samples.append((time.perf_counter() - began) * 1000)
        done += 1
    out.put((done, time.process_time() - cpu0, samples))


def _server_side(s: Any, numbers: dict[str, Any]) -> None:
    """What TeamSync.sync() asks of the server when nothing is pending."""
    s.is_lead()
    s.offers_to_me()
    s.accepted_not_taken()
    s.decided_not_settled()
    s.board()
    s.packs()
    s.publish_load(numbers)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agents", type=int, default=500)
    parser.add_argument("--offers-each", type=int, default=50)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=20, help="publish → mirror rounds")
    parser.add_argument("--workers", default="1,8,50", help="concurrency levels for (e)")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--listeners", type=int, default=200, help="idle LISTEN connections to weigh")
    parser.add_argument("--poll", type=float, default=30.0, help="the runtime's poll interval, for (d) on paper")
    args = parser.parse_args()

    from tests.team.pgserver import PgServer, available

    why = available()
    if why:
        raise SystemExit(f"bench.team: {why}")
    with tempfile.TemporaryDirectory(prefix="bench-team-") as tmp:
        server = PgServer(Path(tmp) / "pg")
        started = time.perf_counter()
        server.init()
        server.start()
        boot_s = time.perf_counter() - started
        try:
            figures = _run(server, Path(tmp), args)
        finally:
            server.stop()
    figures["server_boot_s"] = boot_s
    _print(figures, args)
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "team.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))


def _run(server: Any, tmp: Path, args: argparse.Namespace) -> dict[str, Any]:
    from companion.store.team import TeamServer, TeamUrl
    from companion.store.team_schema import add_member, migrate_team

    figures: dict[str, Any] = {"agents": args.agents, "offers": args.agents * args.offers_each}
    server.psql("CREATE DATABASE bench_team")
    figures["server_version"] = server.psql("SHOW server_version")
    admin_url = TeamUrl.parse(server.url(database="bench_team"))
    admin = TeamServer(admin_url)._database()
    admin.connect()
    started = time.perf_counter()
    migrate_team(admin)
    figures["init_server_ms"] = (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    for i in range(args.agents):
        add_member(admin, _login(i), PASSWORD, lead=(i == 0))
    figures["add_members_s"] = time.perf_counter() - started

    started = time.perf_counter()
    _scene(admin, args)
    figures["scene_s"] = time.perf_counter() - started
    figures["offer_table_mb"] = int(admin.execute_sql(
        "SELECT pg_total_relation_size('companion.offer')").fetchone()[0]) / 2**20
    admin.execute_sql("VACUUM ANALYZE companion.offer")  # what autovacuum would do soon after a bulk load
    admin.execute_sql("VACUUM ANALYZE companion.member")
    admin.execute_sql("VACUUM ANALYZE companion.load")
    admin.close()

    def member_url(login: str) -> str:
        return server.url(login, None, "bench_team")

    me = TeamServer(TeamUrl.parse(member_url(ME)), PASSWORD)
    runs = args.runs
    with me.session() as s:
        figures["rows_seen"] = {"board": len(s.board()), "offers_to_me": len(s.offers_to_me()),
                                "accepted_not_taken": len(s.accepted_not_taken()),
                                "decided_not_settled": len(s.decided_not_settled()),
                                "offers_readable": len(s.offers())}
        _ms(s.board, 5)  # warm the plan cache and the pages
        timings = {
            "select_1": _ms(lambda: s.database.execute_sql("SELECT 1").fetchone(), runs * 3),
            "board": _ms(s.board, runs),
            "offers_to_me": _ms(s.offers_to_me, runs),
            "accepted_not_taken": _ms(s.accepted_not_taken, runs),
            "decided_not_settled": _ms(s.decided_not_settled, runs),
            "packs": _ms(s.packs, runs),
        }
        plan = s.database.execute_sql(
            "EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) SELECT id FROM companion.offer "
            "WHERE recipient = %s AND state = 'offered'", (ME,)).fetchall()  # bound, as the app's query
        figures["offers_to_me_plan"] = [row[0] for row in plan]

    def empty_session() -> None:
        with me.session():
            pass

    timings["session_open_close"] = _ms(empty_session, runs)
    figures["medians_ms"] = {k: statistics.median(v) for k, v in timings.items()}
    figures["p95_ms"] = {k: _p95(v) for k, v in timings.items()}

    figures.update(_sync_and_packs(me, TeamServer(TeamUrl.parse(member_url(LEAD)), PASSWORD), tmp, args))

    figures["throughput"] = []
    postmaster = server.pid()
    for workers in [int(w) for w in args.workers.split(",") if w.strip()]:
        figures["throughput"].append(_throughput(member_url, workers, args.seconds, postmaster, args.agents))
    figures["sessions_only"] = _throughput(member_url, 4, args.seconds, postmaster, args.agents, empty=True)
    if postmaster:
        figures["listeners"] = _listeners(member_url, min(args.listeners, args.agents - 1), postmaster)
    return figures


def _scene(admin: Any, args: argparse.Namespace) -> None:
    """Members, their load and the offers, inserted by the owner (row-level security does not bind it)."""
    rnd = random.Random(15)
    with admin.atomic():
        admin.execute_sql("INSERT INTO companion.member (login, name) SELECT format('agent_%%s', "
                          "lpad(i::text, 3, '0')), format('Агент %%s', i) FROM generate_series(0, %s) i",
                          (args.agents - 1,))
        admin.execute_sql(
            "INSERT INTO companion.load (login, active, due_today, done_today, capacity_updates, capacity_tickets, "
            "schedule, tz) SELECT login, (random() * 30)::int, (random() * 30)::int, (random() * 10)::int, 25, 20, "
            "'mon-fri 09:00-18:00', 'Europe/Moscow' FROM companion.member")
    rows: list[tuple[Any, ...]] = []
    for i in range(args.agents):
        for n in range(args.offers_each):
            j = rnd.randrange(args.agents - 1)
            j = j + 1 if j >= i else j
            state, recipient_done, sender_done = rnd.choice(STATES)
            key = f"T-{i}-{n}"
            created = datetime(2026, 11, 1, tzinfo=UTC) + timedelta(minutes=rnd.randrange(40000))
            rows.append((str(uuid.UUID(int=rnd.getrandbits(128))), _login(i), _login(j), key,
                         f"ООО «Клиент {n}» · Не приходят письма", "Посмотри, пожалуйста, логи почтового шлюза",
                         json.dumps(_payload(key, n, rnd), ensure_ascii=False), state,
                         "Сегодня не успею" if state == "declined" else "", created,
                         created + timedelta(hours=1) if state != "offered" else None, recipient_done, sender_done))
    sql = ("INSERT INTO companion.offer (token, sender, recipient, ticket_key, summary, note, payload, state, reason, "
           "created_at, decided_at, recipient_done, sender_done) VALUES ")
    one = "(%s, %s, %s, %s, %s, %s, %s::jsonb, %s, %s, %s, %s, %s, %s)"
    with admin.atomic():
        admin.execute_sql("ALTER TABLE companion.offer DISABLE TRIGGER USER")  # no guard, no 25,000 NOTIFYs
        for chunk in range(0, len(rows), 1000):
            part = rows[chunk:chunk + 1000]
            admin.execute_sql(sql + ", ".join([one] * len(part)), [v for row in part for v in row])
        admin.execute_sql("ALTER TABLE companion.offer ENABLE TRIGGER USER")


def _sync_and_packs(me: Any, lead: Any, tmp: Path, args: argparse.Namespace) -> dict[str, Any]:
    """(c) and (d): the member's own data dir with 50 open tickets, a TeamSync on it, and the lead."""
    from companion.core.clock import SystemClock
    from companion.core.settings import Settings
    from companion.core.team import TeamSync, mirror_packs
    from companion.core.tickets import TicketInput, TicketService
    from companion.core.workload import Workload
    from companion.store.db import close_database, open_database
    from companion.store.models import ReplyCategory, ReplyTemplate, Ticket, db
    from companion.store.team import PackRow

    figures: dict[str, Any] = {}
    open_database(tmp / f"data-{ME}")
    try:
        settings = Settings()
        settings.set("timezone", "Europe/Moscow")
        settings.set("schedule", "mon-sun 00:00-24:00")
        tickets = TicketService(SystemClock(), settings.schedule())
        with db.atomic():
            for n in range(50):
                tickets.create(TicketInput(f"LOC-{n}", client=f"Client {n}", subject="Subject", cadence="1d"))
        workload = Workload(tickets, lambda: (25, 20))
        team = TeamSync(tickets, settings, me, workload)
        started = time.perf_counter()
        first = team.sync()
        figures["sync_first_ms"] = (time.perf_counter() - started) * 1000
        if not first.reachable:
            raise SystemExit(f"bench.team: the first sync failed: {first.error}")
        figures["sync_first_did"] = {"new_offers": len(first.new_offers), "taken": len(first.taken),
                                     "answered": len(first.answered)}
        figures["local_tickets_after_first_sync"] = Ticket.select().count()
        samples = _ms(team.sync, args.runs)
        figures["sync_steady_ms"] = statistics.median(samples)
        figures["sync_steady_p95_ms"] = _p95(samples)
        samples = _ms(lambda: team.sync(publish=False, packs=False), args.runs)
        figures["sync_no_publish_no_packs_ms"] = statistics.median(samples)

        # (d) publish → heard → fetched and mirrored.
        listener = me.listener()
        body_ru = "Здравствуйте, {client}! Мы проверили ваш запрос и передали его дальше. " * 4
        body_en = "Hello {client}, we looked into it and passed it on. " * 4
        replies = tuple({"slug": f"bench-{r}", "position": r, "title_ru": f"Ответ {r}", "body_ru": body_ru,
                         "title_en": f"Reply {r}", "body_en": body_en} for r in range(20))
        heard_ms, total_ms, publish_ms, fetch_ms = [], [], [], []
        try:
            listener.wait(0)
            for round_ in range(args.rounds):
                pack = PackRow("bench", "Команда", "Team", 0,
                               (*replies[:-1], {**replies[-1], "body_ru": f"Версия {round_}"}))
                stamps: dict[str, float] = {}

                def publish(pack: PackRow = pack, stamps: dict[str, float] = stamps) -> None:
                    with lead.session() as s:  # another machine's app, in effect: its own connection
                        stamps["t0"] = time.perf_counter()
                        s.publish_pack(pack)
                        stamps["published"] = time.perf_counter()
                thread = threading.Thread(target=publish)
                thread.start()
                heard: list[Any] = []
                while not heard:
                    heard = listener.wait(5)
                stamps["heard"] = time.perf_counter()
                thread.join()  # the lead's session ends before the member's begins (one per process)
                with me.session() as s:
                    packs = s.packs()
                changed = mirror_packs(packs)
                stamps["mirrored"] = time.perf_counter()
                assert changed and ReplyTemplate.select().join(ReplyCategory).where(ReplyCategory.team).count() == 20
                publish_ms.append((stamps["published"] - stamps["t0"]) * 1000)
                heard_ms.append((stamps["heard"] - stamps["t0"]) * 1000)
                fetch_ms.append((stamps["mirrored"] - stamps["heard"]) * 1000)
                total_ms.append((stamps["mirrored"] - stamps["t0"]) * 1000)
        finally:
            listener.close()
        figures["pack"] = {"publish_ms": statistics.median(publish_ms), "heard_ms": statistics.median(heard_ms),
                           "fetch_mirror_ms": statistics.median(fetch_ms), "total_ms": statistics.median(total_ms),
                           "total_p95_ms": _p95(total_ms)}
        fetch = statistics.median(fetch_ms)
        figures["pack_polling"] = {"poll_s": args.poll, "mean_s": args.poll / 2 + fetch / 1000,
                                   "worst_s": args.poll + fetch / 1000}
    finally:
        close_database()
    return figures


def _throughput(member_url: Callable[[str], str], workers: int, seconds: float, postmaster: int | None,
                agents: int, empty: bool = False) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(member_url(_login(1 + k % (agents - 1))), seconds, start, out, empty))
             for k in range(workers)]
    for p in procs:
        p.start()
    time.sleep(min(10.0, 1.0 + workers * 0.1))  # let them import before the clock starts
    cpu0 = _cpu_of_server(postmaster) if postmaster else 0.0
    wall0 = time.perf_counter()
    start.set()
    results = [out.get(timeout=seconds + 120) for _ in procs]
    wall = time.perf_counter() - wall0
    cpu = (_cpu_of_server(postmaster) - cpu0) if postmaster else float("nan")
    for p in procs:
        p.join()
    done = sum(r[0] for r in results)
    samples = [ms for r in results for ms in r[2]]
    return {"workers": workers, "empty": empty, "syncs": done, "wall_s": wall, "syncs_per_s": done / wall,
            "latency_median_ms": statistics.median(samples), "latency_p95_ms": _p95(samples),
            "server_cpu_s": cpu, "server_cpu_ms_per_sync": cpu / done * 1000,
            "client_cpu_ms_per_sync": sum(r[1] for r in results) / done * 1000}


def _pss_kib(postmaster: int) -> int:
    """The server's proportional memory: the postmaster's and every backend's Pss, in KiB."""
    children = subprocess.run(["pgrep", "-P", str(postmaster)], capture_output=True, text=True).stdout.split()
    total = 0
    for pid in [str(postmaster), *children]:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def _listeners(member_url: Callable[[str], str], count: int, postmaster: int) -> dict[str, Any]:
    """What the apps' LISTEN connections cost the server while nothing happens: memory and CPU."""
    from companion.store.team import TeamServer, TeamUrl

    before = _pss_kib(postmaster)
    opened = []
    try:
        for k in range(count):
            opened.append(TeamServer(TeamUrl.parse(member_url(_login(1 + k))), PASSWORD).listener())
        time.sleep(1)
        after = _pss_kib(postmaster)
        cpu0 = _cpu_of_server(postmaster)
        time.sleep(10)
        idle_cpu = _cpu_of_server(postmaster) - cpu0
    finally:
        for listener in opened:
            listener.close()
    return {"count": count, "pss_before_mib": before / 1024, "pss_after_mib": after / 1024,
            "pss_per_listener_kib": (after - before) / count, "server_cpu_idle_10s": idle_cpu}


def _print(f: dict[str, Any], args: argparse.Namespace) -> None:
    m, p = f["medians_ms"], f["p95_ms"]
    print(f"PostgreSQL {f['server_version']}, {f['agents']} agents, {f['offers']} offers "
          f"({f['offer_table_mb']:.1f} MiB with indexes)")
    print(f"  server up (initdb + start)      {f['server_boot_s']:8.1f} s")
    print(f"  init-server (schema, roles, RLS) {f['init_server_ms']:7.0f} ms")
    print(f"  add-member × {f['agents']:<19} {f['add_members_s']:8.1f} s "
          f"({f['add_members_s'] / f['agents'] * 1000:.1f} ms each)")
    print(f"  bulk scene (members, load, offers) {f['scene_s']:6.1f} s")
    print(f"rows agent_001 sees: {f['rows_seen']}")
    print(f"\n{'as agent_001, one connection':<34} {'median':>9} {'p95':>9} {'× SELECT 1':>11}")
    base = m["select_1"]
    for name in ("select_1", "board", "offers_to_me", "accepted_not_taken", "decided_not_settled", "packs",
                 "session_open_close"):
        print(f"  {name:<32} {m[name]:7.2f} ms {p[name]:7.2f} ms {m[name] / base:10.1f}×")
    print(f"\nTeamSync.sync() with 50 local tickets: first {f['sync_first_ms']:.0f} ms {f['sync_first_did']}, "
          f"then {f['sync_steady_ms']:.1f} ms median (p95 {f['sync_steady_p95_ms']:.1f}); "
          f"without publish/packs {f['sync_no_publish_no_packs_ms']:.1f} ms")
    k = f["pack"]
    print(f"lead's pack → member's library (LISTEN): publish {k['publish_ms']:.1f} ms, "
          f"heard at {k['heard_ms']:.1f} ms, fetch + mirror {k['fetch_mirror_ms']:.1f} ms, "
          f"total {k['total_ms']:.1f} ms (p95 {k['total_p95_ms']:.1f})")
    q = f["pack_polling"]
    print(f"  polling every {q['poll_s']:.0f} s instead (on paper): mean {q['mean_s']:.1f} s, "
          f"worst {q['worst_s']:.1f} s")
    print(f"\n{'server side of a sync, W processes':<36} {'syncs/s':>8} {'median':>9} {'p95':>9} "
          f"{'server CPU/sync':>16} {'client CPU/sync':>16}")
    for t in f["throughput"]:
        print(f"  W = {t['workers']:<30} {t['syncs_per_s']:8.1f} {t['latency_median_ms']:6.1f} ms "
              f"{t['latency_p95_ms']:6.1f} ms {t['server_cpu_ms_per_sync']:13.2f} ms "
              f"{t['client_cpu_ms_per_sync']:13.2f} ms")
    e = f["sessions_only"]
    print(f"  sessions only, W = {e['workers']:<15} {e['syncs_per_s']:8.1f} {e['latency_median_ms']:6.1f} ms "
          f"{e['latency_p95_ms']:6.1f} ms {e['server_cpu_ms_per_sync']:13.2f} ms "
          f"{e['client_cpu_ms_per_sync']:13.2f} ms")
    if "listeners" in f:
        li = f["listeners"]
        print(f"\n{li['count']} idle LISTEN connections: server Pss {li['pss_before_mib']:.0f} → "
              f"{li['pss_after_mib']:.0f} MiB ({li['pss_per_listener_kib']:.0f} KiB each); "
              f"server CPU over 10 s idle: {li['server_cpu_idle_10s']:.2f} s")


if __name__ == "__main__":
    main()
