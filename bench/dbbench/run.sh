#!/usr/bin/env bash
# db-benchmark groupby: the ten questions (bench/dbbench/groupby.yaml) in Sluice against DuckDB (node @duckdb/node-api
# from tests/interop) on the same generated CSV, each engine a fresh process under /usr/bin/time -v, interleaved; checks
# every answer (integers exactly, doubles to 1e-9 relative) and prints a Markdown table: whole process (wall, peak RSS)
# and per question (Sluice: the question's task, which memory-maps the load task's Arrow artifact; DuckDB: the query on
# its loaded table); the load (Sluice's load task, DuckDB's CREATE TABLE from the CSV) is a row of its own. The load
# average before each process is recorded next to its timings (the machine is shared).
#
# Usage:  bench/dbbench/run.sh [ROWS]          (ROWS default 1e7; data is generated once into $DATA_DIR)
# Env:    RUNS=1  DATA_DIR=/tmp/sluice-dbbench  OUT=$(mktemp -d)  MAX_PARALLEL=1  R2R=1
#         SLUICE=path/to/Sluice.Cli (a published build: no build here)  PIPELINE=bench/dbbench/groupby.yaml
#         (npm install --prefix tests/interop --no-audit --no-fund first)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
ROWS=${1:-1e7}
RUNS=${RUNS:-1}
DATA_DIR=${DATA_DIR:-/tmp/sluice-dbbench}
OUT=${OUT:-$(mktemp -d /tmp/sluice-dbbench-run.XXXXXX)}
PY=/usr/bin/python3

DATA=$(ls "$DATA_DIR"/G1_"$ROWS"_1e2_0_0.csv 2>/dev/null || true)
if [[ -z $DATA ]]; then
  echo "generating $ROWS rows ..." >&2
  DATA=$($PY "$REPO/bench/dbbench/gen.py" --rows "$ROWS" --k 100 --out "$DATA_DIR")
fi

[[ -d $REPO/tests/interop/node_modules/@duckdb/node-api ]] || { echo "run: npm install --prefix tests/interop --no-audit --no-fund" >&2; exit 2; }
# Node resolves packages next to the script: run a copy beside a link to the interop node_modules.
DUCK=$(mktemp -d)
cp "$REPO/bench/dbbench/duckdb.mjs" "$DUCK/" && ln -s "$REPO/tests/interop/node_modules" "$DUCK/node_modules"

PIPELINE=$(realpath "${PIPELINE:-$REPO/bench/dbbench/groupby.yaml}")
if [[ -n ${SLUICE:-} ]]; then
  echo "using $SLUICE" >&2
elif [[ ${R2R:-1} == 1 ]]; then
  echo "building sluice (Release) ..." >&2
  PUB=$(mktemp -d)
  dotnet publish "$REPO/src/Sluice.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$PUB" -v q -nologo >&2
  SLUICE=$PUB/Sluice.Cli
else
  echo "building sluice (Release) ..." >&2
  dotnet build "$REPO/src/Sluice.Cli" -c Release -v q -nologo >&2
  SLUICE=$REPO/src/Sluice.Cli/bin/Release/net10.0/Sluice.Cli
fi

cat "$DATA" > /dev/null   # warm the page cache
for r in $(seq 1 "$RUNS"); do
  d=$OUT/sluice.$r; mkdir -p "$d"
  echo "run $r/$RUNS: sluice" >&2
  cut -d' ' -f1-3 /proc/loadavg > "$d.load"
  (cd "$REPO" && /usr/bin/time -v -o "$d.time" "$SLUICE" run "$PIPELINE" -q --json --store "$d/state.db" \
     --max-parallel "${MAX_PARALLEL:-1}" --input "data=$DATA" > "$d.json" 2> "$d.err") || { echo "sluice failed, see $d.err" >&2; exit 1; }
  d=$OUT/duckdb.$r; mkdir -p "$d"
  echo "run $r/$RUNS: duckdb" >&2
  cut -d' ' -f1-3 /proc/loadavg > "$d.load"
  /usr/bin/time -v -o "$d.time" node "$DUCK/duckdb.mjs" "$DATA" "$d" > "$d.json" 2> "$d.err" || { echo "duckdb failed, see $d.err" >&2; exit 1; }
done

$PY "$REPO/bench/dbbench/report.py" "$OUT" "$RUNS" "$DATA" | tee "$OUT/results.md"
