"""Replies: search latency per keystroke over 5,000 templates, and the time to open the palette.

    cd /work/main && .venv/bin/python bench/replies.py [--templates 5000] [--rounds 5] [--runs 7] [--profile]

Issue 3 asks for "p95 per keystroke over 5,000 templates (target ≤ 10 ms) and palette open time".

The library. 5,000 templates made from the shipped library (companion/assets/replies/library.json, ru+en)
with a seeded RNG: each one takes a shipped reply, recombines its sentences with sentences of other
replies, gives it a name such as "Request received — Tarvelin" or "Steps to reproduce: <words>",
and puts one or two context sentences near the start (a product, an error code, a client, screen names)
built from generated pseudo-words, so the searchable vocabulary is the size of a big team's
library (tens of thousands of distinct words), not the ~1,000 words of the shipped 51 replies.
The shipped replies are part of the 5,000. Usage counts, last use and favourites are skewed as in
real use. The same templates feed both parts.

1. Search in core. companion.core.reply_search.ReplyIndex over the 5,000 Reply snapshots; index
   build time (median of a few builds), then 23 queries in Russian and English, typed one
   character at a time (typos, wrong-layout queries, a product name and an error code among them); every prefix
   is one `index.search(prefix, now, limit=100)` (the palette's limit). --rounds rounds over all
   of them. Reference measured in the same run: a plain substring scan over the same casefolded
   names and text starts, for the same keystrokes (what the simplest possible search costs here).

2. The palette with the app's real UI, offscreen (QT_QPA_PLATFORM=offscreen unless set), on a real
   SQLite data dir (companion.store.db.open_database) seeded through import_replies (5,000) or the
   shipped seed (51 replies), with 30 open tickets. Every run is a fresh process, so the first open
   pays what the app pays the first time: importing reply_palette and rapidfuzz, reading the
   library, building the index, building the widgets, the first paint:
   (a) first open: import + ReplyPalette(actions) + open_for(None) + events until exposed;
   (b) re-open: hide, then open_for(None) again (the index is kept between opens);
   (c) first keystroke: search.setText("у") + processEvents (search, list, preview, repaint);
   then the rest of one query typed in the palette, per keystroke.
   Reference: a bare PySide6 window with the same widgets (line edit, combo, list of 100 rows,
   text browser) that resets its list and preview on each keystroke without any search.
   Runs alternate bare, 51, 5,000, bare, ... so slow phases of the shared machine hit all alike.

Nothing asserts: figures are printed (medians, p95, max, ratios) and written to
bench/results/replies.json. --profile adds cProfile summaries (by own time) of one round of core
keystrokes and of typing in the palette with 5,000 replies.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # started as a script: make `companion` importable
SHIPPED = ROOT / "companion" / "assets" / "replies" / "library.json"
RESULTS = ROOT / "bench" / "results" / "replies.json"
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TARGET_P95_MS = 10.0

# What an agent types into the palette. Each is typed one character at a time.
QUERIES = [
    "уточню у разработчиков", "нет новостей", "эскалация", "скриншот", "спасибо за терпение",
    "закрываю обращение", "напоминание", "разрабочиков",  # a typo
    "срок", "ошибка",
    "screenshot", "closing", "devloper",  # a typo
    "no news", "request received", "escalated to engineering", "steps to reproduce",
    "sorry for the long wait", "reminder",
    "ghjdthrf",  # "проверка" typed in the English layout
    "ytn yjdjcntq",  # "нет новостей" in the English layout
    "{product}", "{code}",  # a product name and an error code from the generated library
]
UI_QUERIES = ["уточню у разработчиков", "screenshot", "ghjdthrf", "devloper", "нет новостей"]

# -- a realistic library of N templates ------------------------------------------------------------

RU_SYL = ("ба бе би бо бу ва ве ви во ву га ге го гу да де ди до ду жа же за зе зи зо ка ке ки ко ку "
          "ла ле ли ло лу ля ма ме ми мо му на не ни но ну па пе пи по пу ра ре ри ро ру са се си со су "
          "та те ти то ту фа фе фи фо ха хо ца це ча че чи ша ше щи бра вра гра дра кра пра тра стра "
          "сто ста сти сло сла зна зве мне пле кло спа").split()
RU_END = ["", "к", "н", "р", "л", "ль", "ть", "ция", "ние", "ный", "ная", "ское", "ов", "ам", "ами", "ом",
          "ость", "ка", "ки", "ник", "ать", "ить", "ется", "ые"]
EN_SYL = ("ba be bi bo ca ce co da de di do fa fe fi ga ge go ha he hi ka ke la le li lo ma me mi mo na "
          "ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi wa we wi za ze bra cra dra "
          "fra gra pra tra stra sto sta sti pla ple cle spa ver tal cor den flo ton bel mar lin ster "
          "port").split()
EN_END = ["", "n", "r", "l", "s", "t", "er", "ion", "ity", "ing", "ed", "ware", "ly", "ex", "on", "ment",
          "ness", "able", "ize"]

RU_CONTEXT = [
    "Касается модуля {P}: раздел «{w} {w}».",
    "Ошибка {C} в {P} при операции «{w} {w}».",
    "По клиенту ООО «{K}», договор {N}: {w} {w}.",
    "Экран «{w} {w}» в {P} {V}.",
    "Затронуты отчёты {w}, {w} и {w}.",
    "В {P} {V} после обновления {w} {w} и {w}.",
]
EN_CONTEXT = [
    "This concerns {P}: the {w} {w} section.",
    "Error {C} in {P} during {w} {w}.",
    "For {K} Ltd, contract {N}: {w} {w}.",
    "The {w} {w} screen in {P} {V}.",
    "Affected reports: {w}, {w} and {w}.",
    "In {P} {V} after the update, {w} {w} and {w}.",
]
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")


def _pseudo_words(rnd: random.Random, syllables: list[str], endings: list[str], n: int) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        word = "".join(rnd.choice(syllables) for _ in range(rnd.choice((1, 2, 2, 3, 3, 4)))) + rnd.choice(endings)
        if len(word) >= 3:
            out.add(word)
    return sorted(out)


def make_library(n: int, seed: int = 20261123) -> dict:
    """n templates in the "support-companion-replies" format: the shipped ones plus variants."""
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    rnd = random.Random(seed)
    ru_words = _pseudo_words(rnd, RU_SYL, RU_END, 26_000)
    en_words = _pseudo_words(rnd, EN_SYL, EN_END, 16_000)
    products = [w.capitalize() for w in _pseudo_words(rnd, EN_SYL, ["", "ix", "on", "ia", "era", "ex"], 400)]
    clients = _pseudo_words(rnd, RU_SYL, ["", "он", "ис", "ар", "ия"], 600)

    categories = list(shipped["categories"])
    product_categories = []
    for p in rnd.sample(products, 40):
        slug = "product-" + p.casefold()
        categories.append({"id": slug, "name": {"ru": f"Продукт {p}", "en": f"Product {p}"}})
        product_categories.append(slug)

    base = shipped["templates"]
    sentences = {lang: [s for t in base if lang in t["variants"]
                        for s in _SENTENCE.split(t["variants"][lang]["body"]) if len(s) > 20]
                 for lang in ("ru", "en")}
    templates = [dict(t) for t in base][:n]
    for i in range(n - len(templates)):
        t = rnd.choice(base)
        langs = list(t["variants"])
        if len(langs) == 2 and rnd.random() < 0.12:
            langs = [rnd.choice(langs)]  # some team replies exist in one language only
        facts = {"P": rnd.choice(products), "C": f"E{rnd.randint(1000, 9999)}", "N": str(rnd.randint(100, 99999)),
                 "K": rnd.choice(clients).capitalize(),
                 "V": f"{rnd.randint(1, 9)}.{rnd.randint(0, 12)}.{rnd.randint(0, 30)}"}
        contexts = rnd.sample(range(len(RU_CONTEXT)), 2 if rnd.random() < 0.6 else 1)
        title_kind = rnd.random()
        variants = {}
        for lang in langs:
            v = t["variants"][lang]
            pool = ru_words if lang == "ru" else en_words
            parts = _SENTENCE.split(v["body"])
            extra = rnd.sample(sentences[lang], rnd.choice((0, 1, 1, 2)))
            middle = parts[1:] + extra
            rnd.shuffle(middle)
            sentences_of = RU_CONTEXT if lang == "ru" else EN_CONTEXT
            ctx = " ".join(re.sub(r"\{w\}", lambda _m, pool=pool: rnd.choice(pool), sentences_of[c]).format(**facts)
                           for c in contexts)
            # the context goes near the start: only the first 300 characters of a text are indexed
            body = " ".join([parts[0], ctx] + middle if rnd.random() < 0.7 else [ctx, parts[0]] + middle)
            if title_kind < 0.5:
                title = f"{v['title']} — {facts['P']}"
            elif title_kind < 0.75:
                title = f"{v['title']}: {rnd.choice(pool)} {rnd.choice(pool)}"
            else:
                title = f"{v['title']} ({facts['C']})"
            variants[lang] = {"title": title[:120], "body": body}
        used = rnd.random() < 0.3
        templates.append({
            "id": f"gen-{i + 1:05d}",
            "category": rnd.choice(product_categories) if rnd.random() < 0.4 else t["category"],
            "favourite": rnd.random() < 0.01,
            "use_count": int(rnd.paretovariate(1.1)) if used else 0,
            "last_used": (NOW - timedelta(minutes=rnd.randint(5, 90 * 24 * 60))).isoformat() if used else None,
            "variants": variants,
        })
    return {"format": "support-companion-replies", "version": 1, "categories": categories,
            "templates": templates, "_products": products}


def core_replies(data: dict):
    """Reply snapshots and category names, as ReplyActions.index() hands them to ReplyIndex."""
    from companion.core.reply_library import Reply, Variant

    order = {c["id"]: i for i, c in enumerate(data["categories"])}
    names = {i + 1: f"{c['name']['ru']} {c['name']['en']}" for i, c in enumerate(data["categories"])}
    position: dict[str, int] = {}
    replies = []
    for n, t in enumerate(data["templates"], 1):
        position[t["category"]] = position.get(t["category"], 0) + 1
        last = datetime.fromisoformat(t["last_used"]) if t.get("last_used") else None
        replies.append(Reply(n, t["id"], order[t["category"]] + 1, bool(t.get("favourite")),
                             t.get("use_count") or 0, last, position[t["category"]],
                             {lang: Variant(" ".join(v["title"].split()), v["body"])
                              for lang, v in t["variants"].items()}))
    replies.sort(key=lambda r: (r.category_id, r.position))  # library.replies() order
    return replies, names


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def stats(values: list[float]) -> dict:
    return {"n": len(values), "median": statistics.median(values), "p95": pct(values, 95),
            "max": max(values), "min": min(values)}


def queries_for(data: dict) -> list[str]:
    products = data["_products"]
    code = next(t["variants"][lang]["title"] for t in data["templates"][60:] for lang in t["variants"]
                if "(E" in t["variants"][lang]["title"])
    fill = {"{product}": products[len(products) // 3].casefold(), "{code}": code.rsplit("(", 1)[1].rstrip(")")}
    return [fill.get(q, q) for q in QUERIES]


# -- part 1: search in core ----------------------------------------------------------------------

def bench_search(data: dict, rounds: int, builds: int, profile: bool) -> dict:
    from companion.core.reply_search import BODY_PREFIX, ReplyIndex

    replies, names = core_replies(data)
    build_ms = []
    for _ in range(builds):
        gc.collect()
        t0 = time.perf_counter()
        index = ReplyIndex(replies, names)
        build_ms.append((time.perf_counter() - t0) * 1000)
    vocabulary = len(index.vocabulary)
    t0 = time.perf_counter()
    index._row_boosts(NOW)  # the once-a-minute usage boosts, timed on their own
    boosts_ms = (time.perf_counter() - t0) * 1000
    print(f"index over {len(replies)} templates: {vocabulary} distinct words; build median "
          f"{statistics.median(build_ms):.0f} ms (max {max(build_ms):.0f}) over {builds} builds; "
          f"usage boosts {boosts_ms:.1f} ms once a minute", flush=True)

    # The reference: the simplest search there is, over the same indexed text.
    texts = [(" ".join(v.title for v in r.variants.values()) + " " + " ".join(
        v.body[:BODY_PREFIX] for v in r.variants.values())).casefold() for r in replies]

    queries = queries_for(data)
    keystrokes: list[float] = []
    naive: list[float] = []
    per_query: dict[str, list[float]] = {q: [] for q in queries}
    by_length: dict[str, list[float]] = {"1": [], "2": [], "3": [], "4+": []}
    per_round = []
    hits_last: dict[str, int] = {}
    for _round in range(rounds):
        this_round = []
        for q in queries:
            for k in range(1, len(q) + 1):
                prefix = q[:k]
                t0 = time.perf_counter()
                hits = index.search(prefix, NOW, limit=100)
                ms = (time.perf_counter() - t0) * 1000
                t0 = time.perf_counter()
                _ = [i for i, text in enumerate(texts) if prefix.casefold() in text]
                naive.append((time.perf_counter() - t0) * 1000)
                this_round.append(ms)
                per_query[q].append(ms)
                longest = max((len(w) for w in re.findall(r"\w+", prefix)), default=0)
                by_length["4+" if longest >= 4 else str(max(longest, 1))].append(ms)
                if k == len(q):
                    hits_last[q] = len(hits)
        keystrokes += this_round
        per_round.append(stats(this_round))
    result = {
        "templates": len(replies), "vocabulary": vocabulary, "build_ms": stats(build_ms),
        "boosts_ms": boosts_ms, "queries": queries, "rounds": rounds,
        "keystroke_ms": stats(keystrokes), "per_round": per_round,
        "by_longest_word": {k: stats(v) for k, v in by_length.items() if v},
        "per_query": {q: {**stats(v), "hits_for_full_query": hits_last[q]} for q, v in per_query.items()},
        "reference_substring_scan_ms": stats(naive),
        "target_p95_ms": TARGET_P95_MS,
    }
    if profile:
        result["profile"] = profile_search(index, queries)
    return result


def profile_search(index, queries: list[str]) -> str:
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for q in queries:
        for k in range(1, len(q) + 1):
            index.search(q[:k], NOW, limit=100)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(14)
    return out.getvalue()


# -- part 2: the palette, one fresh process per run ----------------------------------------------

def seed_child(data_dir: Path, library_file: Path | None) -> None:
    """Prepare a data dir: the shipped seed (library_file None) or an import of the given file."""
    from companion.core.clock import FakeClock
    from companion.core.reply_io import import_replies
    from companion.core.reply_library import ReplyLibrary
    from companion.core.settings import Settings
    from companion.core.tickets import TicketInput, TicketService
    from companion.store.db import open_database

    open_database(data_dir)
    clock = FakeClock(NOW)
    rnd = random.Random(7)
    tickets = TicketService(clock, Settings().schedule())
    for i in range(30):
        tickets.create(TicketInput(key=f"SUP-{4000 + i}", client=rnd.choice(["ООО Ромашка", "ACME Ltd", "Иван"]),
                                   subject=rnd.choice(["не печатает счёт", "login fails", "медленный отчёт"]),
                                   cadence="1d"))
    t0 = time.perf_counter()
    if library_file is None:
        added = ReplyLibrary(clock).seed(json.loads(SHIPPED.read_text(encoding="utf-8")))
    else:
        data = json.loads(library_file.read_text(encoding="utf-8"))
        data.pop("_products", None)
        added = import_replies(data, clock, source="benchmark").added
    print(json.dumps({"added": added, "seconds": time.perf_counter() - t0}))


def _shown(app, widget) -> None:
    """Process events until the window is exposed, then once more for its first paint."""
    deadline = time.perf_counter() + 5
    while (widget.windowHandle() is None or not widget.windowHandle().isExposed()) and time.perf_counter() < deadline:
        app.processEvents()
    app.processEvents()


def palette_child(data_dir: Path) -> None:
    """One fresh process: first open, re-opens and keystrokes of the real palette."""
    t_imports = time.perf_counter()
    from PySide6.QtWidgets import QApplication

    from companion.core.clock import FakeClock
    from companion.core.reply_library import ReplyLibrary
    from companion.core.settings import Settings
    from companion.core.tickets import TicketService
    from companion.platform.clipboard import FakeClipboard
    from companion.store.db import open_database
    from companion.ui.reply_actions import ReplyActions

    app = QApplication.instance() or QApplication(sys.argv[:1])
    open_database(data_dir)
    clock = FakeClock(NOW)
    settings = Settings()
    settings.set("reply_language", "ru")
    actions = ReplyActions(ReplyLibrary(clock), TicketService(clock, settings.schedule()), settings, clock,
                           FakeClipboard())
    app_start_ms = (time.perf_counter() - t_imports) * 1000  # what the app has done before, not counted

    # Breakdown of the first open: wrap the instance's own methods (no change to their code).
    spent = {"replies": 0.0, "index": 0.0}

    def timed(name, fn):
        def wrapper(*a, **kw):
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                spent[name] += (time.perf_counter() - t) * 1000
        return wrapper

    actions.replies = timed("replies", actions.replies)
    actions.index = timed("index", actions.index)
    gc.collect()

    t0 = time.perf_counter()
    from companion.ui.reply_palette import (
        ReplyPalette,  # lazy in the app too (App.palette)
    )
    import_ms = (time.perf_counter() - t0) * 1000
    palette = ReplyPalette(actions)
    construct_ms = (time.perf_counter() - t0) * 1000 - import_ms
    palette.open_for(None)
    _shown(app, palette)
    first_open = (time.perf_counter() - t0) * 1000
    rows_on_open = palette.model.rowCount()
    first_open_parts = {"import_palette": import_ms, "construct": construct_ms,
                        "read_library": spent["replies"], "index_incl_import": spent["index"] - spent["replies"]}

    def keystroke(text: str) -> float:
        t = time.perf_counter()
        palette.search.setText(text)  # textChanged -> update_results, as typing does
        app.processEvents()
        return (time.perf_counter() - t) * 1000

    first_key = keystroke("у")
    typed = [keystroke("уточню у разработчиков"[:k]) for k in range(2, len("уточню у разработчиков") + 1)]
    reopen, key_after_reopen = [], []
    for query in UI_QUERIES:
        palette.hide()
        app.processEvents()
        t = time.perf_counter()
        palette.open_for(None)
        _shown(app, palette)
        reopen.append((time.perf_counter() - t) * 1000)
        key_after_reopen.append(keystroke(query[0]))
        typed += [keystroke(query[:k]) for k in range(2, len(query) + 1)]
    print(json.dumps({"app_start_ms": app_start_ms, "first_open_ms": first_open, "parts": first_open_parts,
                      "first_key_ms": first_key, "reopen_ms": reopen, "key_after_reopen_ms": key_after_reopen,
                      "typed_ms": typed, "rows_on_open": rows_on_open, "replies": len(actions.replies())}))


def palette_profile_child(data_dir: Path) -> None:
    """cProfile of the palette while typing the UI queries (after the first open), by own time."""
    import cProfile
    import io
    import pstats

    from PySide6.QtWidgets import QApplication

    from companion.core.clock import FakeClock
    from companion.core.reply_library import ReplyLibrary
    from companion.core.settings import Settings
    from companion.core.tickets import TicketService
    from companion.platform.clipboard import FakeClipboard
    from companion.store.db import open_database
    from companion.ui.reply_actions import ReplyActions
    from companion.ui.reply_palette import ReplyPalette

    app = QApplication.instance() or QApplication(sys.argv[:1])
    open_database(data_dir)
    clock = FakeClock(NOW)
    settings = Settings()
    actions = ReplyActions(ReplyLibrary(clock), TicketService(clock, settings.schedule()), settings, clock,
                           FakeClipboard())
    palette = ReplyPalette(actions)
    palette.open_for(None)
    _shown(app, palette)
    profiler = cProfile.Profile()
    keystrokes = 0
    profiler.enable()
    for query in UI_QUERIES:
        for k in range(1, len(query) + 1):
            palette.search.setText(query[:k])
            app.processEvents()
            keystrokes += 1
    profiler.disable()
    out = io.StringIO()
    out.write(f"{keystrokes} keystrokes in the palette ({len(actions.replies())} replies)\n")
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(16)
    print(json.dumps({"profile": out.getvalue()}))


def bare_child() -> None:
    """The same widgets in plain PySide6, no search: what Qt alone costs for open and keystroke."""
    t_imports = time.perf_counter()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app_start_ms = (time.perf_counter() - t_imports) * 1000
    rows = [f"Ответ номер {i} — Продукт {i % 40}" for i in range(100)]
    gc.collect()

    t0 = time.perf_counter()
    # Inside the timing, as the palette's lazy import is: PySide6 creates a widget type on its
    # first use, which costs ~50 ms for this handful of classes.
    from PySide6.QtCore import QStringListModel, Qt
    from PySide6.QtWidgets import (
        QComboBox,
        QHBoxLayout,
        QLineEdit,
        QListView,
        QSplitter,
        QTextBrowser,
        QVBoxLayout,
        QWidget,
    )

    window = QWidget(None, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
    window.resize(760, 460)
    search, box, view, preview = QLineEdit(), QComboBox(), QListView(), QTextBrowser()
    box.addItems(["No ticket"] + [f"SUP-{4000 + i} · client — subject" for i in range(30)])
    model = QStringListModel()
    view.setModel(model)
    splitter = QSplitter()
    splitter.addWidget(view)
    splitter.addWidget(preview)
    layout = QVBoxLayout(window)
    top = QHBoxLayout()
    top.addWidget(search)
    layout.addLayout(top)
    layout.addWidget(box)
    layout.addWidget(splitter, 1)

    def update(text: str) -> None:
        model.setStringList(rows)
        view.setCurrentIndex(model.index(0))
        preview.setHtml(f"<p>Здравствуйте! {text} — <span style='background:#e3f0ff;'>SUP-4001</span></p>")

    search.textChanged.connect(update)
    update("")
    window.show()
    search.setFocus()
    _shown(app, window)
    first_open = (time.perf_counter() - t0) * 1000

    def keystroke(text: str) -> float:
        t = time.perf_counter()
        search.setText(text)
        app.processEvents()
        return (time.perf_counter() - t) * 1000

    first_key = keystroke("у")
    typed = [keystroke("уточню у разработчиков"[:k]) for k in range(2, len("уточню у разработчиков") + 1)]
    reopen, key_after_reopen = [], []
    for query in UI_QUERIES:
        window.hide()
        app.processEvents()
        t = time.perf_counter()
        search.clear()
        window.show()
        _shown(app, window)
        reopen.append((time.perf_counter() - t) * 1000)
        key_after_reopen.append(keystroke(query[0]))
        typed += [keystroke(query[:k]) for k in range(2, len(query) + 1)]
    print(json.dumps({"app_start_ms": app_start_ms, "first_open_ms": first_open, "first_key_ms": first_key,
                      "reopen_ms": reopen, "key_after_reopen_ms": key_after_reopen, "typed_ms": typed}))


def run_child(argv: list[str]) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve())] + argv, cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"child {argv} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bench_palette(data: dict, runs: int, workdir: Path, profile: bool = False) -> dict:
    library_file = workdir / "library-5000.json"
    library_file.write_text(json.dumps(data, ensure_ascii=False))
    dirs = {"shipped": workdir / "data-shipped", "large": workdir / "data-large"}
    seeding = {"shipped": run_child(["--seed-child", str(dirs["shipped"])]),
               "large": run_child(["--seed-child", str(dirs["large"]), str(library_file)])}
    print(f"seeded data dirs: {seeding['shipped']['added']} shipped replies in "
          f"{seeding['shipped']['seconds']:.1f} s; {seeding['large']['added']} imported in "
          f"{seeding['large']['seconds']:.1f} s", flush=True)
    # One warm-up of each (page cache, .pyc files), not counted.
    run_child(["--bare-child"])
    run_child(["--palette-child", str(dirs["large"])])
    raw: dict[str, list[dict]] = {"bare": [], "shipped": [], "large": []}
    for i in range(runs):
        raw["bare"].append(run_child(["--bare-child"]))
        raw["shipped"].append(run_child(["--palette-child", str(dirs["shipped"])]))
        raw["large"].append(run_child(["--palette-child", str(dirs["large"])]))
        print(f"  run {i + 1}: first open bare {raw['bare'][-1]['first_open_ms']:.0f} ms, "
              f"51 replies {raw['shipped'][-1]['first_open_ms']:.0f} ms, "
              f"{raw['large'][-1]['replies']} replies {raw['large'][-1]['first_open_ms']:.0f} ms", flush=True)
    profile_text = run_child(["--palette-profile-child", str(dirs["large"])])["profile"] if profile else None
    summary = {}
    for name, results in raw.items():
        entry = {
            "runs": len(results),
            "first_open_ms": stats([r["first_open_ms"] for r in results]),
            "reopen_ms": stats([x for r in results for x in r["reopen_ms"]]),
            "first_key_ms": stats([r["first_key_ms"] for r in results]),
            "key_after_reopen_ms": stats([x for r in results for x in r["key_after_reopen_ms"]]),
            "typed_ms": stats([x for r in results for x in r["typed_ms"]]),
            "app_start_ms": stats([r["app_start_ms"] for r in results]),
        }
        if "parts" in results[0]:
            entry["first_open_parts_ms"] = {k: statistics.median(r["parts"][k] for r in results)
                                            for k in results[0]["parts"]}
            entry["replies"] = results[0]["replies"]
        summary[name] = entry
    return {"seeding": seeding, "summary": summary, "runs": raw, "profile": profile_text}


# -- output --------------------------------------------------------------------------------------

def print_search(s: dict) -> None:
    k, ref = s["keystroke_ms"], s["reference_substring_scan_ms"]
    verdict = "within" if k["p95"] <= TARGET_P95_MS else "OVER"
    print(f"\nSearch per keystroke, core ({s['templates']} templates, {s['vocabulary']} words, "
          f"{len(s['queries'])} queries, {k['n']} keystrokes over {s['rounds']} rounds)")
    print(f"  {'':<34}{'median':>9}{'p95':>9}{'max':>9}")
    print(f"  {'ReplyIndex.search':<34}{k['median']:>9.2f}{k['p95']:>9.2f}{k['max']:>9.2f}  ms   "
          f"target p95 ≤ {TARGET_P95_MS:g} ms: {verdict}")
    print(f"  {'reference: substring scan':<34}{ref['median']:>9.2f}{ref['p95']:>9.2f}{ref['max']:>9.2f}  ms   "
          f"search/scan p95 {k['p95'] / ref['p95']:.1f}×")
    for key, v in s["by_longest_word"].items():
        print(f"  {'  longest typed word ' + key + ' chars':<34}{v['median']:>9.2f}{v['p95']:>9.2f}{v['max']:>9.2f}"
              f"  ({v['n']} keystrokes)")
    print("  per round p95: " + ", ".join(f"{r['p95']:.2f}" for r in s["per_round"]) + " ms")
    slow = sorted(s["per_query"].items(), key=lambda kv: -kv[1]["p95"])[:6]
    print("  slowest queries (p95 over their keystrokes): " + "; ".join(
        f"{q!r} {v['p95']:.1f} ms" for q, v in slow))
    print(f"  index build: median {s['build_ms']['median']:.0f} ms; usage boosts once a minute "
          f"{s['boosts_ms']:.1f} ms")


def print_palette(p: dict) -> None:
    s = p["summary"]
    large = s["large"].get("replies", 0)
    print(f"\nPalette (offscreen, real SQLite data dir; medians of {s['large']['runs']} fresh processes each)")
    cols = [("bare PySide6", "bare"), ("51 shipped", "shipped"), (f"{large} replies", "large")]
    print(f"  {'':<32}" + "".join(f"{c:>15}" for c, _ in cols) + f"{'5000/bare':>12}")

    def row(label: str, key: str, field: str = "median") -> None:
        values = [s[name][key][field] for _, name in cols]
        print(f"  {label:<32}" + "".join(f"{v:>12.1f} ms" for v in values) + f"{values[2] / values[0]:>11.1f}×")

    row("first open", "first_open_ms")
    row("re-open", "reopen_ms")
    row("first keystroke (\"у\")", "first_key_ms")
    row("keystroke after re-open", "key_after_reopen_ms")
    row("typing, median per keystroke", "typed_ms")
    row("typing, p95 per keystroke", "typed_ms", "p95")
    for name, label in (("shipped", "51 shipped"), ("large", f"{large} replies")):
        p95 = s[name]["typed_ms"]["p95"]
        print(f"  palette typing p95, {label}: {p95:.1f} ms against the {TARGET_P95_MS:g} ms keystroke target "
              f"(search + list + preview + repaint): {'within' if p95 <= TARGET_P95_MS else 'OVER'}")
    for name in ("shipped", "large"):
        parts = s[name]["first_open_parts_ms"]
        print(f"  first open, {s[name]['replies']} replies: import reply_palette {parts['import_palette']:.0f} ms, "
              f"construct {parts['construct']:.0f} ms, read library {parts['read_library']:.0f} ms, "
              f"index (incl. rapidfuzz import) {parts['index_incl_import']:.0f} ms")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--seed-child"]:
        seed_child(Path(argv[1]), Path(argv[2]) if len(argv) > 2 else None)
        return 0
    if argv[:1] == ["--palette-child"]:
        palette_child(Path(argv[1]))
        return 0
    if argv[:1] == ["--palette-profile-child"]:
        palette_profile_child(Path(argv[1]))
        return 0
    if argv[:1] == ["--bare-child"]:
        bare_child()
        return 0

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--templates", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of typing all queries (default 5)")
    parser.add_argument("--builds", type=int, default=3, help="index builds timed (default 3)")
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per palette subject (default 7)")
    parser.add_argument("--profile", action="store_true",
                        help="print cProfile summaries: one round of core keystrokes, and typing in the palette")
    parser.add_argument("--skip-palette", action="store_true")
    parser.add_argument("--json", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    commit, dirty = _git()
    print(f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}; commit {commit}"
          f"{' + uncommitted changes' if dirty else ''}", flush=True)
    t0 = time.perf_counter()
    data = make_library(args.templates)
    print(f"generated {len(data['templates'])} templates in {time.perf_counter() - t0:.1f} s", flush=True)

    search = bench_search(data, args.rounds, args.builds, args.profile)
    print_search(search)
    if args.profile:
        print("\ncProfile, one round of keystrokes, by own time:\n" + search["profile"])

    palette = None
    if not args.skip_palette:
        with tempfile.TemporaryDirectory(prefix="companion-replies-bench-") as tmp:
            palette = bench_palette(data, args.runs, Path(tmp), args.profile)
        print_palette(palette)
        if palette["profile"]:
            print("\ncProfile of the palette, typing after the first open, by own time:\n" + palette["profile"])

    report = {
        "benchmark": "replies",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit, "uncommitted_changes": dirty,
        "machine": {"cpus": os.cpu_count(), "load_at_end": os.getloadavg(),
                    "python": platform.python_version(), "kernel": platform.release(),
                    "pyside6": _version("PySide6"), "rapidfuzz": _version("rapidfuzz")},
        "parameters": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "search": search, "palette": palette,
        "seconds": time.perf_counter() - started,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {args.json} ({time.perf_counter() - started:.0f} s in all)")
    return 0


def _git() -> tuple[str | None, bool]:
    """HEAD and whether the working tree differs from it (read-only queries)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10, check=False).stdout.strip() or None
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                                capture_output=True, text=True, timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return None, False
    return head, bool(status)


def _version(module: str) -> str | None:
    try:
        return __import__(module).__version__
    except (ImportError, AttributeError):
        return None


if __name__ == "__main__":
    sys.exit(main())
