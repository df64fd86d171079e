"""Reply templates: placeholders and rendering.

A template is plain text with placeholders from a fixed allow-list ({hello}, {client},
{next_update}, {in_business_days:2}, …). Rendering is one left-to-right pass: a value is never
scanned again, so a client called "{ticket}" or "$1 \\1 <b>" stays exactly that. Nothing here
uses str.format, format_map or string.Template on user text, and attribute access such as
{client.__class__} is just an unknown placeholder: left visible, reported, never evaluated.

A placeholder that is unknown or has no value is kept as typed and reported in
`Rendered.problems`, so the caller can highlight it and ask before copying: never "Hello ,".
{hello} is the one that always has a value: a greeting needs no name to be polite.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from companion.core.contacts import address_name, looks_like_company, split_contact
from companion.core.schedule import ScheduleError, WorkSchedule
from companion.core.timetext import EN_MONTHS, RU_MONTHS_GEN

LANGS = ("ru", "en")
LANG_NAMES = {"ru": "Русский", "en": "English"}

# name -> (takes an argument, short English description for menus and docs)
PLACEHOLDERS: dict[str, tuple[bool, str]] = {
    "hello": (False, "the greeting with the name: \"Good afternoon, Ivan!\", or \"Hello!\" to a company"),
    "greeting": (False, "good morning / afternoon / evening"),
    "client": (False, "the client's name"),
    "contact": (False, "the contact person's name"),
    "ticket": (False, "the ticket key"),
    "subject": (False, "the ticket subject"),
    "url": (False, "the ticket link"),
    "agent": (False, "your name (Settings)"),
    "next_update": (False, "when you will update the client next, e.g. \"tomorrow by 3 pm\""),
    "promised": (False, "the promised date, e.g. \"on Friday by 4 pm\""),
    "today": (False, "today's date"),
    "in_business_days": (True, "a date N working days ahead, e.g. {in_business_days:2}"),
}
MAX_BUSINESS_DAYS = 60

# A candidate: braces around something identifier-like, optionally with ":argument". Spaces
# inside ("{ client }") and doubled braces ("{{client}}", the Espanso and Handlebars habit) are
# the same placeholder, so neither pastes as "{Ivan}" or slips through unreported. Anything else
# in braces (JSON, "{ }", code) is ordinary text and not reported.
_CANDIDATE = re.compile(r"\{(\{)?[ \t]*([^\W\d][\w.\-]*)(?::([^{}\n]{0,30}?))?[ \t]*\}(?(1)\})")


@dataclass(frozen=True)
class TicketFacts:
    """What a reply can say about a ticket (a plain copy, no database object)."""

    key: str = ""
    client: str = ""  # the company or the person
    contact: str = ""  # the person to address at the client, if known
    subject: str = ""
    url: str = ""
    next_update: datetime | None = None
    promised: datetime | None = None


@dataclass(frozen=True)
class RenderContext:
    now: datetime
    tz: ZoneInfo
    lang: str = "en"
    ticket: TicketFacts | None = None
    agent: str = ""
    schedule: WorkSchedule | None = None  # for business-day maths; without it days off are ignored


@dataclass(frozen=True)
class Problem:
    placeholder: str  # as typed, with braces
    reason: str  # "unknown" | "empty" | "argument"
    message: str


@dataclass(frozen=True)
class Segment:
    text: str
    placeholder: str | None = None  # the placeholder this text came from, if any
    problem: Problem | None = None


@dataclass(frozen=True)
class Rendered:
    segments: tuple[Segment, ...]
    problems: tuple[Problem, ...] = field(default=())

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)

    @property
    def html(self) -> str:
        """The HTML flavour: every piece escaped, line breaks kept, paragraphs on blank lines."""
        body = html.escape(self.text, quote=False)
        # Split on exactly one blank line: a longer run keeps its extra lines as <br>, so the
        # pasted reply has the spacing the agent wrote (splitting on \n{2,} silently dropped it).
        paragraphs = [p.replace("\n", "<br>") for p in body.split("\n\n")]
        return "".join(f"<p>{p}</p>" for p in paragraphs)

    @property
    def ok(self) -> bool:
        return not self.problems


def tokens(text: str) -> list[tuple[str, str | None, str | None, str]]:
    """Split a template into (literal) and (placeholder) pieces:
    (text, name, argument, raw) with name None for literal text."""
    out: list[tuple[str, str | None, str | None, str]] = []
    pos = 0
    for match in _CANDIDATE.finditer(text):
        if match.start() > pos:
            out.append((text[pos:match.start()], None, None, text[pos:match.start()]))
        arg = match.group(3).strip() if match.group(3) is not None else None
        out.append((match.group(0), match.group(2), arg, match.group(0)))
        pos = match.end()
    if pos < len(text):
        out.append((text[pos:], None, None, text[pos:]))
    return out


def suggestion(name: str) -> str | None:
    import difflib  # only when something is misspelt: keeps it off the start-up path

    close = difflib.get_close_matches(name.casefold(), list(PLACEHOLDERS), n=1, cutoff=0.6)
    return close[0] if close else None


def check_placeholder(name: str, arg: str | None) -> Problem | None:
    """Whether `{name:arg}` is allowed at all (independent of any ticket)."""
    raw = "{" + name + (f":{arg}" if arg is not None else "") + "}"
    spec = PLACEHOLDERS.get(name)
    if spec is None:
        hint = suggestion(name)
        extra = f"; did you mean {{{hint}}}?" if hint else ""
        return Problem(raw, "unknown", f"{raw} is not a known placeholder{extra}")
    takes_arg, _doc = spec
    if takes_arg:
        # isdecimal, not isdigit: "²" is a digit to isdigit() but int() rejects it, and a
        # template must never make rendering (or the editor's check) raise.
        if arg is None or not arg.strip().isdecimal() or not 0 <= int(arg) <= MAX_BUSINESS_DAYS:
            return Problem(raw, "argument",
                           f"{raw} needs a number of days from 0 to {MAX_BUSINESS_DAYS}, e.g. {{{name}:2}}")
    elif arg is not None:
        return Problem(raw, "argument", f"{raw}: {{{name}}} takes no argument")
    return None


def unknown_placeholders(text: str) -> list[Problem]:
    """Placeholders that can never be filled (unknown names, bad arguments): for the editor."""
    problems = []
    for _text, name, arg, _raw in tokens(text):
        if name is not None:
            problem = check_placeholder(name, arg)
            if problem is not None and problem not in problems:
                problems.append(problem)
    return problems


def render(text: str, ctx: RenderContext) -> Rendered:
    segments: list[Segment] = []
    problems: list[Problem] = []
    for piece, name, arg, raw in tokens(text):
        if name is None:
            segments.append(Segment(piece))
            continue
        problem = check_placeholder(name, arg)
        value = ""
        if problem is None:
            value = _value(name, arg, ctx)
            if not value:
                problem = Problem(raw, "empty", _empty_message(name, raw, ctx))
            elif (name == "promised" and ctx.ticket is not None and ctx.ticket.promised is not None
                  and ctx.ticket.promised < ctx.now):  # (a value means there is a ticket and a promise)
                problem = Problem(raw, "past", f"{raw}: the date promised for {ctx.ticket.key} ({value}) "
                                  "has passed; agree a new one first")
        if problem is not None:
            segments.append(Segment(raw, name, problem))
            if problem not in problems:
                problems.append(problem)
        else:
            segments.append(Segment(value, name))
    return Rendered(tuple(segments), tuple(problems))


def _empty_message(name: str, raw: str, ctx: RenderContext) -> str:
    if name == "agent":
        return f"{raw}: your name is not set (Settings → Your name)"
    if ctx.ticket is None:
        return f"{raw}: no ticket chosen"
    what = {"client": "no client name", "contact": "no contact name", "subject": "no subject", "url": "no link",
            "next_update": "no next update time", "promised": "no promised date"}.get(name, "no value")
    return f"{raw}: ticket {ctx.ticket.key} has {what}"


def _value(name: str, arg: str | None, ctx: RenderContext) -> str:
    t = ctx.ticket
    lang = ctx.lang if ctx.lang in LANGS else "en"
    if name == "greeting":
        return greeting(ctx.now.astimezone(ctx.tz), lang)
    if name == "hello":
        return salutation(ctx.now.astimezone(ctx.tz), lang, t)
    if name == "agent":
        return ctx.agent.strip()
    if name == "today":
        return day_phrase(ctx.now.astimezone(ctx.tz).date(), lang)
    if name == "in_business_days":
        assert arg is not None  # check_placeholder() made sure of it
        return deadline_day(_business_day(ctx, int(arg)), lang)
    if t is None:
        return ""
    if name == "client":
        return t.client.strip()
    if name == "contact":
        return split_contact(t.contact).name
    if name == "ticket":
        return t.key.strip()
    if name == "subject":
        return t.subject.strip()
    if name == "url":
        return t.url.strip()
    if name in ("next_update", "promised"):
        when = t.next_update if name == "next_update" else t.promised
        return deadline(when, ctx.now, ctx.tz, lang, ctx.schedule) if when is not None else ""
    return ""


def _business_day(ctx: RenderContext, days: int) -> date:
    today = ctx.now.astimezone(ctx.tz).date()
    if ctx.schedule is not None:
        try:
            return ctx.schedule.add_business_days(ctx.now, days).astimezone(ctx.tz).date() if days else today
        except ScheduleError:
            pass
    day, counted = today, 0
    while counted < days:
        day += timedelta(days=1)
        if day.weekday() < 5:
            counted += 1
    return day


# -- dates the way people write them --------------------------------------------------------------
_RU_MONTHS = RU_MONTHS_GEN
_EN_MONTHS = EN_MONTHS
_RU_WEEKDAY_ACC = ("понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье")
_RU_WEEKDAY_DAT = ("понедельнику", "вторнику", "среде", "четвергу", "пятнице", "субботе", "воскресенью")
_EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def greeting(local: datetime, lang: str) -> str:
    hour = local.hour
    if lang == "ru":
        return "Доброе утро" if 5 <= hour < 12 else "Добрый день" if 12 <= hour < 18 else "Добрый вечер"
    return "Good morning" if 5 <= hour < 12 else "Good afternoon" if 12 <= hour < 18 else "Good evening"


def salutation(local: datetime, lang: str, ticket: TicketFacts | None) -> str:
    """The opening line of a reply, addressed as a person would address the client:

    - to the contact, by the name a greeting uses (contacts.address_name): "Добрый день, Иван!",
      "Good afternoon, Ivan!";
    - with no contact, to a client that is a person, by the client's name as written (without
      an address): "Добрый день, Иван Петров!";
    - to a company, or to nobody known: "Здравствуйте!", "Hello!" (a company is not greeted
      by its legal name, and an e-mail address is no name).
    """
    name = address_name(ticket.contact) if ticket is not None else ""
    if not name and ticket is not None and not looks_like_company(ticket.client):
        name = split_contact(ticket.client).name
    if name:
        return f"{greeting(local, lang)}, {name}!"
    return "Здравствуйте!" if lang == "ru" else "Hello!"


def day_phrase(day: date, lang: str, today: date | None = None) -> str:
    """23 ноября / 23 November; with the year when `today` is given and in another year."""
    year = "" if today is None or today.year == day.year else (f" {day.year} года" if lang == "ru"
                                                                else f" {day.year}")
    if lang == "ru":
        return f"{day.day} {_RU_MONTHS[day.month - 1]}{year}"
    return f"{day.day} {_EN_MONTHS[day.month - 1]}{year}"


def clock_time(local: datetime, lang: str) -> str:
    if lang == "ru":
        return f"{local.hour}:{local.minute:02d}"
    hour12 = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    if local.hour == 12 and local.minute == 0:
        return "noon"
    if local.hour == 0 and local.minute == 0:
        return "midnight"
    return f"{hour12} {suffix}" if local.minute == 0 else f"{hour12}:{local.minute:02d} {suffix}"


def deadline(when: datetime, now: datetime, tz: ZoneInfo, lang: str,
             schedule: WorkSchedule | None = None) -> str:
    """A deadline with its preposition: "завтра до 15:00", "в пятницу до 16:00", "2 декабря до
    15:00"; "tomorrow by 3 pm", "on Friday by 4 pm", "on 2 December by 3 pm".

    The time is the commitment itself, never rounded here: due times are already promised to the
    quarter hour where they are computed (core/tickets.promise_time), so the reply names the very
    instant the reminder keeps (seconds, if any, round up to the minute). The end of a working
    day (with `schedule`) or of a day off is a day alone: "в пятницу", "by Friday"."""
    when = when.astimezone(timezone.utc)  # aware local arithmetic would be wall-clock time (DST)
    if when.second or when.microsecond:
        when = when.replace(second=0, microsecond=0) + timedelta(minutes=1)
    local = when.astimezone(tz)
    today = now.astimezone(tz).date()
    day = local.date()
    if schedule is not None:
        whole_day = _day_ended_by(when, schedule)
        if whole_day is not None:
            return _day_deadline(whole_day, today, lang)
    time_text = clock_time(local, lang)
    if local.hour == 0 and local.minute == 0:
        # Midnight ends the day before: "tomorrow by midnight" for tonight's 24:00 would be read
        # as the end of tomorrow, a day later than meant.
        day -= timedelta(days=1)
        time_text = "24:00" if lang == "ru" else "midnight"
    delta = (day - today).days
    if lang == "ru":
        if delta == 0:
            head = "сегодня"
        elif delta == 1:
            head = "завтра"
        elif 1 < delta < 7:
            name = _RU_WEEKDAY_ACC[day.weekday()]
            head = ("во " if name == "вторник" else "в ") + name
        else:
            head = day_phrase(day, "ru", today)
        return f"{head} до {time_text}"
    if delta == 0:
        head = "today"
    elif delta == 1:
        head = "tomorrow"
    elif 1 < delta < 7:
        head = f"on {_EN_WEEKDAYS[day.weekday()]}"
    else:
        head = f"on {day_phrase(day, 'en', today)}"
    return f"{head} by {time_text}"


def _day_ended_by(when: datetime, schedule: WorkSchedule) -> date | None:
    """The day `when` closes: the end of its working hours, or midnight after a day off. A night
    shift ending at 06:00 closes no day a client would name ("в четверг" for Friday 06:00 would
    read as a day early), so such a deadline keeps its time."""
    local = when.astimezone(schedule.tz)
    if schedule.end_of_working_day(local.date()) == when:
        return local.date()
    if local.hour == 0 and local.minute == 0:
        before = local.date() - timedelta(days=1)
        if not schedule.is_working_day(before):
            return before
    return None


def _day_deadline(day: date, today: date, lang: str) -> str:
    """A day alone as a deadline: "сегодня", "завтра", "в пятницу", "15 декабря"; "today",
    "tomorrow", "by Friday", "by 15 December"."""
    delta = (day - today).days
    if lang == "ru":
        if delta == 0:
            return "сегодня"
        if delta == 1:
            return "завтра"
        if 1 < delta < 7:
            name = _RU_WEEKDAY_ACC[day.weekday()]
            return ("во " if name == "вторник" else "в ") + name
        return day_phrase(day, "ru", today)
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if 1 < delta < 7:
        return f"by {_EN_WEEKDAYS[day.weekday()]}"
    return f"by {day_phrase(day, 'en', today)}"


def deadline_day(day: date, lang: str) -> str:
    """A day as a deadline: "к среде, 25 ноября" / "by Wednesday, 25 November"."""
    if lang == "ru":
        name = _RU_WEEKDAY_DAT[day.weekday()]
        prep = "ко" if name == "вторнику" else "к"
        return f"{prep} {name}, {day.day} {_RU_MONTHS[day.month - 1]}"
    return f"by {_EN_WEEKDAYS[day.weekday()]}, {day.day} {_EN_MONTHS[day.month - 1]}"
