#!/usr/bin/env bash
# Runs the orders ETL (shared/bench/WORKLOAD.md) as a Sluice pipeline (examples/orders-etl/pipeline.yaml) next to
# the pandas and DuckDB peers, interleaved round-robin, each run a fresh process under /usr/bin/time -v; checks every
# agg.csv byte-wise against the first engine's and prints a Markdown table (wall median and min-max, peak RSS,
# summary line, ratio to DuckDB).
#
# Usage:  bench/run_orders_etl.sh DATA_DIR
#         A DATA_DIR without orders.csv is generated first with ROWS rows (default 2000000) by the workload's generator
#         (PEERS/../gen_orders.py, seed 42) and kept there, so later runs reuse it: e.g. /work/data/orders10m with ROWS=10000000.
# Env:    RUNS=3   ENGINES="sluice duckdb pandas"   OUT=$(mktemp -d)   PEERS=../shared/bench/peers (relative to the repo)
#         ENGINES may also name sluice-lowmem: Sluice with SLUICE_MEMORY_LIMIT=$LOWMEM (default 256MB), so steps spill to disk.
#         SLUICE_BIN=path/to/Sluice.Cli skips the build and measures that command instead.
#         ENGINES may name sluice-ref: the same pipeline run by SLUICE_REF_BIN (another build, e.g. of main), for a
#         before/after comparison within one interleaved series.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
DATA=${1:?usage: run_orders_etl.sh DATA_DIR}
RUNS=${RUNS:-3}
PEERS=${PEERS:-$REPO/../shared/bench/peers}
[[ -d $PEERS ]] || PEERS=/work/shared/bench/peers
PY=/usr/bin/python3
if [[ ! -f $DATA/orders.csv ]]; then
  echo "generating ${ROWS:-2000000} rows into $DATA ..." >&2
  mkdir -p "$DATA"
  $PY "$PEERS/../gen_orders.py" --rows "${ROWS:-2000000}" --out "$DATA" >&2
fi
DATA=$(cd "$DATA" && pwd)
OUT=${OUT:-$(mktemp -d /tmp/sluice-orders-bench.XXXXXX)}
export PYTHONDONTWRITEBYTECODE=1

ENGINES=${ENGINES:-sluice}
if [[ -z ${ENGINES_SET:-} && $ENGINES == sluice ]]; then
  [[ -f $PEERS/duckdb/etl.mjs ]] && command -v node >/dev/null && ENGINES="$ENGINES duckdb"
  [[ -f $PEERS/pandas_etl.py ]] && $PY -c 'import pandas' 2>/dev/null && ENGINES="$ENGINES pandas"
fi

# DuckDB needs its node_modules; never install into the shared folder: copy it to a private temp folder, which uses the
# interop tests' DuckDB (tests/interop, the same @duckdb/node-api version) when that is installed, else its own npm ci.
DUCK=$PEERS/duckdb
if [[ " $ENGINES " == *" duckdb "* && ! -d $DUCK/node_modules ]]; then
  DUCK=${DUCK_DIR:-/tmp/sluice-duckdb-peer}
  mkdir -p "$DUCK" && cp "$PEERS"/duckdb/{etl.mjs,package.json,package-lock.json} "$DUCK"/
  if [[ ! -d $DUCK/node_modules/@duckdb/node-api ]]; then
    if [[ -d $REPO/tests/interop/node_modules/@duckdb/node-api ]]; then
      rm -rf "$DUCK/node_modules" && ln -s "$REPO/tests/interop/node_modules" "$DUCK/node_modules"
    else
      (cd "$DUCK" && npm ci --no-audit --no-fund >&2)
    fi
  fi
fi

# The installed form of the command: published ReadyToRun (precompiled), as the README's install line does.
# Set R2R=0 to measure the plain JIT build instead.
if [[ -n ${SLUICE_BIN:-} ]]; then
  SLUICE=$SLUICE_BIN
elif [[ ${R2R:-1} == 1 ]]; then
  echo "building sluice (Release, ReadyToRun) ..." >&2
  PUB=$(mktemp -d)
  dotnet publish "$REPO/src/Sluice.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$PUB" -v q -nologo >&2
  SLUICE=$PUB/Sluice.Cli
else
  echo "building sluice (Release) ..." >&2
  dotnet build "$REPO/src/Sluice.Cli" -c Release -v q -nologo >&2
  SLUICE=$REPO/src/Sluice.Cli/bin/Release/net10.0/Sluice.Cli
fi

run_engine() {   # engine run -> runs it with outputs in $OUT/runs/engine.run
  local e=$1 r=$2 dir=$OUT/runs/$1.$2
  mkdir -p "$dir"
  case $e in
    sluice) (cd "$REPO" && /usr/bin/time -v -o "$dir.time" "$SLUICE" run examples/orders-etl/pipeline.yaml -q \
              --store "$dir/state.db" --input "data_dir=$DATA" --input "out_dir=$dir" > "$dir.json" 2> "$dir.err") ;;
    sluice-lowmem) (cd "$REPO" && SLUICE_MEMORY_LIMIT=${LOWMEM:-256MB} /usr/bin/time -v -o "$dir.time" "$SLUICE" run examples/orders-etl/pipeline.yaml -q \
              --store "$dir/state.db" --input "data_dir=$DATA" --input "out_dir=$dir" > "$dir.json" 2> "$dir.err") ;;
    sluice-ref) (cd "$REPO" && /usr/bin/time -v -o "$dir.time" "${SLUICE_REF_BIN:?set SLUICE_REF_BIN for sluice-ref}" run examples/orders-etl/pipeline.yaml -q \
              --store "$dir/state.db" --input "data_dir=$DATA" --input "out_dir=$dir" > "$dir.json" 2> "$dir.err") ;;
    duckdb) /usr/bin/time -v -o "$dir.time" node "$DUCK/etl.mjs" "$DATA" "$dir" > "$dir.json" 2> "$dir.err" ;;
    pandas) /usr/bin/time -v -o "$dir.time" $PY "$PEERS/pandas_etl.py" "$DATA" "$dir" > "$dir.json" 2> "$dir.err" ;;
    *) echo "unknown engine $e" >&2; exit 2 ;;
  esac || { echo "$e run $r failed, see $dir.err" >&2; exit 1; }
}

cat "$DATA"/orders.csv "$DATA"/customers.csv > /dev/null      # warm the page cache
rm -rf "$OUT/runs" && mkdir -p "$OUT/runs"
# The machine may be shared: the 1-minute load average before each run goes into the table.
for r in $(seq 1 "$RUNS"); do
  for e in $ENGINES; do
    echo "run $r/$RUNS: $e (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    cut -d' ' -f1 /proc/loadavg > "$OUT/runs/$e.$r.load"
    run_engine "$e" "$r"
  done
done

$PY - "$OUT" "$DATA" "$RUNS" $ENGINES <<'PYEOF' | tee "$OUT/results.md"
import filecmp, os, re, statistics, sys
out, data, runs, engines = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
def parse(path):
    t = open(path).read()
    w = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", t)
    wall = int(w.group(1) or 0) * 3600 + int(w.group(2)) * 60 + float(w.group(3))
    cpu = sum(float(re.search(rf"{k} time \(seconds\): ([\d.]+)", t).group(1)) for k in ("User", "System"))
    return wall, int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024, cpu
res = {}
for e in engines:
    t = [parse(f"{out}/runs/{e}.{r}.time") for r in range(1, runs + 1)]
    lines = {open(f"{out}/runs/{e}.{r}.json").read().strip().splitlines()[-1] for r in range(1, runs + 1)}
    res[e] = (statistics.median(x[0] for x in t), min(x[0] for x in t), max(x[0] for x in t),
              statistics.median(x[1] for x in t), max(x[1] for x in t), lines.pop() if len(lines) == 1 else "DIFFERS BETWEEN RUNS",
              statistics.median(x[2] for x in t))
loads = [float(open(f"{out}/runs/{e}.{r}.load").read()) for e in engines for r in range(1, runs + 1)]
base = res.get("duckdb")
print(f"data: {data} ({os.path.getsize(os.path.join(data, 'orders.csv')) / 1e6:.0f} MB orders.csv), {os.cpu_count()} cores, {runs} runs per engine, "
      f"load average before the runs {min(loads):.1f}-{max(loads):.1f}\n")
# CPU seconds (user + system) say more than the wall time when other processes share the cores.
print("| engine | wall s median | wall s min-max | CPU s median | peak RSS MiB median | peak RSS MiB max | wall / DuckDB | CPU / DuckDB | RSS / DuckDB | summary line |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for e, (wm, wmin, wmax, rm, rmax, s, cm) in res.items():
    ratio = f"{wm / base[0]:.2f}" if base else "-"
    cr = f"{cm / base[6]:.2f}" if base else "-"
    rr = f"{rm / base[3]:.2f}" if base else "-"
    print(f"| {e} | {wm:.2f} | {wmin:.2f}-{wmax:.2f} | {cm:.2f} | {rm:.0f} | {rmax:.0f} | {ratio} | {cr} | {rr} | `{s}` |")
print()
ref = engines[0]
for e in engines[1:]:
    same = all(filecmp.cmp(f"{out}/runs/{ref}.1/agg.csv", f"{out}/runs/{e}.{r}/agg.csv", shallow=False) for r in range(1, runs + 1))
    print(f"agg.csv {e} vs {ref}: {'IDENTICAL (byte-wise, all runs)' if same else 'DIFFERENT'}")
same_self = all(filecmp.cmp(f"{out}/runs/{ref}.1/agg.csv", f"{out}/runs/{ref}.{r}/agg.csv", shallow=False) for r in range(1, runs + 1))
print(f"agg.csv {ref} across its runs: {'IDENTICAL' if same_self else 'DIFFERENT'}")
PYEOF
echo "outputs in $OUT" >&2
