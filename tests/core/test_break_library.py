"""The break kinds library on a real SQLite file: seeding the shipped kinds once, conversion to
the engine's BreakKind, adding and editing kinds, validation that writes nothing."""

from __future__ import annotations

import copy
import json

import pytest

from companion.core.break_library import (MAX_SUGGESTION, SEEDED_KEY, BreakLibrary, KindError, KindInput,
                                          shipped_kinds)
from companion.core.breaks import BreakKind
from companion.core.tickets import NotFound, ValidationError
from companion.resources import breaks_path
from companion.store.models import BreakKind as KindRow
from companion.store.models import BreakSuggestion, Setting

SHIPPED = {
    "version": 1,
    "kinds": [
        {"slug": "micro", "name": {"ru": "Пауза для глаз", "en": "Eye break"}, "interval_min": 20,
         "duration_s": 20, "warn_s": 10, "long": False,
         "suggestions": {"ru": ["Посмотрите вдаль.", "Моргните медленно."],
                         "en": ["Look into the distance.", "Blink slowly."]}},
        {"slug": "long", "name": {"ru": "Большой перерыв", "en": "Long break"}, "interval_min": 90,
         "duration_s": 600, "warn_s": 60, "long": True,
         "suggestions": {"ru": ["Откройте окно."], "en": ["Open a window."]}},
    ],
    "tough": {},
}


@pytest.fixture
def library(database):
    return BreakLibrary()


@pytest.fixture
def seeded(library):
    assert library.seed(copy.deepcopy(SHIPPED))
    return library


def hydration(**changes) -> KindInput:
    values = dict(names={"ru": "Вода", "en": "Hydration"}, interval_min=45, duration_s=30, warn_s=0,
                  suggestions={"ru": "Выпейте стакан воды.\n",
                               "en": ["Drink a glass of water.", "Refill your bottle."]})
    values.update(changes)
    return KindInput(**values)


def snapshot():
    """Everything the library writes, to prove that a refused call wrote nothing."""
    kinds = [tuple(r.__data__.items()) for r in KindRow.select().order_by(KindRow.id)]
    suggestions = [tuple(r.__data__.items()) for r in BreakSuggestion.select().order_by(BreakSuggestion.id)]
    settings = [(r.key, r.value) for r in Setting.select().order_by(Setting.key)]
    return kinds, suggestions, settings


# -- seeding -------------------------------------------------------------------------------------
def test_seeding_happens_once_and_marks_the_shipped_kinds_builtin(library):
    assert not library.seeded()
    assert library.seed(copy.deepcopy(SHIPPED)) is True
    assert library.seeded()
    assert [k.slug for k in library.kinds()] == ["micro", "long"]
    assert library.builtin_slugs() == {"micro", "long"}
    # a second start: nothing added, not even after the agent changed or removed things
    library.set_enabled("micro", False)
    assert library.seed(copy.deepcopy(SHIPPED)) is False
    assert KindRow.select().count() == 2
    assert library.get("micro").enabled is False


def test_seeding_does_not_repeat_when_builtin_kinds_exist_without_the_flag(seeded):
    Setting.delete().where(Setting.key == SEEDED_KEY).execute()
    assert not seeded.seeded()
    assert seeded.seed(copy.deepcopy(SHIPPED)) is False
    assert seeded.seeded()
    assert KindRow.select().count() == 2


def test_a_broken_shipped_file_names_the_kind_and_writes_nothing(library):
    data = copy.deepcopy(SHIPPED)
    data["kinds"][1]["interval_min"] = 2
    before = snapshot()
    with pytest.raises(KindError, match=r"kind 2 \(long\): interval: between 5 and 480 minutes"):
        library.seed(data)
    assert snapshot() == before
    assert not library.seeded()
    data["kinds"][1]["slug"] = "micro"
    data["kinds"][1]["interval_min"] = 90
    with pytest.raises(KindError, match="used twice"):
        library.seed(data)
    with pytest.raises(KindError, match="version"):
        library.seed({"version": 2, "kinds": []})


def test_the_real_shipped_file_seeds(library):
    data = json.loads(breaks_path().read_text(encoding="utf-8"))
    assert [k.slug for k in shipped_kinds(data)][:2] == ["micro", "long"]
    assert library.seed(data)
    micro, long_ = library.get("micro"), library.get("long")
    assert not micro.long and long_.long
    assert micro.suggestions["ru"] and micro.suggestions["en"] and long_.suggestions["en"]


# -- reading -------------------------------------------------------------------------------------
def test_kinds_convert_minutes_to_seconds_and_keep_suggestion_order(seeded):
    micro, long_ = seeded.kinds()
    assert micro == BreakKind(slug="micro", names={"ru": "Пауза для глаз", "en": "Eye break"}, interval=20 * 60,
                              duration=20, warn=10, long=False, enabled=True,
                              suggestions={"ru": ("Посмотрите вдаль.", "Моргните медленно."),
                                           "en": ("Look into the distance.", "Blink slowly.")})
    assert (long_.interval, long_.duration, long_.warn, long_.long) == (5400, 600, 60, True)
    assert seeded.get("long") == long_
    assert long_.name("ru") == "Большой перерыв"
    with pytest.raises(NotFound):
        seeded.get("nap")


def test_a_disabled_kind_is_left_out_of_the_enabled_ones(seeded):
    seeded.set_enabled("long", False)
    assert [k.slug for k in seeded.kinds(enabled_only=True)] == ["micro"]
    assert [(k.slug, k.enabled) for k in seeded.kinds()] == [("micro", True), ("long", False)]
    seeded.set_enabled("long", True)
    assert [k.slug for k in seeded.kinds(enabled_only=True)] == ["micro", "long"]
    with pytest.raises(NotFound):
        seeded.set_enabled("nap", True)


# -- adding and editing --------------------------------------------------------------------------
def test_a_custom_hydration_kind_is_added_after_the_shipped_ones(seeded):
    slug = seeded.save(hydration())
    assert slug == "hydration"  # from the English name
    assert [k.slug for k in seeded.kinds()] == ["micro", "long", "hydration"]
    kind = seeded.get("hydration")
    assert kind.interval == 45 * 60 and kind.duration == 30 and kind.warn == 0 and not kind.long
    assert kind.suggestions == {"ru": ("Выпейте стакан воды.",),
                                "en": ("Drink a glass of water.", "Refill your bottle.")}
    assert not seeded.is_builtin("hydration")
    # the same name again gets its own id; a Russian-only name is transliterated
    assert seeded.save(hydration()) == "hydration-2"
    assert seeded.save(hydration(names={"ru": "Прогулка"})) == "progulka"


def test_editing_a_kind_replaces_its_suggestions_and_values(seeded):
    kind = KindInput.from_kind(seeded.get("micro"))
    kind.interval_min = 25
    kind.suggestions["en"] = "  Look out of the window.  \n\nBlink slowly.\nlook out of the window.\n"
    kind.suggestions["ru"] = []
    assert seeded.save(kind) == "micro"
    micro = seeded.get("micro")
    assert micro.interval == 25 * 60
    assert micro.suggestions == {"en": ("Look out of the window.", "Blink slowly.")}  # stripped, no blanks/repeats
    assert seeded.is_builtin("micro")  # still shipped
    assert BreakSuggestion.select().join(KindRow).where(KindRow.slug == "micro").count() == 2


def test_create_and_update_can_be_insisted_on(seeded):
    with pytest.raises(KindError, match="already has the id 'micro'"):
        seeded.save(hydration(slug="micro"), create=True)
    with pytest.raises(NotFound):
        seeded.save(hydration(slug="water"), create=False)
    assert seeded.save(hydration(slug="water"), create=True) == "water"


def test_the_signature_changes_with_every_edit(seeded):
    marks = [seeded.signature()]
    seeded.save(hydration())
    marks.append(seeded.signature())
    kind = KindInput.from_kind(seeded.get("hydration"))
    kind.names["en"] = "Hydratiom"  # same length, other text
    seeded.save(kind)
    marks.append(seeded.signature())
    seeded.set_enabled("micro", False)
    marks.append(seeded.signature())
    seeded.delete("hydration")
    marks.append(seeded.signature())
    assert len(set(marks)) == len(marks)
    assert seeded.signature() == marks[-1]  # and only then


# -- deleting ------------------------------------------------------------------------------------
def test_delete_refuses_the_shipped_kinds_but_removes_added_ones(seeded):
    seeded.save(hydration())
    before = snapshot()
    with pytest.raises(KindError, match="the shipped kinds can be switched off, not deleted"):
        seeded.delete("micro")
    assert snapshot() == before
    seeded.delete("hydration")
    assert [k.slug for k in seeded.kinds()] == ["micro", "long"]
    assert BreakSuggestion.select().count() == len(SHIPPED["kinds"][0]["suggestions"]["ru"]) * 2 + 2
    with pytest.raises(NotFound):
        seeded.delete("hydration")


# -- validation ----------------------------------------------------------------------------------
@pytest.mark.parametrize("changes, field, message", [
    ({"names": {"ru": " ", "en": ""}}, "names", "name: give the kind a name"),
    ({"names": {"de": "Wasser"}}, "names", "unknown language 'de'"),
    ({"names": {"en": "x" * 81}}, "name.en", "longer than 80 characters"),
    ({"interval_min": 4}, "interval", "interval: between 5 and 480 minutes"),
    ({"interval_min": 481}, "interval", "interval: between 5 and 480 minutes"),
    ({"interval_min": "often"}, "interval", "not a whole number of minutes"),
    ({"duration_s": 9}, "duration", "duration: between 10 and 3600 seconds"),
    ({"duration_s": 3601}, "duration", "duration: between 10 and 3600 seconds"),
    ({"interval_min": 5, "duration_s": 300}, "duration", "shorter than the interval"),
    ({"warn_s": -1}, "warn", "warn: between 0 and 600 seconds"),
    ({"warn_s": 601}, "warn", "warn: between 0 and 600 seconds"),
    ({"interval_min": 5, "warn_s": 300}, "warn", r"warning \(300 s\) must be shorter than the interval"),
    ({"suggestions": {"ru": "\n \n", "en": []}}, "suggestions", "at least one suggestion"),
    ({"suggestions": {"en": ["ok", "y" * (MAX_SUGGESTION + 1)]}}, "suggestions.en",
     "English suggestion 2 .* longer than 300 characters"),
    ({"slug": "Hydration!"}, "slug", "not a valid id"),
])
def test_bad_input_names_the_field_and_writes_nothing(seeded, changes, field, message):
    before = snapshot()
    with pytest.raises(KindError, match=message) as info:
        seeded.save(hydration(**changes))
    assert info.value.field == field
    assert isinstance(info.value, ValidationError) and isinstance(info.value, ValueError)
    assert snapshot() == before


def test_cleaned_tidies_without_touching_the_database(library):
    data = hydration(names={"ru": "  Вода  ", "en": " Hydration   break "}, interval_min="45", long=1,
                     suggestions={"ru": "Глоток воды\n\nГлоток воды\n  Ещё глоток  "})
    clean = data.cleaned()
    assert clean.names == {"ru": "Вода", "en": "Hydration break"}
    assert clean.interval_min == 45 and clean.long is True
    assert clean.suggestions == {"ru": ["Глоток воды", "Ещё глоток"]}
    assert KindRow.select().count() == 0
