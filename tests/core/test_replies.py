"""Reply rendering: one pass over an allow-list, values literal, gaps visible, dates as people
write them."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from companion.core.replies import (PLACEHOLDERS, RenderContext, TicketFacts, deadline, deadline_day, greeting,
                                    render, tokens, unknown_placeholders)
from companion.core.schedule import WorkSchedule

MSK = ZoneInfo("Europe/Moscow")
NY = ZoneInfo("America/New_York")
PROPS = settings(max_examples=80, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow])

# Monday 23 November 2026, 10:00 in Moscow: the conftest clock's instant.
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=MSK)
LIBRARY = Path(__file__).resolve().parents[2] / "companion" / "assets" / "replies" / "library.json"
FACTS = TicketFacts(key="SUP-1234", client="Анна", subject="Экспорт в PDF", url="https://example.com/t/1234")


def ctx(lang="ru", ticket=FACTS, agent="Мария", now=NOW, tz=MSK, schedule=None) -> RenderContext:
    return RenderContext(now=now, tz=tz, lang=lang, ticket=ticket, agent=agent, schedule=schedule)


def msk(*args) -> datetime:
    return datetime(*args, tzinfo=MSK)


def from_html(fragment: str) -> str:
    """Undo the HTML flavour: paragraphs back to blank lines, <br> to line breaks, entities."""
    assert fragment.startswith("<p>") and fragment.endswith("</p>"), fragment
    inner = fragment[len("<p>"):-len("</p>")]
    return html.unescape(inner.replace("</p><p>", "\n\n").replace("<br>", "\n"))


NASTY = ["{ticket}", "$&", "\\1", "$1", "{client.__class__}", "<b>&amp;", "{{agent}}", "%s", "{0}",
         "</p><p>", "<br>", "\\g<0>", "{in_business_days:2}", "&lt;", "${client}", "\n{subject}\n"]
values = st.one_of(st.text(max_size=30), st.sampled_from(NASTY),
                   st.lists(st.sampled_from(NASTY), min_size=1, max_size=4).map("".join))


# -- values are inserted literally, once ----------------------------------------------------------
@PROPS
@given(client=values, subject=values, key=values, agent=values)
def test_values_appear_exactly_as_given_and_are_never_expanded_again(client, subject, key, agent):
    facts = TicketFacts(key=key, client=client, subject=subject)
    rendered = render("{client}|{ticket}|{subject}|{agent}", ctx("en", facts, agent))
    expected = []
    for raw, value in (("{client}", client), ("{ticket}", key), ("{subject}", subject), ("{agent}", agent)):
        # surrounding whitespace is trimmed; a value that is nothing but whitespace is a gap
        expected.append(value.strip() or raw)
    assert rendered.text == "|".join(expected)
    assert rendered.text == "".join(s.text for s in rendered.segments)
    empty = {raw for raw, value in (("{client}", client), ("{ticket}", key), ("{subject}", subject),
                                    ("{agent}", agent)) if not value.strip()}
    assert {p.placeholder for p in rendered.problems} == empty
    assert all(p.reason == "empty" for p in rendered.problems)


@pytest.mark.parametrize("value", NASTY)
def test_a_value_that_looks_like_a_placeholder_or_a_regex_backreference_stays_literal(value):
    facts = TicketFacts(key="SUP-9", client=value.strip(), subject="S")
    rendered = render("Hello {client}, about {ticket}.", ctx("en", facts))
    assert rendered.text == f"Hello {value.strip()}, about SUP-9."
    assert rendered.ok


_NAMES = ["client", "ticket", "subject", "url", "agent", "greeting", "today", "next_update", "promised"]
literal_text = st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=20)
piece = st.one_of(literal_text, st.sampled_from(_NAMES).map(lambda n: "{" + n + "}"))


@PROPS
@given(pieces=st.lists(piece, max_size=12), client=values)
def test_a_template_is_its_literal_text_with_each_placeholder_replaced_by_its_value(pieces, client):
    facts = TicketFacts(key="SUP-1", client=client, subject="Тема", url="https://x.test/1",
                        next_update=msk(2026, 11, 24, 15, 0), promised=msk(2026, 11, 27, 16, 0))
    fill = {"{client}": client.strip() or "{client}", "{ticket}": "SUP-1", "{subject}": "Тема",
            "{url}": "https://x.test/1", "{agent}": "Мария", "{greeting}": "Доброе утро",
            "{today}": "23 ноября", "{next_update}": "завтра до 15:00", "{promised}": "в пятницу до 16:00"}
    rendered = render("".join(pieces), ctx("ru", facts))
    assert rendered.text == "".join(fill.get(p, p) for p in pieces)


# arbitrary text, salted with the makings of placeholders so that braces actually meet names
brace_soup = st.lists(st.one_of(st.text(max_size=6), st.sampled_from([
    "{", "}", "{{", ":", ".", "client", "ticket", "agent", "today", "in_business_days", "__class__", "2",
    "99", "²", "٣", " ", "\n", "-"])), max_size=16).map("".join)


@PROPS
@given(text=st.one_of(st.text(max_size=80), brace_soup))
@example(text="{in_business_days:²} {client.__class__} {{ticket}} {today:x}")
def test_any_text_renders_piece_by_piece_without_raising(text):
    pieces = tokens(text)
    assert "".join(raw for _t, _n, _a, raw in pieces) == text
    rendered = render(text, ctx("en", ticket=None, agent=""))
    assert len(rendered.segments) == len(pieces)
    assert rendered.text == "".join(s.text for s in rendered.segments)
    for (_t, name, _arg, raw), segment in zip(pieces, rendered.segments, strict=True):
        if name is None:
            assert segment.text == raw and segment.placeholder is None and segment.problem is None
        elif segment.problem is not None:
            assert segment.text == raw  # a gap stays visible exactly as typed
            assert segment.problem in rendered.problems
        else:
            assert name in ("greeting", "today", "in_business_days")  # the only ones filled here
    assert set(rendered.problems) == {s.problem for s in rendered.segments if s.problem is not None}


@PROPS
@given(text=st.text(alphabet=st.characters(blacklist_characters="{"), max_size=80))
def test_text_without_placeholders_comes_back_unchanged(text):
    rendered = render(text, ctx("en"))
    assert rendered.text == text
    assert rendered.ok


@pytest.mark.parametrize("text", ["{0}", "{1}", "{}", '{"key": 1}', "{{", "}}{", "{9client}",
                                  "{client", "client}", "function() { return 1; }", "{-}", "{\n}"])
def test_braces_around_something_that_is_not_a_name_are_ordinary_text(text):
    rendered = render(text, ctx("en"))
    assert rendered.text == text
    assert rendered.ok


text_with_lines = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(["\n", "\n\n", "\n\n\n", " ", "<", "&"])),
                          max_size=10).map("".join)


@PROPS
@given(client=values, subject=values, body=text_with_lines)
def test_html_flavour_escapes_everything_and_unescapes_back_to_the_text(client, subject, body):
    facts = TicketFacts(key="K-1", client=client, subject=subject)
    rendered = render(body + "\n\n{greeting}, {client}!\n{subject}\n", ctx("en", facts))
    out = rendered.html
    markup = re.sub(r"</?p>|<br>", "", out)
    assert "<" not in markup and ">" not in markup  # nothing raw from a value or the template
    assert from_html(out) == rendered.text


def test_html_flavour_paragraphs_and_line_breaks():
    rendered = render("Hello {client},\n\nline one\nline two", ctx("en", TicketFacts(client="<Tom & Co>")))
    assert rendered.html == "<p>Hello &lt;Tom &amp; Co&gt;,</p><p>line one<br>line two</p>"


def test_html_flavour_keeps_extra_blank_lines():
    rendered = render("Hello,\n\n\nP.S. thanks", ctx("en"))
    assert rendered.html == "<p>Hello,</p><p><br>P.S. thanks</p>"
    assert from_html(rendered.html) == rendered.text


# -- what is not allowed stays inert and is reported ---------------------------------------------
@pytest.mark.parametrize("raw,reason", [
    ("{client.__class__}", "unknown"),
    ("{__import__}", "unknown"),
    ("{client.__init__.__globals__}", "unknown"),
    ("{self}", "unknown"),
    ("{client:x}", "argument"),
    ("{client:>10}", "argument"),
    ("{in_business_days}", "argument"),
    ("{in_business_days:999}", "argument"),
    ("{in_business_days:-1}", "argument"),
    ("{in_business_days:two}", "argument"),
    ("{in_business_days:²}", "argument"),  # a digit to str.isdigit(), not to int()
    ("{in_business_days:2.5}", "argument"),
])
def test_not_allowed_placeholders_are_kept_literally_and_reported(raw, reason):
    rendered = render(f"Hi {{client}}, {raw}!", ctx("en"))
    assert rendered.text == f"Hi Анна, {raw}!"
    assert [(p.placeholder, p.reason) for p in rendered.problems] == [(raw, reason)]
    assert raw in rendered.problems[0].message
    assert [p.placeholder for p in unknown_placeholders(f"x {raw} y")] == [raw]


def test_unknown_placeholder_suggests_a_close_name():
    [problem] = render("{clinet}", ctx("en")).problems
    assert problem.reason == "unknown" and "did you mean {client}?" in problem.message


def test_known_placeholders_are_not_reported_by_the_editor_check():
    text = " ".join("{" + name + (":2" if takes_arg else "") + "}" for name, (takes_arg, _) in PLACEHOLDERS.items())
    assert unknown_placeholders(text) == []


def test_the_same_problem_is_reported_once_but_every_occurrence_stays_visible():
    rendered = render("{oops} and {oops}", ctx("en"))
    assert rendered.text == "{oops} and {oops}"
    assert len(rendered.problems) == 1


@pytest.mark.parametrize("text", ["{{client}}", "{ client }", "{{ client }}", "{client }"])
def test_doubled_braces_and_inner_spaces_are_the_same_placeholder(text):
    # The Espanso/Handlebars habit must not paste "{Анна}", nor slip through unfilled and unreported.
    assert render(f"Hi {text}!", ctx("en")).text == "Hi Анна!"


def test_an_unknown_name_in_doubled_braces_is_reported_whole():
    rendered = render("{{clipboard}}", ctx("en"))
    assert rendered.text == "{{clipboard}}" and [p.reason for p in rendered.problems] == ["unknown"]


# -- gaps: never "Здравствуйте, !" ---------------------------------------------------------------
@pytest.mark.parametrize("client", ["", "   ", "\n\t"])
def test_an_empty_client_name_keeps_the_placeholder_visible(client):
    rendered = render("Здравствуйте, {client}!", ctx("ru", TicketFacts(key="SUP-7", client=client)))
    assert rendered.text == "Здравствуйте, {client}!"
    assert rendered.text != "Здравствуйте, !"
    [problem] = rendered.problems
    assert (problem.placeholder, problem.reason) == ("{client}", "empty")
    assert "SUP-7" in problem.message and "no client name" in problem.message


def test_without_a_ticket_every_ticket_placeholder_is_a_gap():
    text = "{client} {ticket} {subject} {url} {next_update} {promised}"
    rendered = render(text, ctx("en", ticket=None))
    assert rendered.text == text
    assert [p.placeholder for p in rendered.problems] == text.split()
    assert all(p.reason == "empty" and "no ticket chosen" in p.message for p in rendered.problems)


def test_ticket_without_dates_reports_each_missing_one():
    rendered = render("{next_update} / {promised}", ctx("en", TicketFacts(key="SUP-2", client="A")))
    assert rendered.text == "{next_update} / {promised}"
    messages = [p.message for p in rendered.problems]
    assert "no next update time" in messages[0] and "no promised date" in messages[1]


@pytest.mark.parametrize("agent", ["", "  "])
def test_agent_not_set_points_to_settings(agent):
    rendered = render("— {agent}", ctx("en", agent=agent))
    assert rendered.text == "— {agent}"
    [problem] = rendered.problems
    assert problem.reason == "empty" and "Settings" in problem.message


def test_everything_filled_is_ok():
    rendered = render("{greeting}, {client}! {ticket} — {subject}. {agent}", ctx("ru"))
    assert rendered.ok
    assert rendered.text == "Доброе утро, Анна! SUP-1234 — Экспорт в PDF. Мария"


# -- dates the way people write them -------------------------------------------------------------
@pytest.mark.parametrize("now,when,ru,en", [
    (msk(2026, 11, 23, 10), msk(2026, 11, 23, 16, 0), "сегодня до 16:00", "today by 4 pm"),
    (msk(2026, 11, 23, 10), msk(2026, 11, 24, 15, 0), "завтра до 15:00", "tomorrow by 3 pm"),
    (msk(2026, 11, 23, 10), msk(2026, 11, 25, 9, 0), "в среду до 9:00", "on Wednesday by 9 am"),
    (msk(2026, 11, 23, 10), msk(2026, 11, 27, 16, 0), "в пятницу до 16:00", "on Friday by 4 pm"),
    (msk(2026, 11, 23, 10), msk(2026, 11, 28, 11, 0), "в субботу до 11:00", "on Saturday by 11 am"),
    (msk(2026, 11, 23, 10), msk(2026, 11, 29, 12, 0), "в воскресенье до 12:00", "on Sunday by noon"),
    (msk(2026, 11, 26, 10), msk(2026, 12, 1, 10, 30), "во вторник до 10:30", "on Tuesday by 10:30 am"),
    # a week or more ahead: the date, not a weekday that could be read as this week's
    (msk(2026, 11, 23, 10), msk(2026, 11, 30, 10, 0), "30 ноября до 10:00", "on 30 November by 10 am"),
    (msk(2026, 11, 23, 10), msk(2026, 12, 2, 15, 0), "2 декабря до 15:00", "on 2 December by 3 pm"),
    (msk(2026, 12, 28, 10), msk(2027, 1, 12, 9, 0), "12 января 2027 года до 9:00", "on 12 January 2027 by 9 am"),
    # a week crossing the new year is still "this week"
    (msk(2026, 12, 30, 10), msk(2027, 1, 1, 14, 0), "в пятницу до 14:00", "on Friday by 2 pm"),
    # already past: plainly the date
    (msk(2026, 11, 23, 10), msk(2026, 11, 20, 17, 0), "20 ноября до 17:00", "on 20 November by 5 pm"),
])
def test_deadline_phrases(now, when, ru, en):
    assert deadline(when, now, MSK, "ru") == ru
    assert deadline(when, now, MSK, "en") == en


@pytest.mark.parametrize("when,ru,en", [
    (msk(2026, 11, 23, 16, 22), "сегодня до 16:22", "today by 4:22 pm"),
    (msk(2026, 11, 23, 16, 0), "сегодня до 16:00", "today by 4 pm"),
    (msk(2026, 11, 23, 16, 0, 1), "сегодня до 16:01", "today by 4:01 pm"),   # seconds: the next minute
    (msk(2026, 11, 23, 16, 59, 30), "сегодня до 17:00", "today by 5 pm"),
    (msk(2026, 11, 23, 11, 50), "сегодня до 11:50", "today by 11:50 am"),
    (msk(2026, 11, 24, 0, 20), "завтра до 0:20", "tomorrow by 12:20 am"),
])
def test_deadline_names_the_commitment_s_own_minute(when, ru, en):
    # Due times are promised to the quarter hour where they are computed (tickets.promise_time);
    # a reply never moves them, so it names the instant the reminder keeps.
    assert deadline(when, NOW, MSK, "ru") == ru
    assert deadline(when, NOW, MSK, "en") == en


@pytest.mark.parametrize("when,ru,en", [
    (msk(2026, 11, 23, 18, 0), "сегодня", "today"),
    (msk(2026, 11, 24, 18, 0), "завтра", "tomorrow"),
    (msk(2026, 11, 27, 18, 0), "в пятницу", "by Friday"),
    (msk(2026, 11, 24, 18, 0, 0), "завтра", "tomorrow"),
    (msk(2026, 11, 29, 0, 0), "в субботу", "by Saturday"),        # the end of a day off
    (msk(2026, 12, 15, 18, 0), "15 декабря", "by 15 December"),
    (msk(2026, 11, 27, 17, 0), "в пятницу до 17:00", "on Friday by 5 pm"),  # not the end: the time
])
def test_the_end_of_a_working_day_is_a_day_alone(when, ru, en):
    schedule = WorkSchedule.parse(OFFICE, MSK)
    assert deadline(when, NOW, MSK, "ru", schedule) == ru
    assert deadline(when, NOW, MSK, "en", schedule) == en


def test_midnight_belongs_to_the_day_it_ends():
    # "tomorrow by midnight" would be read as the end of tomorrow: a whole day later
    assert deadline(msk(2026, 11, 24, 0, 0), NOW, MSK, "en") == "today by midnight"
    assert deadline(msk(2026, 11, 24, 0, 0), NOW, MSK, "ru") == "сегодня до 24:00"
    assert deadline(msk(2026, 11, 28, 0, 0), NOW, MSK, "en") == "on Friday by midnight"
    assert deadline(msk(2026, 11, 28, 0, 0), NOW, MSK, "ru") == "в пятницу до 24:00"


def test_deadline_uses_the_agent_s_zone_not_the_instant_s():
    when = datetime(2026, 11, 24, 12, 0, tzinfo=ZoneInfo("UTC"))  # 15:00 in Moscow
    assert deadline(when, NOW, MSK, "ru") == "завтра до 15:00"


def test_deadline_across_the_november_dst_change_in_new_york():
    # Sunday 1 November 2026, 02:00 EDT -> 01:00 EST.
    friday = datetime(2026, 10, 30, 15, 0, tzinfo=NY)
    assert deadline(datetime(2026, 11, 2, 16, 0, tzinfo=NY), friday, NY, "en") == "on Monday by 4 pm"
    assert deadline(datetime(2026, 11, 6, 16, 0, tzinfo=NY), friday, NY, "en") == "on 6 November by 4 pm"
    # late on Sunday evening (EST): "tomorrow" is Monday, although 24 h earlier was still EDT
    sunday_night = datetime(2026, 11, 1, 23, 30, tzinfo=NY)
    assert deadline(datetime(2026, 11, 2, 10, 0, tzinfo=NY), sunday_night, NY, "en") == "tomorrow by 10 am"
    # the repeated hour reads as the wall clock shows it
    night = datetime(2026, 11, 1, 0, 30, tzinfo=NY)
    assert deadline(datetime(2026, 11, 1, 1, 50, tzinfo=NY, fold=1), night, NY, "en") == "today by 1:50 am"


@pytest.mark.parametrize("hour,ru,en", [
    (0, "Добрый вечер", "Good evening"), (4, "Добрый вечер", "Good evening"),
    (5, "Доброе утро", "Good morning"), (11, "Доброе утро", "Good morning"),
    (12, "Добрый день", "Good afternoon"), (17, "Добрый день", "Good afternoon"),
    (18, "Добрый вечер", "Good evening"), (23, "Добрый вечер", "Good evening"),
])
def test_greeting_by_the_local_hour(hour, ru, en):
    assert greeting(msk(2026, 11, 23, hour, 30), "ru") == ru
    assert greeting(msk(2026, 11, 23, hour, 30), "en") == en
    assert render("{greeting}", ctx("ru", now=msk(2026, 11, 23, hour, 30))).text == ru


def test_greeting_looks_at_the_agent_s_zone_not_utc():
    now = datetime(2026, 11, 23, 10, 30, tzinfo=ZoneInfo("UTC"))  # 13:30 in Moscow
    assert render("{greeting}", ctx("en", now=now)).text == "Good afternoon"
    assert render("{greeting}", ctx("en", now=now, tz=NY)).text == "Good morning"  # 05:30 there


# -- {hello}: the person greeted, never a company or an address (issue 13, point 4) -----------------
AFTERNOON = msk(2026, 11, 23, 14, 0)


@pytest.mark.parametrize("client,contact,ru,en", [
    # a contact: greeted by the name a greeting uses (the first of two words)
    ("ООО «Ромашка»", "Иван Петров", "Добрый день, Иван!", "Good afternoon, Иван!"),
    ("Acme LLC", "Ivan Petrov", "Добрый день, Ivan!", "Good afternoon, Ivan!"),
    ("Иван Петров", "Иван Петров", "Добрый день, Иван!", "Good afternoon, Иван!"),
    ("", "Петров Иван Сергеевич", "Добрый день, Петров Иван Сергеевич!",
     "Good afternoon, Петров Иван Сергеевич!"),  # three words: whole, no guessing
    ("ООО «Ромашка»", "Иван Петров <ivan@example.com>", "Добрый день, Иван!", "Good afternoon, Иван!"),
    # a company and no contact: not greeted by its legal name
    ("ООО «Ромашка»", "", "Здравствуйте!", "Hello!"),
    ("Globex Ltd", "", "Здравствуйте!", "Hello!"),
    ("ООО «Ромашка»", "ivan@example.com", "Здравствуйте!", "Hello!"),  # an address is no name
    # a person as the client and no contact: as before, by the client's name (without an address)
    ("Иван Петров", "", "Добрый день, Иван Петров!", "Good afternoon, Иван Петров!"),
    ("Иван Петров <ivan@example.com>", "", "Добрый день, Иван Петров!", "Good afternoon, Иван Петров!"),
    ("ivan@example.com", "", "Здравствуйте!", "Hello!"),
    ("", "", "Здравствуйте!", "Hello!"),
])
def test_hello_greets_the_contact_a_person_or_nobody_by_name(client, contact, ru, en):
    facts = replace(FACTS, client=client, contact=contact)
    for lang, expected in (("ru", ru), ("en", en)):
        rendered = render("{hello} Спасибо.", ctx(lang, facts, now=AFTERNOON))
        assert rendered.ok and rendered.text == f"{expected} Спасибо."


def test_hello_follows_the_time_of_day_and_needs_no_ticket():
    facts = replace(FACTS, client="ООО «Ромашка»", contact="Анна")
    assert render("{hello}", ctx("ru", facts)).text == "Доброе утро, Анна!"
    assert render("{hello}", ctx("en", facts, now=msk(2026, 11, 23, 19))).text == "Good evening, Анна!"
    assert render("{hello}", ctx("ru", ticket=None)).text == "Здравствуйте!"  # nobody to name: no gap


def test_contact_is_the_name_as_written_and_a_gap_when_there_is_none():
    facts = replace(FACTS, client="ООО «Ромашка»", contact="Иван Петров <ivan@example.com>")
    assert render("{contact}, {client}", ctx("ru", facts)).text == "Иван Петров, ООО «Ромашка»"
    rendered = render("Контакт: {contact}", ctx("ru", replace(facts, contact="")))
    assert rendered.text == "Контакт: {contact}"
    [problem] = rendered.problems
    assert problem.reason == "empty" and "SUP-1234 has no contact name" in problem.message


def test_the_shipped_greetings_name_no_company_and_no_address():
    library = json.loads(LIBRARY.read_text(encoding="utf-8"))
    bodies = [v["body"] for t in library["templates"] for v in t["variants"].values()]
    assert not [b for b in bodies if "{greeting}, {client}" in b or b.startswith("{client},")]
    opening = [b for b in bodies if b.startswith("{hello} ")]
    assert len(opening) >= 20
    facts = replace(FACTS, client="ООО «Ромашка»", contact="Иван Петров")
    assert all(render(b, ctx("ru", facts, now=AFTERNOON)).text.startswith("Добрый день, Иван! ") for b in opening)
    company = replace(facts, contact="")
    assert all(render(b, ctx("en", company, now=AFTERNOON)).text.startswith("Hello! ") for b in opening)


def test_today_in_both_languages_and_in_the_agent_s_zone():
    assert render("{today}", ctx("ru")).text == "23 ноября"
    assert render("{today}", ctx("en")).text == "23 November"
    late = datetime(2026, 11, 23, 22, 30, tzinfo=ZoneInfo("UTC"))  # already the 24th in Moscow
    assert render("{today}", ctx("en", now=late)).text == "24 November"


def test_next_update_and_promised_come_from_the_ticket():
    facts = TicketFacts(key="SUP-1", client="Анна", next_update=msk(2026, 11, 24, 14, 45),
                        promised=msk(2026, 11, 27, 16, 0))
    text = "{next_update}; {promised}"
    assert render(text, ctx("ru", facts)).text == "завтра до 14:45; в пятницу до 16:00"
    assert render(text, ctx("en", facts)).text == "tomorrow by 2:45 pm; on Friday by 4 pm"
    assert render(text, ctx("de", facts)).text == "tomorrow by 2:45 pm; on Friday by 4 pm"  # unknown: English


# -- business days -------------------------------------------------------------------------------
OFFICE = "mon-fri 09:00-18:00"


@pytest.mark.parametrize("now,days,days_off,ru,en", [
    (msk(2026, 11, 23, 10), 2, (), "к среде, 25 ноября", "by Wednesday, 25 November"),
    (msk(2026, 11, 26, 10), 2, (), "к понедельнику, 30 ноября", "by Monday, 30 November"),  # Thu + weekend
    (msk(2026, 11, 27, 17), 1, (), "к понедельнику, 30 ноября", "by Monday, 30 November"),
    (msk(2026, 11, 28, 12), 1, (), "к понедельнику, 30 ноября", "by Monday, 30 November"),  # from Saturday
    (msk(2026, 11, 26, 10), 2, ("2026-11-30",), "ко вторнику, 1 декабря", "by Tuesday, 1 December"),
    (msk(2026, 11, 26, 10), 3, ("2026-11-30",), "к среде, 2 декабря", "by Wednesday, 2 December"),
    (msk(2026, 12, 30, 10), 2, (), "к пятнице, 1 января", "by Friday, 1 January"),
    (msk(2026, 11, 23, 10), 0, (), "к понедельнику, 23 ноября", "by Monday, 23 November"),
])
def test_in_business_days_skips_weekends_and_days_off(now, days, days_off, ru, en):
    from datetime import date

    schedule = WorkSchedule.parse(OFFICE, "Europe/Moscow", [date.fromisoformat(d) for d in days_off])
    text = f"{{in_business_days:{days}}}"
    assert render(text, ctx("ru", now=now, schedule=schedule)).text == ru
    assert render(text, ctx("en", now=now, schedule=schedule)).text == en


def test_in_business_days_without_a_schedule_counts_monday_to_friday():
    assert render("{in_business_days:2}", ctx("ru", now=msk(2026, 11, 26, 10))).text == "к понедельнику, 30 ноября"
    assert render("{in_business_days:5}", ctx("en")).text == "by Monday, 30 November"


def test_in_business_days_follows_the_schedule_s_working_week():
    weekend_shift = WorkSchedule.parse("sat-sun 10:00-20:00", "Europe/Moscow")
    assert render("{in_business_days:1}", ctx("en", schedule=weekend_shift)).text == "by Saturday, 28 November"
    assert render("{in_business_days:2}", ctx("ru", schedule=weekend_shift)).text == "к воскресенью, 29 ноября"


def test_in_business_days_around_the_dst_change_in_new_york():
    schedule = WorkSchedule.parse(OFFICE, "America/New_York")
    friday_evening = datetime(2026, 10, 30, 23, 30, tzinfo=NY)  # already Saturday in UTC
    text = render("{in_business_days:1}", ctx("en", now=friday_evening, tz=NY, schedule=schedule)).text
    assert text == "by Monday, 2 November"
    text = render("{in_business_days:1}", ctx("en", now=friday_evening, tz=NY)).text
    assert text == "by Monday, 2 November"


def test_deadline_day_prepositions():
    from datetime import date

    assert deadline_day(date(2026, 12, 1), "ru") == "ко вторнику, 1 декабря"
    assert deadline_day(date(2026, 12, 2), "ru") == "к среде, 2 декабря"
    assert deadline_day(date(2026, 12, 6), "ru") == "к воскресенью, 6 декабря"
    assert deadline_day(date(2026, 12, 1), "en") == "by Tuesday, 1 December"


def test_a_promised_date_that_has_passed_is_reported_not_pasted_as_a_promise():
    facts = TicketFacts(key="SUP-9", client="Анна", promised=NOW - timedelta(days=1))
    rendered = render("Решение будет {promised}.", ctx("ru", facts))
    assert rendered.text == "Решение будет {promised}."
    [problem] = rendered.problems
    assert problem.reason == "past" and "SUP-9" in problem.message and "has passed" in problem.message
