#!/usr/bin/env python3
"""Reads the runs of bench/dbbench/run.sh, checks Sluice's answers against DuckDB's (integers exactly, doubles to 1e-9
relative, rows matched by their key columns) and prints the Markdown table. usage: report.py OUT RUNS DATA"""
import csv, json, math, os, re, shutil, statistics, subprocess, sys
from datetime import datetime

out, runs, data = sys.argv[1], int(sys.argv[2]), sys.argv[3]
KEYS = {"q1": 1, "q2": 2, "q3": 1, "q4": 1, "q5": 1, "q6": 2, "q7": 1, "q8": 2, "q9": 2, "q10": 6}


def proc(path):
    t = open(path).read()
    w = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", t)
    wall = int(w.group(1) or 0) * 3600 + int(w.group(2)) * 60 + float(w.group(3))
    return wall, int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024


def ts(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def text(v):
    return "" if v is None else json.dumps(v) if isinstance(v, bool) else str(v)


def compare_in_duckdb(path, theirs, keys):
    """An answer too large to read back here (q10: 10M groups) is compared inside DuckDB by bench/dbbench/compare.mjs."""
    tool = os.path.join(out, "compare")
    if not os.path.isdir(tool):
        os.makedirs(tool)
        shutil.copy(os.path.join(REPO, "bench", "dbbench", "compare.mjs"), tool)
        os.symlink(os.path.join(REPO, "tests", "interop", "node_modules"), os.path.join(tool, "node_modules"))
    scratch = os.path.join(out, os.path.basename(path) + ".csv")
    try:
        done = subprocess.run(["node", os.path.join(tool, "compare.mjs"), path, theirs, str(keys), scratch], check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as e:
        return "not checked (compare.mjs failed: " + (e.stderr.strip().splitlines() or ["?"])[-1] + ")"
    finally:
        if os.path.exists(scratch):
            os.remove(scratch)
    r = json.loads(done.stdout.strip().splitlines()[-1])
    bad = r["ours"] != r["theirs"] or r["differ"] != 0
    return f"{r['ours']} rows, " + (f"**differ** ({r['differ']} row(s), DuckDB has {r['theirs']})" if bad else "equal") + " (compared in DuckDB)"


LARGE = {"q10"}


def rows(path, keys):
    if path.endswith(".csv"):
        with open(path, newline="") as f:
            r = list(csv.reader(f))[1:]
    else:
        # Datasets between tasks are Arrow IPC files: read through the independent Arrow JS reader of the interop tests.
        jsonl = os.path.join(out, os.path.basename(path) + ".jsonl")
        subprocess.run(["node", os.path.join(REPO, "tests", "interop", "arrow.mjs"), "read", path, jsonl], check=True, stdout=subprocess.DEVNULL)
        with open(jsonl) as f:
            r = [[text(v) for v in json.loads(line).values()] for line in f if line.strip()]
    # q8's key is the whole row (the two largest v3 of each id6).
    return sorted(r, key=lambda row: row[:keys])


NOISE = 1e-12  # doubles this close to 0 are cancellation noise in both engines (r² of uncorrelated columns)
noise = {}


def same(a, b, q=None):
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    if "." not in a + b and "e" not in (a + b).lower():
        return x == y
    if x == y or (math.isnan(x) and math.isnan(y)) or abs(x - y) <= 1e-9 * max(abs(x), abs(y)):
        return True
    if max(abs(x), abs(y)) < NOISE:
        noise[q] = noise.get(q, 0) + 1
        return True
    return False


def loadavg(path):
    return open(path).read().split()[0] if os.path.exists(path) else "?"


sl, dk, qs, ld, ok, lavg = [], [], {q: ([], []) for q in KEYS}, ([], []), {}, []
for r in range(1, runs + 1):
    sl.append(proc(f"{out}/sluice.{r}.time"))
    dk.append(proc(f"{out}/duckdb.{r}.time"))
    report = json.load(open(f"{out}/sluice.{r}.json"))
    tasks = {t["id"]: t for t in report["tasks"]}
    duck = json.loads(open(f"{out}/duckdb.{r}.json").read().strip().splitlines()[-1])
    ld[1].append(duck["load"])
    # A pipeline without a load task (each question parsing the CSV itself) shows no load of its own.
    ld[0].append((ts(tasks["load"]["ended_at"]) - ts(tasks["load"]["started_at"])).total_seconds() if "load" in tasks else 0.0)
    lavg.append(f"{loadavg(f'{out}/sluice.{r}.load')} / {loadavg(f'{out}/duckdb.{r}.load')}")
    for q, keys in KEYS.items():
        t = tasks[q]
        qs[q][0].append((ts(t["ended_at"]) - ts(t["started_at"])).total_seconds())
        qs[q][1].append(duck[q])
        if r == 1 and q in LARGE:
            ok[q] = compare_in_duckdb(t["outputs"]["transformed_data"]["$dataset"]["path"], f"{out}/duckdb.1/{q}.csv", keys)
        elif r == 1:
            try:
                ours = rows(t["outputs"]["transformed_data"]["$dataset"]["path"], KEYS[q] if q != "q8" else 2)
            except subprocess.CalledProcessError:
                # Arrow JS joins a file's rows into one string: past ~10M rows it cannot (RangeError). Say so, do not guess.
                ok[q] = "not checked (the Arrow JS reader cannot read an output this large)"
                continue
            theirs = rows(f"{out}/duckdb.1/{q}.csv", KEYS[q] if q != "q8" else 2)
            bad = len(ours) != len(theirs) or any(len(a) != len(b) or not all(same(x, y, q) for x, y in zip(a, b)) for a, b in zip(ours, theirs))
            ok[q] = f"{len(ours)} rows, " + ("**differ**" if bad else "equal") + (f" ({noise[q]} value(s) below 1e-12 differ: noise)" if q in noise else "")

med = statistics.median
print(f"db-benchmark groupby, {data} ({runs} run(s), medians); Sluice --max-parallel 1")
print(f"1-minute load average before each process (Sluice / DuckDB), run by run: {', '.join(lavg)}\n")
print("| | Sluice | DuckDB | ratio |\n|---|---:|---:|---:|")
print(f"| whole process wall (s) | {med(s[0] for s in sl):.2f} | {med(d[0] for d in dk):.2f} | {med(s[0] for s in sl) / med(d[0] for d in dk):.2f}x |")
print(f"| peak RSS (MiB) | {med(s[1] for s in sl):.0f} | {med(d[1] for d in dk):.0f} | {med(s[1] for s in sl) / med(d[1] for d in dk):.2f}x |")
print(f"| CSV load (s): Sluice's load task, DuckDB's CREATE TABLE | {med(ld[0]):.2f} | {med(ld[1]):.2f} | {med(ld[0]) / med(ld[1]):.2f}x |")
if runs > 1:
    print(f"| whole process wall, run by run (s) | {' / '.join(f'{s[0]:.1f}' for s in sl)} | {' / '.join(f'{d[0]:.1f}' for d in dk)} | |")
print("\n| question | Sluice task (s, reads the loaded artifact) | DuckDB query (s) | ratio | answer |\n|---|---:|---:|---:|---|")
for q in KEYS:
    s, d = med(qs[q][0]), med(qs[q][1])
    print(f"| {q} | {s:.2f} | {d:.3f} | {s / d:.2f}x | {ok[q]} |")
