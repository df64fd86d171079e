"""The running app's side of team mode: one background thread that talks to the team server, so that
nothing the agent does ever waits on it.

The thread keeps a LISTEN connection (store/team.Listener) and syncs (core/team.TeamSync.sync) when
it hears of an offer or a pack change, when the agent did something that has to reach the server
(an offer, an answer: `wake()`), when today's numbers changed (`local_changed()`, at most every few
seconds), and every `poll_s` seconds anyway. When the server is away it keeps the last state it
heard, tries again with a growing pause (5 s up to 2 min), and says so in `state()`.

The local records (core/team's handoff rows) are written in the GUI thread when the agent acts — they
are quick, local SQLite writes — and by the sync in this thread through its own connection to the
data file; the runtime's change poller sees those as changes from elsewhere and redraws.

What the sync brought that the agent should hear of comes back as signals, in the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, Signal

from companion.core.settings import Settings
from companion.core.team import (Colleague, HandoffError, SyncReport, TeamSync, Unfinished, colleagues, moves,
                                 open_offer_of, pending_count)
from companion.store.models import Handoff

if TYPE_CHECKING:
    from companion.core.clock import Clock
    from companion.core.tickets import TicketService
    from companion.core.workload import Workload
    from companion.platform.secrets import Secrets

log = logging.getLogger(__name__)

POLL_S = 30.0  # a sync at least this often, heard or not (load published, missed notices caught)
PUBLISH_DEBOUNCE_S = 3.0  # local changes publish today's numbers at most this often
WAIT_SLICE_S = 0.5  # how long the thread listens before it looks at the agent's actions again
RETRY_S = (5.0, 10.0, 30.0, 60.0, 120.0)  # pauses before reconnecting to a server that is away


class _Loop:
    """The team thread's own state between turns."""

    def __init__(self) -> None:
        self.listener: Any = None
        self.failures = 0
        self.last_sync = 0.0  # monotonic time of the last sync; 0: none since (re)connecting
        self.next_try = 0.0  # the server was away: not before this (unless the agent acts)

    def away(self, now: float) -> None:
        self.failures += 1
        self.next_try = now + RETRY_S[min(self.failures, len(RETRY_S)) - 1]
        self.close()

    def close(self) -> None:
        if self.listener is not None:
            self.listener.close()
            self.listener = None
            self.last_sync = 0.0  # reconnected later: catch up at once


@dataclass(frozen=True)
class TeamState:
    """What the tray tooltip and Settings → Team say of the team server."""

    joined: bool
    place: str = ""  # login@host/database
    reachable: bool | None = None  # None: not tried yet
    error: str = ""
    lead: bool = False
    tls: str = ""  # the TLS version of the last good connection, '' when not encrypted
    pending: int = 0  # hand-off actions not yet on the server
    last_ok: datetime | None = None
    listening: bool = False  # changes arrive at once (LISTEN) rather than at the next poll


class TeamLink(QObject):
    changed = Signal()  # the state or the offers changed: tooltip, popup, Settings redraw
    offer_arrived = Signal(object)  # Handoff 'in', first heard: a notice
    taken = Signal(object)  # Handoff 'in' accepted by me, its ticket now in my list
    answered = Signal(object)  # Handoff 'out' a colleague accepted, declined or that was withdrawn
    failed = Signal(object)  # Handoff whose pending action the server refused
    packs_changed = Signal()  # the team's replies changed: reply caches are stale
    join_done = Signal(bool, str)  # (joined, message) after join(); the message is for the agent
    leave_refused = Signal(object)  # leave() could not finish what is open: core.team.Unfinished
    published = Signal(bool, str)  # (done, what happened) after publish()/unpublish(): a lead's packs

    def __init__(self, tickets: TicketService, settings: Settings, secrets: Secrets,
                 workload: Callable[[TicketService], Workload] | None = None, clock: Clock | None = None,
                 poll_s: float = POLL_S, parent: QObject | None = None):
        super().__init__(parent)
        self.tickets = tickets
        self.settings = settings
        self.secrets = secrets
        self._workload = workload
        self.clock = clock or tickets.clock
        self.poll_s = poll_s
        self._state = TeamState(joined=bool(settings.get("team_url")))
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._publish_due = 0.0  # monotonic time of a wanted publish; 0: none
        self._jobs: list[Callable[[], None]] = []
        self._thread: threading.Thread | None = None

    # -- what the GUI thread asks --------------------------------------------------------------------

    def start(self) -> None:
        """Start the thread when in a team (joining starts it too)."""
        if self.joined() or self._jobs:
            self._start_thread()

    def _start_thread(self) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive():  # running: it takes the job
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="team-sync", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout=3)  # a sync in flight ends within its timeouts; the thread is a daemon
        self._thread = None

    def state(self) -> TeamState:
        with self._lock:
            return self._state

    def joined(self) -> bool:
        return bool(self.settings.get("team_url"))

    def wake(self) -> None:
        """Sync now (an action is waiting for the server)."""
        self._wake.set()

    def local_changed(self) -> None:
        """The agent's list changed: today's numbers go to the server soon."""
        if self.joined():
            with self._lock:
                if not self._publish_due:
                    self._publish_due = time.monotonic() + PUBLISH_DEBOUNCE_S
            # No wake: the thread looks at the due time within WAIT_SLICE_S; a wake would sync at once.

    def colleagues(self) -> list[Colleague]:
        """The hand-off chooser's list, as last heard (least loaded first)."""
        cache = self.settings.get("team_cache")
        return colleagues(cache.get("board", []), str(cache.get("me", "")), self.clock.now())

    def incoming(self) -> list[Handoff]:
        return self._sync_for_local().incoming() if self.joined() else []

    def outgoing(self) -> list[Handoff]:
        return self._sync_for_local().outgoing() if self.joined() else []

    def offered_to(self, ticket_id: int) -> Handoff | None:
        """The open offer of this ticket to a colleague, if any (the list marks it)."""
        return open_offer_of(ticket_id)

    def offer(self, key: str, to: str, note: str = "") -> Handoff:
        """Record the offer now (HandoffError says why not); it reaches the server in the background."""
        row = self._sync_for_local().offer(key, to, note)
        self._changed_now()
        return row

    def accept(self, offer_id: int) -> Handoff:
        row = self._sync_for_local().accept(offer_id)
        self._changed_now()
        return row

    def decline(self, offer_id: int, reason: str = "") -> Handoff:
        row = self._sync_for_local().decline(offer_id, reason)
        self._changed_now()
        return row

    def withdraw(self, handoff_id: int) -> Handoff:
        """Take back an offer not yet answered: recorded now, sent by the team thread (by the offer's
        token, so an offer whose sending was never confirmed is withdrawn all the same)."""
        row = self._sync_for_local().withdraw(handoff_id)
        self._changed_now()
        return row

    def published_slugs(self) -> set[str]:
        """The agent's own categories the team has as packs (mirrored back here as "team:<slug>")."""
        from companion.core.team import TEAM_SLUG_PREFIX
        from companion.store.models import ReplyCategory

        return {c.slug[len(TEAM_SLUG_PREFIX):] for c in ReplyCategory.select(ReplyCategory.slug)
                .where(ReplyCategory.team)}

    def publish(self, category_id: int) -> None:
        """(A lead) share one of their categories with the team, in the background; `published` says how
        it went. The server decides who is a lead: an agent's try is refused there."""
        def job() -> None:
            from companion.core.team import pack_of
            from companion.store.models import ReplyCategory
            from companion.store.team import TeamRefused, TeamUnavailable

            category = ReplyCategory.get_or_none(ReplyCategory.id == category_id)
            if category is None or category.team:
                self.published.emit(False, "")
                return
            pack = pack_of(category)
            try:
                with self._server().session() as session:
                    session.publish_pack(pack)
            except (TeamUnavailable, TeamRefused) as exc:
                self.published.emit(False, str(exc))
                return
            self.published.emit(True, category.name_ru or category.name_en or category.slug)
            self._sync_once(publish=False)  # the pack comes back as the team's, here too
        self._post(job)

    def unpublish(self, slug: str) -> None:
        def job() -> None:
            from companion.store.team import TeamRefused, TeamUnavailable

            try:
                with self._server().session() as session:
                    gone = session.unpublish_pack(slug)
            except (TeamUnavailable, TeamRefused) as exc:
                self.published.emit(False, str(exc))
                return
            self.published.emit(gone, slug)
            self._sync_once(publish=False)
        self._post(job)

    def join(self, url_text: str, password: str, name: str) -> None:
        """Join in the background; `join_done` says how it went."""
        def job() -> None:
            ok, message = self._join(url_text, password, name)
            self.join_done.emit(ok, message)
            if ok:
                self._sync_once()
        self._post(job)

    def leave(self) -> None:
        """Leave in the background: offers still open are withdrawn first; what the server has not
        confirmed keeps the agent in (`leave_refused` says what), so no ticket ends up in two lists."""
        def job() -> None:
            refused = self._leave()
            if refused:
                self.leave_refused.emit(refused)
            else:
                self.join_done.emit(False, "")
        self._post(job)

    # -- the background thread --------------------------------------------------------------------

    def _post(self, job: Callable[[], None]) -> None:
        with self._lock:
            self._jobs.append(job)
        self._wake.set()
        self._start_thread()

    def _changed_now(self) -> None:
        with self._lock:
            self._state = TeamState(**{**self._state.__dict__, "pending": pending_count()})
        self.changed.emit()
        self._wake.set()

    def _server(self) -> Any:
        from companion.platform.secrets import SecretsError
        from companion.store.team import TeamServer, TeamUrl

        url = TeamUrl.parse(self.settings.get("team_url"))
        try:
            password = self.secrets.get(url.place)
        except SecretsError:
            password = ""  # libpq's ~/.pgpass, if there is one
        return TeamServer(url, password)

    def _sync_for_local(self) -> TeamSync:
        """A TeamSync for local records only (the GUI thread's: it never connects)."""
        from companion.store.team import TeamServer, TeamUrl

        if not self.joined():
            raise HandoffError("you are not in a team: join one in Settings → Team")
        # No password: these calls never connect, and the keyring (D-Bus, maybe a prompt to unlock it)
        # is the background thread's to ask, never the window's.
        return TeamSync(self.tickets, self.settings, TeamServer(TeamUrl.parse(self.settings.get("team_url"))))

    def _run(self) -> None:
        loop = _Loop()
        try:
            while not self._stop.is_set():
                self._run_jobs()
                if not self.joined() or self._stop.is_set():
                    with self._lock:  # not in a team (or just left): the thread ends, unless a job came
                        if self._jobs and not self._stop.is_set():
                            continue
                    break
                try:
                    self._step(loop)
                except Exception:  # a bug in one step must not end the thread that serves the agent
                    log.exception("the team thread's step failed")
                    loop.away(time.monotonic())
                    self._stop.wait(RETRY_S[0])
        finally:
            loop.close()
            with self._lock:
                if self._thread is threading.current_thread():
                    self._thread = None

    def _step(self, loop: _Loop) -> None:
        """One turn: connect the listener if due, sync if anything asks for it, else listen a little."""
        from companion.store.team import TeamUnavailable

        now = time.monotonic()
        if loop.listener is None and now >= loop.next_try:
            try:
                loop.listener = self._server().listener()
                self._set(listening=True)
            except (TeamUnavailable, ValueError) as exc:
                if self._set(reachable=False, error=str(exc), listening=False):
                    self.changed.emit()
        with self._lock:
            publish_due = self._publish_due
        acted = self._wake.is_set()
        want = (acted or not loop.last_sync or now - loop.last_sync >= self.poll_s
                or bool(publish_due and now >= publish_due))
        if want and (acted or loop.listener is not None or now >= loop.next_try):
            self._wake.clear()
            report = self._sync_once(publish=True)
            loop.last_sync = time.monotonic()
            if publish_due and now >= publish_due:
                with self._lock:
                    self._publish_due = 0.0
            if report.reachable:
                loop.failures = 0
            else:
                loop.away(loop.last_sync)
            return
        # Nothing to do now: listen (or wait) until the next thing that may be, at most WAIT_SLICE_S.
        until = now + WAIT_SLICE_S
        if publish_due:
            until = min(until, publish_due if loop.listener is not None else max(publish_due, loop.next_try))
        pause = max(0.05, until - now)
        if loop.listener is not None:
            try:
                if self._concerns_me(loop.listener.wait(pause)):
                    self._wake.set()
            except TeamUnavailable as exc:
                loop.close()
                if self._set(reachable=False, error=str(exc), listening=False):
                    self.changed.emit()
        else:
            self._wake.wait(pause)

    def _concerns_me(self, heard: list[tuple[str, str]]) -> bool:
        """A notice worth a sync: a pack changed, or an offer to or from this agent. Every app hears
        every offer's notice; the others are left to their own apps (500 apps syncing on each one
        would be the team server's heaviest load: bench/team.py)."""
        from companion.store.team_schema import OFFERS_CHANNEL

        if not heard:
            return False
        me = self.state().place.split("@", 1)[0]
        return any(channel != OFFERS_CHANNEL or me in payload.split() for channel, payload in heard)

    def _run_jobs(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                if not self._jobs:
                    return
                job = self._jobs.pop(0)
            try:
                job()
            except Exception:  # a failed job must not end the thread that serves the others
                log.exception("team job failed")

    def _sync_once(self, publish: bool = True) -> SyncReport:
        if not self.joined():
            return SyncReport(error="not in a team")
        workload = self._workload(self.tickets) if self._workload is not None else None
        team = TeamSync(self.tickets, self.settings, self._server(), workload)
        before = moves()
        try:
            report = team.sync(publish=publish)
        except Exception as exc:  # a bug in one sync is logged; the next one tries again
            log.exception("team sync failed")
            report = SyncReport(error=f"{type(exc).__name__}: {exc}")
        moved = self._set(reachable=report.reachable, error=report.error, pending=report.pending,
                          **({"last_ok": self.clock.now(), "lead": report.lead, "tls": report.tls}
                             if report.reachable else {}))
        for row in report.new_offers:
            self.offer_arrived.emit(row)
        for row in report.taken:
            self.taken.emit(row)
        for row in report.answered:
            self.answered.emit(row)
        for row in report.failed:
            self.failed.emit(row)
        if report.packs_changed:
            self.packs_changed.emit()
        # Redraws only for news: a quiet sync every 30 s changes nothing on screen.
        if moved or report.packs_changed or moves() != before:
            self.changed.emit()
        return report

    def _set(self, **changes: Any) -> bool:
        """Change the state; True when anything but the time of the last good sync changed."""
        with self._lock:
            values = {**self._state.__dict__, **changes, "joined": self.joined()}
            if values["joined"]:
                from companion.store.team import TeamUrl

                values["place"] = TeamUrl.parse(self.settings.get("team_url")).place
            old, self._state = self._state, TeamState(**values)
        return {**old.__dict__, "last_ok": None} != {**self._state.__dict__, "last_ok": None}

    def _join(self, url_text: str, password: str, name: str) -> tuple[bool, str]:
        from companion.core.team import join_team
        from companion.platform.secrets import SecretsError
        from companion.store.team import TeamRefused, TeamUnavailable, TeamUrl, TeamUrlError
        from companion.store.team_schema import TeamSchemaError

        try:
            url = TeamUrl.parse(url_text)
            lead, tls = join_team(url, password or url.password, name, self.settings, self.secrets.put)
        except (TeamUrlError, TeamUnavailable, TeamRefused, TeamSchemaError, SecretsError) as exc:
            return False, str(exc)
        self._set(reachable=True, error="", lead=lead, tls=tls)
        return True, url.place

    def _leave(self) -> Unfinished | None:
        """Leave (core/team.TeamSync.leave); None when done, else what is still open."""
        from companion.platform.secrets import SecretsError

        if not self.joined():
            return None

        def forget(place: str) -> None:
            try:
                self.secrets.forget(place)
            except SecretsError:
                pass  # no keyring: nothing was kept there

        still_open, _report = TeamSync(self.tickets, self.settings, self._server()).leave(forget)
        if still_open:
            return still_open
        with self._lock:
            self._state = TeamState(joined=False)
        self.packs_changed.emit()
        self.changed.emit()
        return None
