"""Reply library import and export: a lossless round trip of our JSON, Espanso and Beeftext files
mapped where their fields map, and bad files named by line or field with nothing half-imported."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from companion.core.clock import FakeClock
from companion.core.reply_io import (ReplyImportError, detect_kind, dump_replies, export_replies, import_replies,
                                     load_file, parse_beeftext_csv, parse_beeftext_json, parse_espanso)
from companion.core.reply_library import ReplyInput, ReplyLibrary, Variant
from companion.core.tickets import ValidationError
from companion.store.db import close_database, open_database
from companion.store.models import ReplyCategory, ReplyTemplate, ReplyVariant

LIBRARY = Path(__file__).resolve().parents[2] / "companion" / "assets" / "replies" / "library.json"


@pytest.fixture
def library(database, clock):
    return ReplyLibrary(clock)


def shipped() -> dict:
    return json.loads(LIBRARY.read_text(encoding="utf-8"))


def counts() -> tuple[int, int, int]:
    return ReplyCategory.select().count(), ReplyTemplate.select().count(), ReplyVariant.select().count()


def reopen(path: Path) -> None:
    """Switch to a fresh, empty data file (the fixture closes whichever is open at the end)."""
    close_database()
    open_database(path)


def _build_rich(clock: FakeClock) -> None:
    """The shipped library plus what a real one accumulates: favourites, uses, a Russian-only
    category and reply, an empty category, text with odd spacing."""
    library = ReplyLibrary(clock)
    library.seed(shipped())
    replies = library.replies()
    library.set_favourite(replies[5].id, True)
    library.set_favourite(replies[0].id, False)
    for n, reply in enumerate(replies[:7]):
        for _ in range(n + 1):
            clock.advance(minutes=7)
            library.record_use(reply.id)
    own = library.add_category("Мои заготовки", "")
    library.add_category("", "Empty for now")
    library.create(ReplyInput(own.id, {"ru": Variant("Только по-русски", "  Отступ,\n\n\n\tтаб и {client}  ")},
                              favourite=True))
    library.create(ReplyInput(own.id, {"en": Variant("Symbols", "<b>&amp; $1 \\1 {{ {0} }} 😀")}))


@pytest.fixture(scope="module")
def rich_file(tmp_path_factory):
    """Built once per module; each test gets its own copy of the data file."""
    path = tmp_path_factory.mktemp("rich")
    open_database(path)
    try:
        _build_rich(FakeClock(datetime(2026, 11, 20, 7, 0, tzinfo=timezone.utc)))
    finally:
        close_database()
    return path


@pytest.fixture
def rich(rich_file, data_dir, clock):
    shutil.copytree(rich_file, data_dir)
    open_database(data_dir)
    yield ReplyLibrary(clock)
    close_database()


# -- export / import round trip ------------------------------------------------------------------
def test_export_shape(rich):
    data = export_replies()
    assert data["format"] == "support-companion-replies" and data["version"] == 1
    first = data["templates"][0]
    assert set(first) == {"id", "category", "favourite", "use_count", "last_used", "variants"}
    assert list(first["variants"]) == ["ru", "en"]
    assert data["categories"][-2] == {"id": "moi-zagotovki", "name": {"ru": "Мои заготовки", "en": ""}}
    assert json.loads(dump_replies()) == data
    assert "Мои заготовки" in dump_replies()  # readable, not \u-escaped


def test_export_then_import_into_a_fresh_library_is_lossless(rich, tmp_path, clock):
    before = dump_replies()
    n_before = counts()
    reopen(tmp_path / "fresh")
    assert counts() == (0, 0, 0)
    clock.advance(days=3)  # the import happens later: nothing time-related may change
    summary = import_replies(json.loads(before), clock)
    assert summary.added == n_before[1] and summary.updated == 0 and summary.categories == n_before[0]
    assert summary.warnings == []
    assert dump_replies() == before
    assert counts() == n_before
    data = json.loads(before)
    assert sum(t["favourite"] for t in data["templates"]) >= 4
    assert sorted(t["use_count"] for t in data["templates"])[-7:] == [1, 2, 3, 4, 5, 6, 7]


def test_reimporting_the_same_file_updates_instead_of_duplicating(rich, clock):
    before = dump_replies()
    n_before = counts()
    summary = import_replies(json.loads(before), clock)
    assert summary.added == 0 and summary.updated == n_before[1] and summary.categories == 0
    assert counts() == n_before
    assert dump_replies() == before


def test_import_replaces_by_id_and_adds_new_ones(rich, clock):
    data = export_replies()
    changed = data["templates"][3]
    changed["variants"] = {"en": {"title": "Rewritten", "body": "New text for {client}"}}
    changed["favourite"] = True
    changed["use_count"] = 99
    data["templates"].append({"id": "brand-new", "category": "closing",
                              "variants": {"ru": {"title": "Новый", "body": "Текст"}}})
    n_before = counts()
    summary = import_replies(data, clock)
    assert (summary.added, summary.updated) == (1, len(data["templates"]) - 1)
    assert counts()[1] == n_before[1] + 1
    library = ReplyLibrary(clock)
    rewritten = library.find(changed["id"])
    assert rewritten.variants == {"en": Variant("Rewritten", "New text for {client}")}
    assert rewritten.favourite and rewritten.use_count == 99
    new = library.find("brand-new")
    assert new.use_count == 0 and new.last_used_at is None and not new.favourite


def test_import_keeps_counts_that_the_file_does_not_mention(rich, clock):
    library = ReplyLibrary(clock)
    used = max(library.replies(), key=lambda r: r.use_count)
    entry = next(t for t in export_replies()["templates"] if t["id"] == used.slug)
    del entry["use_count"], entry["last_used"]
    data = {"format": "support-companion-replies", "version": 1, "templates": [entry]}
    import_replies(data, clock)
    again = library.reply(used.id)
    assert (again.use_count, again.last_used_at) == (used.use_count, used.last_used_at)


def test_import_warns_about_placeholders_that_can_never_be_filled(library, clock):
    data = {"format": "support-companion-replies", "version": 1,
            "categories": [{"id": "mine", "name": {"en": "Mine"}}],
            "templates": [{"id": "odd", "category": "mine",
                           "variants": {"en": {"title": "Odd",
                                               "body": "Hi {client}, {clinet} {in_business_days:99}"}}}]}
    summary = import_replies(data, clock)
    assert summary.added == 1
    assert len(summary.warnings) == 1 and "odd (en)" in summary.warnings[0] and "{clinet}" in summary.warnings[0]
    # kept as written: it shows up (and is flagged) when copying
    assert library.find("odd").variants["en"].body == "Hi {client}, {clinet} {in_business_days:99}"


_title = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
# Control characters other than line breaks and tabs are refused everywhere (issue 10).
_body = st.text(st.characters(blacklist_characters="{", blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"),
                min_size=1, max_size=80)


@settings(max_examples=12, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow,
                                                                                 HealthCheck.function_scoped_fixture])
@given(items=st.lists(st.tuples(st.booleans(), _title, _body, st.booleans(), st.integers(0, 5)), min_size=1,
                      max_size=6))
def test_round_trip_of_any_library(library, clock, items):
    ReplyVariant.delete().execute()
    ReplyTemplate.delete().execute()
    ReplyCategory.delete().execute()
    categories = [library.add_category("Первая", "First"), library.add_category("", "Second")]
    for n, (ru, title, body, favourite, uses) in enumerate(items):
        try:
            reply = library.create(ReplyInput(categories[n % 2].id, {"ru" if ru else "en": Variant(title, body)},
                                              favourite))
        except ValidationError:
            assume(False)
        if uses:
            clock.advance(seconds=61)
            ReplyTemplate.update(use_count=uses, last_used_at=clock.now()).where(
                ReplyTemplate.id == reply.id).execute()
    before = dump_replies()
    ReplyVariant.delete().execute()
    ReplyTemplate.delete().execute()
    ReplyCategory.delete().execute()
    import_replies(json.loads(before), clock)
    assert dump_replies() == before


# -- malformed files: an error naming the place, and nothing written -----------------------------
def _ours(**changes) -> str:
    data = shipped()
    for key, value in changes.items():
        data[key] = value
    return json.dumps(data, ensure_ascii=False, indent=2)


def _without_body() -> str:
    data = shipped()
    del data["templates"][2]["variants"]["en"]["body"]
    return json.dumps(data, ensure_ascii=False)


def _unknown_category() -> str:
    data = shipped()
    data["templates"][4]["category"] = "no-such-thing"
    return json.dumps(data, ensure_ascii=False)


def _patched(path: str, value) -> str:
    data = shipped()
    target = data
    keys = path.split("/")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    target[int(keys[-1]) if keys[-1].isdigit() else keys[-1]] = value
    return json.dumps(data, ensure_ascii=False)


BAD_FILES = [
    ("syntax.json", '{\n  "format": "support-companion-replies",\n  "version": 1,\n  "templates": [\n'
                    '    {"id": "x",}\n  ]\n}\n', ["line 5, column", "not valid JSON"]),
    ("format.json", _ours(format="something-else"), ["format", "something-else"]),
    ("version.json", _ours(version=7), ["version", "7"]),
    ("body.json", _without_body(), ["templates[2].variants.en.body", "empty"]),
    ("category.json", _unknown_category(), ["templates[4].category", "no-such-thing"]),
    ("category-list.json", _patched("templates/1/category", ["status"]), ["templates[1].category"]),
    ("lang.json", _patched("templates/3/variants/de", {"title": "Hallo", "body": "Text"}),
     ["templates[3].variants.de", "unknown language"]),
    ("count.json", _patched("templates/6/use_count", -1), ["templates[6].use_count"]),
    ("huge-count.json", _patched("templates/6/use_count", 10**30), ["templates[6].use_count"]),
    ("last-used.json", _patched("templates/7/last_used", "2026-11-23 10:00"), ["templates[7].last_used"]),
    ("fav.json", _patched("templates/8/favourite", "yes"), ["templates[8].favourite"]),
    ("dup-id.json", _patched("templates/9/id", "ack-received"), ["templates[9].id", "twice"]),
    ("bad-id.json", _patched("templates/9/id", "Not An Id"), ["templates[9].id"]),
    ("cat-name.json", _patched("categories/2/name", {"ru": "", "en": " "}), ["categories[2].name"]),
    ("title-type.json", _patched("templates/10/variants/ru/title", 5), ["templates[10].variants.ru.title"]),
    ("espanso.yml", 'matches:\n  - trigger: ":a"\n    replace: "ok"\n\t- trigger: ":b"\n',
     ["line 4", "not valid YAML"]),
    ("no-replace.yml", 'matches:\n  - trigger: ":a"\n    replace: "ok"\n\n  - trigger: ":b"\n    label: B\n'
                       '  - trigger: ":c"\n    replace: "c"\n', ["line 5", "matches[1]", "no replace"]),
    ("empty-replace.yml", 'matches:\n  - trigger: ":a"\n    replace: "  "\n', ["line 2", "empty"]),
    ("replace-map.yml", 'matches:\n  - trigger: ":a"\n    replace: {x: 1}\n', ["line 2", "must be text"]),
    ("no-matches.yml", 'global_vars:\n  - name: x\n', ["matches"]),
    ("beeftext-groups.json", json.dumps({"groups": [{"uuid": "g1", "name": "One"}],
                                         "combos": [{"keyword": "a", "snippet": "A", "group": "g1"},
                                                    {"keyword": "b", "snippet": "B", "group": "g9"}]}),
     ["combos[1].group", "g9"]),
    ("beeftext-snippet.json", json.dumps({"combos": [{"keyword": "a", "snippet": "A"}, {"keyword": "b"}]}),
     ["combos[1].snippet"]),
    ("beeftext-empty.json", json.dumps({"combos": []}), ["no combos"]),
    ("rows.csv", '!a,Alpha\n!b,"Beta\nspans\nthree lines"\n!c\n!d,Delta\n', ["line 5", "found 1 field"]),
    ("empty-snippet.csv", '!a,Alpha\n!b,  \n', ["line 2", "'!b'", "empty"]),
    ("latin1.csv", "!a,Alpha\n!b,caf\xe9\n".encode("latin-1"), ["line 2", "not UTF-8"]),
    ("latin1.yml", 'matches:\n  - trigger: ":a"\n    replace: "\xe9"\n'.encode("latin-1"), ["line 3", "UTF-8"]),
    ("notes.txt", "just some notes\n", ["not a reply library"]),
]


@pytest.mark.parametrize("name,content,words", BAD_FILES, ids=[f[0] for f in BAD_FILES])
def test_a_bad_file_names_the_place_and_changes_nothing(rich, clock, tmp_path, name, content, words):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    before, n_before = dump_replies(), counts()
    with pytest.raises(ReplyImportError) as err:
        import_replies(load_file(path), clock)
    for word in words:
        assert word in str(err.value), str(err.value)
    assert counts() == n_before
    assert dump_replies() == before


def test_beeftext_json_without_combos(library, clock, tmp_path):
    path = tmp_path / "combos.json"
    path.write_text(json.dumps({"groups": []}), encoding="utf-8")
    with pytest.raises(ReplyImportError, match="format"):
        import_replies(load_file(path), clock)  # without combos it reads as ours, and is checked as ours
    with pytest.raises(ReplyImportError, match="no \"combos\" list"):
        load_file(path, kind="beeftext-json")


def test_an_unreadable_path_is_an_import_error(tmp_path):
    with pytest.raises(ReplyImportError, match="cannot read"):
        load_file(tmp_path / "missing.json")


def test_a_valid_half_and_a_bad_half_import_nothing(library, clock):
    data = shipped()
    data["templates"][-1]["variants"]["ru"]["title"] = ""
    with pytest.raises(ReplyImportError, match=rf"templates\[{len(data['templates']) - 1}\]"):
        import_replies(data, clock)
    assert counts() == (0, 0, 0)


# -- Espanso -------------------------------------------------------------------------------------
ESPANSO = """\
# my support snippets
matches:
  - trigger: ":hi"
    replace: "Hello {{client}}, this is {{ agent }}. Ref {{ticket}}"

  - triggers: [":bye", ":cya"]
    replace: "Bye {{form1.name}}"

  - trigger: ":ru"
    label: "Привет клиенту"
    replace: |
      Здравствуйте, {{client}}!
      Сегодня {{mydate}}.

  - regex: ":num(?P<n>\\\\d+)"
    replace: "number {{n}}"
"""


def test_espanso_matches_map_to_replies(library, clock, tmp_path):
    path = tmp_path / "base.yml"
    path.write_text(ESPANSO, encoding="utf-8")
    data = load_file(path)
    assert [c["id"] for c in data["categories"]] == ["espanso"]
    templates = data["templates"]
    titles = [next(iter(t["variants"].values()))["title"] for t in templates]
    assert titles == ["hi", "bye", "Привет клиенту", "num(?P<n>\\d+)"]
    assert [list(t["variants"]) for t in templates] == [["en"], ["en"], ["ru"], ["en"]]
    bodies = [next(iter(t["variants"].values()))["body"] for t in templates]
    # {{name}} becomes {name} only for names we fill; the rest stays as written
    assert bodies[0] == "Hello {client}, this is {agent}. Ref {ticket}"
    assert bodies[1] == "Bye {{form1.name}}"
    assert bodies[2] == "Здравствуйте, {client}!\nСегодня {{mydate}}.\n"
    assert bodies[3] == "number {{n}}"
    summary = import_replies(data, clock)
    assert summary.added == 4 and summary.categories == 1
    warned = " ".join(summary.warnings)
    assert len(summary.warnings) == 3
    for name in ("{form1.name}", "{mydate}", "{n}"):
        assert name in warned
    assert ReplyCategory.get(ReplyCategory.slug == "espanso").name("en") == "From Espanso"
    # importing the same file again updates the same replies
    again = import_replies(load_file(path), clock)
    assert (again.added, again.updated) == (0, 4)
    assert counts() == (1, 4, 4)


def test_espanso_without_trigger_or_label_is_named_by_its_text():
    data = parse_espanso('matches:\n  - replace: "Thanks for waiting, we are on it"\n')
    assert data["templates"][0]["variants"]["en"]["title"] == "Thanks for waiting, we are on it"


def test_espanso_yaml_error_names_line_and_column():
    with pytest.raises(ReplyImportError) as err:
        parse_espanso('matches:\n  - trigger: ":a"\n    replace: [unclosed\n  - trigger: ":b"\n')
    assert "line" in str(err.value) and "column" in str(err.value) and "not valid YAML" in str(err.value)


def test_espanso_same_title_twice_gets_distinct_ids():
    data = parse_espanso('matches:\n  - trigger: ":a"\n    replace: "one"\n  - trigger: ":a"\n    replace: "two"\n')
    assert [t["id"] for t in data["templates"]] == ["espanso-a", "espanso-a-2"]


# -- Beeftext ------------------------------------------------------------------------------------
BEEFTEXT = {
    "fileFormatVersion": 8,
    "groups": [{"uuid": "{g-1}", "name": "Приветствия", "description": ""},
               {"uuid": "{g-2}", "name": "Closing", "description": ""}],
    "combos": [
        {"uuid": "c1", "name": "Hello", "keyword": "!hi", "snippet": "Hello #{cursor}there {{client}}",
         "group": "{g-1}", "enabled": True},
        {"uuid": "c2", "name": "", "keyword": "!bye", "snippet": "До свидания!", "group": "{g-2}"},
        {"uuid": "c3", "name": "   ", "keyword": "!x", "snippet": "No group at all"},
        {"uuid": "c4", "name": "Rich", "keyword": "!rich", "useHtml": True,
         "snippet": "<p>Tom &amp; Jerry</p><p>line<br/>two <b>bold</b></p>"},
    ],
}


def test_beeftext_json_groups_become_categories(library, clock):
    data = parse_beeftext_json(json.dumps(BEEFTEXT))
    assert {c["id"]: c["name"]["en"] for c in data["categories"]} == {
        "beeftext": "From Beeftext", "beeftext-privetstviya": "Приветствия", "beeftext-closing": "Closing"}
    templates = {t["id"]: t for t in data["templates"]}
    assert templates["beeftext-hello"]["category"] == "beeftext-privetstviya"
    assert templates["beeftext-hello"]["variants"] == {"en": {"title": "Hello", "body": "Hello there {{client}}"}}
    assert templates["beeftext-bye"]["category"] == "beeftext-closing"
    assert templates["beeftext-bye"]["variants"] == {"ru": {"title": "!bye", "body": "До свидания!"}}
    assert templates["beeftext-no-group-at-all"]["category"] == "beeftext"  # a blank name: named by its text
    assert templates["beeftext-rich"]["variants"]["en"]["body"] == "Tom & Jerry\nline\ntwo bold\n"
    summary = import_replies(data, clock)
    assert summary.added == 4 and summary.categories == 3
    assert import_replies(parse_beeftext_json(json.dumps(BEEFTEXT)), clock).updated == 4


def test_beeftext_older_keys():
    combo = {"comboText": "!old", "substitutionText": "Old #{cursor}style"}
    data = parse_beeftext_json(json.dumps({"combos": [combo]}))
    [template] = data["templates"]
    assert template["variants"] == {"en": {"title": "!old", "body": "Old style"}}


def test_beeftext_csv_with_and_without_a_header(library, clock, tmp_path):
    path = tmp_path / "combos.csv"
    path.write_text('keyword,snippet,name\n!hi,"Hello {client},\nsecond line #{cursor}",Greeting\n'
                    '!ru,Здравствуйте!,\n\n!x,"quoted, with comma"\n', encoding="utf-8")
    data = load_file(path)
    assert [(t["id"], t["variants"]) for t in data["templates"]] == [
        ("beeftext-greeting", {"en": {"title": "Greeting", "body": "Hello {client},\nsecond line "}}),
        ("beeftext-ru", {"ru": {"title": "!ru", "body": "Здравствуйте!"}}),
        ("beeftext-x", {"en": {"title": "!x", "body": "quoted, with comma"}}),
    ]
    assert import_replies(data, clock).added == 3
    plain = parse_beeftext_csv("!a,Alpha\n")
    assert plain["templates"][0]["variants"] == {"en": {"title": "!a", "body": "Alpha"}}


@pytest.mark.parametrize("text,lang", [
    ("Здравствуйте, спасибо за обращение", "ru"),
    ("Hello, thanks for reaching out", "en"),
    ("Здравствуйте, Anna! Ваш ticket SUP-1", "ru"),
    ("Hello Иван, thanks for your patience with this", "en"),
    ("12345 !!!", "en"),
])
def test_language_is_detected_from_the_text(text, lang):
    data = parse_beeftext_csv(f'!k,"{text}"\n')
    assert list(data["templates"][0]["variants"]) == [lang]


# -- recognising files ---------------------------------------------------------------------------
@pytest.mark.parametrize("name,text,kind", [
    ("a.yml", "anything", "espanso"),
    ("a.YAML", "anything", "espanso"),
    ("a.csv", "a,b", "beeftext-csv"),
    ("a.json", '{"format": "support-companion-replies"}', "json"),
    ("a.json", '\ufeff  {"groups": [], "combos": []}', "beeftext-json"),
    ("a.txt", "# espanso\nmatches:\n  - trigger: x\n", "espanso"),
])
def test_detect_kind(name, text, kind):
    assert detect_kind(Path(name), text) == kind


def test_a_byte_order_mark_is_fine(tmp_path, clock, library):
    data = shipped()
    data["templates"] = data["templates"][:2]
    path = tmp_path / "lib.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(data, ensure_ascii=False).encode("utf-8"))
    assert import_replies(load_file(path), clock).added == 2
    path = tmp_path / "combos.csv"
    path.write_bytes(b"\xef\xbb\xbfkeyword,snippet\n!a,Alpha\n")
    assert load_file(path)["templates"][0]["variants"] == {"en": {"title": "!a", "body": "Alpha"}}


def test_shipped_library_file_round_trips(library, clock):
    library.seed(shipped())
    data = export_replies()
    original = shipped()
    assert [c["id"] for c in data["categories"]] == [c["id"] for c in original["categories"]]
    assert [(t["id"], t["category"], t["favourite"], t["variants"]) for t in data["templates"]] == [
        (t["id"], t["category"], t.get("favourite", False), t["variants"]) for t in original["templates"]]
    assert all(t["use_count"] == 0 and t["last_used"] is None for t in data["templates"])


def test_espanso_images_and_forms_are_skipped_with_a_note_and_files_do_not_overwrite_each_other(tmp_path, clock):
    base = tmp_path / "base.yml"
    base.write_text('matches:\n  - trigger: ":hi"\n    replace: "Hello from base"\n'
                    '  - trigger: ":logo"\n    image_path: "/tmp/logo.png"\n'
                    '  - trigger: ":form"\n    form: "Name: [[name]]"\n', encoding="utf-8")
    work = tmp_path / "work.yml"
    work.write_text('matches:\n  - trigger: ":hi"\n    replace: "Hello from work"\n', encoding="utf-8")
    summary = import_replies(load_file(base), clock)
    assert summary.added == 1 and len(summary.warnings) == 2
    assert all("skipped" in w for w in summary.warnings) and "line 4" in summary.warnings[0]
    summary = import_replies(load_file(work), clock)
    assert summary.added == 1 and summary.updated == 0
    bodies = sorted(v.body for v in ReplyVariant.select())
    assert "Hello from base" in bodies and "Hello from work" in bodies
