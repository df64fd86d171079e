"""Typed times: what reading a phrase costs, the first one after start included.

    cd /work/main && .venv/bin/python -m bench.timeparse [--runs 5] [--rounds 20]

Every run is a fresh interpreter, so the first figures are what the app pays the first time an
agent types into a time field: importing companion.core.timeparse, then the first Russian and the
first English phrase. Then every phrase of both corpora (tests/core/time_corpus*.tsv, ~800 phrases
in Russian and English, written by people who never saw the parser) is read --rounds times;
per-phrase medians and p95 are over all readings. Phrases the grammar leaves to dateparser are
counted, with what they cost, apart. Reference, in its own fresh process per run: dateparser.parse()
alone over the same phrases (what the app did before the grammar), its import and first call apart.

Nothing asserts: figures are printed and written to bench/results/timeparse.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ("time_corpus.tsv", "time_corpus_holdout.tsv")

GRAMMAR = r'''
import json, sys, time
from datetime import datetime
from zoneinfo import ZoneInfo
t0 = time.perf_counter()
from companion.core.timeparse import TimeParseError, read_time
from companion.core.schedule import WorkSchedule
t1 = time.perf_counter()
rounds = int(sys.argv[1])
rows = [(lang, datetime.fromisoformat(now).replace(tzinfo=ZoneInfo(zone)), phrase)
        for lang, now, zone, phrase in json.loads(sys.stdin.read())]
schedules = {}
def read(lang, now, phrase):
    key = now.tzinfo.key
    if key not in schedules:
        schedules[key] = WorkSchedule.parse("mon-fri 09:00-18:00", now.tzinfo)
    try:
        return read_time(phrase, now, schedules[key], lang).source
    except TimeParseError:
        return "refused or asked"
first = {}
now = datetime(2026, 12, 2, 10, 20, tzinfo=ZoneInfo("Europe/Moscow"))
for lang, phrase in (("ru", "завтра в 15"), ("en", "friday 4pm")):
    s = time.perf_counter(); read(lang, now, phrase); first[lang] = (time.perf_counter() - s) * 1000
grammar, library, sources = [], [], {}
for _ in range(rounds):
    for lang, now, phrase in rows:
        s = time.perf_counter(); source = read(lang, now, phrase); took = (time.perf_counter() - s) * 1000
        (library if source == "library" else grammar).append(took)
        sources[source] = sources.get(source, 0) + 1
print(json.dumps({"import_ms": (t1 - t0) * 1000, "first_ru_ms": first["ru"], "first_en_ms": first["en"],
                  "grammar": grammar, "library": library, "phrases": len(rows),
                  "sources": {k: v // rounds for k, v in sources.items()}}))
'''

DATEPARSER = r'''
import json, sys, time
from datetime import datetime
rows = json.loads(sys.stdin.read())
s = time.perf_counter(); import dateparser; imported = (time.perf_counter() - s) * 1000
took = []
for lang, now, zone, phrase in rows:
    s = time.perf_counter()
    try:
        dateparser.parse(phrase, languages=["ru", "en"],
                         settings={"RELATIVE_BASE": datetime.fromisoformat(now), "PREFER_DATES_FROM": "future"})
    except Exception:
        pass
    took.append((time.perf_counter() - s) * 1000)
print(json.dumps({"dateparser_import_ms": imported, "dateparser": took}))
'''


def phrases() -> list[list[str]]:
    out = []
    for name in CORPORA:
        with open(ROOT / "tests" / "core" / name, encoding="utf-8") as handle:
            for fields in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if fields and not fields[0].startswith("#") and fields[0] != "lang":
                    out.append(fields[:4])
    return out


def child(code: str, rows, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, input=json.dumps(rows),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    rows = phrases()
    runs = []
    for _ in range(args.runs):
        result = child(GRAMMAR, rows, str(args.rounds))
        result.update(child(DATEPARSER, rows))
        runs.append(result)
    med = statistics.median
    grammar = [x for r in runs for x in r["grammar"]]
    library = [x for r in runs for x in r["library"]]
    reference = [x for r in runs for x in r["dateparser"][1:]]
    s = {
        "phrases": len(rows), "rounds": args.rounds, "runs": args.runs, "sources": runs[0]["sources"],
        "import_ms": med(r["import_ms"] for r in runs),
        "first_ru_ms": med(r["first_ru_ms"] for r in runs), "first_en_ms": med(r["first_en_ms"] for r in runs),
        "median_us": med(grammar) * 1000, "p95_us": pct(grammar, 0.95) * 1000, "max_ms": max(grammar),
        "library_median_ms": med(library) if library else None,
        "dateparser_import_ms": med(r["dateparser_import_ms"] for r in runs),
        "dateparser_first_ms": med(r["dateparser"][0] for r in runs),
        "dateparser_median_us": med(reference) * 1000, "dateparser_p95_us": pct(reference, 0.95) * 1000,
    }
    print(f"{s['phrases']} phrases × {args.rounds} rounds × {args.runs} fresh processes; read by: {s['sources']}")
    print(f"import companion.core.timeparse: {s['import_ms']:.1f} ms (median of {args.runs})")
    print(f"first phrase after start: ru {s['first_ru_ms']:.2f} ms, en {s['first_en_ms']:.2f} ms")
    print(f"per phrase: median {s['median_us']:.0f} µs, p95 {s['p95_us']:.0f} µs, max {s['max_ms']:.2f} ms")
    if library:
        print(f"left to dateparser: {len(library) // (args.rounds * args.runs)} phrases, median "
              f"{s['library_median_ms']:.2f} ms (its import lands on the first of them)")
    print(f"reference, dateparser.parse alone: import {s['dateparser_import_ms']:.0f} ms, first call "
          f"{s['dateparser_first_ms']:.0f} ms, then median {s['dateparser_median_us']:.0f} µs, "
          f"p95 {s['dateparser_p95_us']:.0f} µs")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "timeparse.json").write_text(json.dumps(s, indent=2))


if __name__ == "__main__":
    main()
