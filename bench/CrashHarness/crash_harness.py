"""Crash harness for `sluice run`: see run.sh. Prints the seed; the same seed replays the same kill points."""
import argparse, collections, json, os, random, re, shutil, signal, sqlite3, subprocess, sys, tempfile, time

parser = argparse.ArgumentParser()
parser.add_argument("--cli", required=True)
parser.add_argument("--root", required=True)
parser.add_argument("--kills", type=int, default=100)
parser.add_argument("--seed", type=int, default=None)
args = parser.parse_args()
seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 2**31)
rng = random.Random(seed)
print(f"crash harness: {args.kills} kills, seed {seed} (replay: bench/CrashHarness/run.sh --kills {args.kills} --seed {seed})", flush=True)

HERE = os.path.dirname(os.path.abspath(__file__))
PIPELINES = [  # (name, pipeline file, weight, has effects.log)
    ("crash", os.path.join(HERE, "crash.yaml"), 6, True),
    ("quickstart", os.path.join(args.root, "examples/quickstart/pipeline.yaml"), 2, False),
    ("orders-etl", os.path.join(args.root, "examples/orders-etl/pipeline.yaml"), 2, False),
]
ENV = dict(os.environ, NO_COLOR="1")
ENV.pop("SLUICE_STORE", None)


def sluice(cwd, *argv, check=True):
    p = subprocess.run(["dotnet", args.cli, *argv], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=600)
    if check and p.returncode != 0:
        raise SystemExit(f"sluice {' '.join(argv)} exited {p.returncode} in {cwd}:\n{p.stdout}\n{p.stderr}")
    return p


def workdir(pipeline):
    d = tempfile.mkdtemp(prefix="sluice-crash-")
    return d


def run_args(pipeline):
    # orders-etl reads its sample next to its file; its export goes to this run's working directory (a path given on
    # the command line is relative to it), where files_of looks.
    return ["run", pipeline, "--input", "out_dir=.sluice/out/orders-etl"] if pipeline.endswith("orders-etl/pipeline.yaml") else ["run", pipeline]


def instances(cwd, run_id):
    """(task, map index) → (state, attempt, outputs) as committed in the store."""
    db = os.path.join(cwd, ".sluice", "sluice.db")
    if not os.path.exists(db):
        return {}
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = c.execute("select task_id, map_index, state, attempt, outputs from task_instances where run_id = ?", (run_id,)).fetchall()
    finally:
        c.close()
    return {(t, m): (s, a, o) for t, m, s, a, o in rows}


def run_ids(cwd):
    db = os.path.join(cwd, ".sluice", "sluice.db")
    if not os.path.exists(db):
        return []
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [r[0] for r in c.execute("select run_id from runs order by created_at")]
    except sqlite3.OperationalError:
        return []  # killed before the schema was created
    finally:
        c.close()


def effects(cwd):
    counts = collections.Counter()
    path = os.path.join(cwd, "effects.log")
    if os.path.exists(path):
        for line in open(path):
            kind, task, item = line.split()
            counts[(kind, task, int(item))] += 1
    return counts


def normalized(outputs, run_id, cwd):
    """Outputs without what differs between any two runs: the run id, the working folder, the attempt folder."""
    if outputs is None:
        return None
    return re.sub(r"attempt-\d+", "attempt-N", outputs.replace(run_id, "RUN").replace(os.path.realpath(cwd), "CWD").replace(cwd, "CWD"))


def files_of(cwd):
    """Files the pipeline wrote outside the store (orders-etl's export)."""
    out = {}
    base = os.path.join(cwd, ".sluice", "out")
    for dirpath, _, names in os.walk(base):
        for n in names:
            p = os.path.join(dirpath, n)
            out[os.path.relpath(p, base)] = open(p, "rb").read()
    return out


def wait_for_run(cwd, proc):
    """Waits until the run is recorded (the process start-up is not worth killing 100 times); returns that moment."""
    while not run_ids(cwd) and proc.poll() is None:
        time.sleep(0.02)
    return time.monotonic()


# Clean runs: the reference outputs and how long each pipeline takes (kill points are drawn within that time).
clean = {}
for name, path, _, _ in PIPELINES:
    d = workdir(path)
    proc = subprocess.Popen(["dotnet", args.cli, *run_args(path)], cwd=d, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = wait_for_run(d, proc)
    if proc.wait() != 0:
        raise SystemExit(f"the clean run of {name} failed in {d}")
    took = time.monotonic() - t0
    rid = run_ids(d)[-1]
    clean[name] = ({k: normalized(v[2], rid, d) for k, v in instances(d, rid).items()}, files_of(d), took)
    print(f"clean run of {name}: {took:.1f} s from the run record to the end, {len(clean[name][0])} task instances", flush=True)
    shutil.rmtree(d)

totals = collections.Counter()
problems = []
weights = [p[2] for p in PIPELINES]
for i in range(args.kills):
    name, path, _, has_effects = rng.choices(PIPELINES, weights)[0]
    reference, reference_files, took = clean[name]
    delay = rng.uniform(0.0, took * 1.05)
    d = workdir(path)
    proc = subprocess.Popen(["dotnet", args.cli, *run_args(path)], cwd=d, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_run(d, proc)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # Shells in flight at the kill may outlive it (each runs in its own process group): let them finish before the
    # snapshot, so that their side effects count as the killed run's, not as a second execution by the resume.
    time.sleep(1.0)
    ids = run_ids(d)
    if not ids:
        totals["killed before the run was recorded"] += 1
        shutil.rmtree(d)
        continue
    rid = ids[-1]
    before = instances(d, rid)
    effects_before = effects(d)
    succeeded_before = {k: v for k, v in before.items() if v[0] == "succeeded"}
    fan_done = sum(1 for (t, m), v in succeeded_before.items() if t in ("fan", "per_region") and m >= 0)
    fan_all = sum(1 for (t, m) in reference if t in ("fan", "per_region") and m >= 0)
    where = ("finished" if len(succeeded_before) == len(reference)
             else "inside a for_each" if 0 < fan_done < fan_all or any(t in ("fan", "per_region") and m >= 0 and v[0] == "running" for (t, m), v in before.items())
             else "before the fan-out" if fan_done == 0 else "after the fan-out")
    totals[f"kill {where}"] += 1
    if os.environ.get("HARNESS_DEBUG"):
        print(f"kill {i}: {name} after {delay:.2f} s of {took:.2f} s: {where}", flush=True)
    if where != "finished":
        state = json.loads(sluice(d, "runs", "--json").stdout)[0]["state"]
        if state in ("queued", "running"):
            sluice(d, "resume", rid)
        elif state != "succeeded":
            problems.append(f"kill {i} ({name}, {delay:.2f} s): run state {state} after the kill")
    after = instances(d, rid)
    effects_after = effects(d)
    # Not lost, not run again: every success recorded before the kill is still there, unchanged.
    for k, v in succeeded_before.items():
        if after.get(k) != v:
            problems.append(f"kill {i} ({name}, {delay:.2f} s): recorded success {k} changed on resume: {v} → {after.get(k)}")
            totals["recorded successes lost or run again"] += 1
        if has_effects and effects_after[("done", k[0], k[1])] != effects_before[("done", k[0], k[1])]:
            problems.append(f"kill {i}: the side effect of recorded success {k} ran again on resume")
            totals["recorded successes run again"] += 1
    totals["recorded successes checked"] += len(succeeded_before)
    # Every task instance succeeded, with the outputs of the clean run.
    got = {k: normalized(v[2], rid, d) for k, v in after.items()}
    if {k: v[0] for k, v in after.items()} != {k: "succeeded" for k in reference}:
        problems.append(f"kill {i} ({name}, {delay:.2f} s): states after resume: {sorted((k, v[0]) for k, v in after.items() if v[0] != 'succeeded')}")
    elif got != reference:
        diff = sorted(k for k in reference if got.get(k) != reference[k])
        problems.append(f"kill {i} ({name}, {delay:.2f} s): outputs differ from a clean run at {diff}")
    if files_of(d) != reference_files:
        problems.append(f"kill {i} ({name}): exported files differ from a clean run")
    # Exactly once: each success recorded on resume has exactly one side effect of its own.
    if has_effects:
        for k in after:
            if k[1] == -1 and k[0] == "fan":
                continue  # the mapped task's parent row has no side effect; its items do
            done_before, done_after = effects_before[("done", k[0], k[1])], effects_after[("done", k[0], k[1])]
            if done_after == 0:
                problems.append(f"kill {i}: recorded success {k} has no side effect")
                totals["side effects lost"] += 1
            elif k not in succeeded_before and done_after - done_before != 1:
                problems.append(f"kill {i}: {k} ran {done_after - done_before} times on resume")
                totals["side effects duplicated on resume"] += 1
            if k not in succeeded_before and done_before > 0:
                totals["in-flight attempts finished by the killed run, not recorded, run again"] += 1
    shutil.rmtree(d)
    if (i + 1) % 10 == 0:
        print(f"{i + 1} kills, {len(problems)} problems", flush=True)

print()
for k, v in sorted(totals.items()):
    print(f"{v:6d}  {k}")
print(f"seed {seed}: {args.kills} kills, {len(problems)} problems")
for p in problems[:50]:
    print("  " + p)
sys.exit(1 if problems else 0)
