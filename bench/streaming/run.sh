#!/usr/bin/env bash
# Streaming benchmark: the four Nexmark pipelines of examples/nexmark (exactly-once CSV sink, checkpoints every 1 s)
# over one generated NDJSON file, each a fresh `sluice run` process, against DuckDB computing the same four queries in
# batch over the same file (node @duckdb/node-api from tests/interop) in the same run. Checks that both write the same
# CSV and prints a Markdown table: events/s end to end (wall), CPU seconds, events per CPU-second (per core), peak RSS,
# and the ratio to DuckDB.
#
# Usage:  bench/streaming/run.sh [EVENTS]        (EVENTS default 10000000; the file is generated once into $DATA_DIR)
# Env:    DATA_DIR=/tmp/sluice-nexmark  OUT=$(mktemp -d)  QUERIES="q5 q7 q8 q11"  DUCKDB_THREADS=(DuckDB's default: all cores)
#         (npm install --prefix tests/interop --no-audit --no-fund first)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
EVENTS=${1:-10000000}
DATA_DIR=${DATA_DIR:-/tmp/sluice-nexmark}
OUT=${OUT:-$(mktemp -d /tmp/sluice-nexmark-run.XXXXXX)}
QUERIES=${QUERIES:-q5 q7 q8 q11}
mkdir -p "$DATA_DIR" "$OUT"

[[ -d $REPO/tests/interop/node_modules/@duckdb/node-api ]] || { echo "run: npm install --prefix tests/interop --no-audit --no-fund" >&2; exit 2; }
DATA=$DATA_DIR/events_$EVENTS.ndjson
if [[ ! -s $DATA ]]; then
  echo "generating $EVENTS events ..." >&2
  dotnet run -c Release --project "$REPO/bench/streaming/NexmarkGen" -v q -- "$EVENTS" "$DATA.tmp" >&2
  mv "$DATA.tmp" "$DATA"
fi
# Node resolves packages next to the script: run a copy beside a link to the interop node_modules.
DUCK=$(mktemp -d)
cp "$REPO/bench/streaming/queries.mjs" "$DUCK/" && ln -s "$REPO/tests/interop/node_modules" "$DUCK/node_modules"

echo "building sluice (Release, ReadyToRun) ..." >&2
PUB=$(mktemp -d)
dotnet publish "$REPO/src/Sluice.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$PUB" -v q -nologo >&2
SLUICE=$PUB/Sluice.Cli

cat "$DATA" > /dev/null   # warm the page cache
# wall seconds, user+sys seconds, peak RSS (KB) from GNU time's output
times() { awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); w=(n==3)?a[1]*3600+a[2]*60+a[3]:a[1]*60+a[2]} /User time/{u=$2} /System time/{s=$2} /Maximum resident/{r=$2} END{printf "%.2f %.2f %d", w, u+s, r}' "$1"; }

echo "| query | Sluice events/s | DuckDB events/s | ratio | Sluice events/CPU-s | Sluice RSS MB | DuckDB RSS MB | same CSV |"
echo "|---|---:|---:|---:|---:|---:|---:|---|"
for q in $QUERIES; do
  d=$OUT/$q; mkdir -p "$d/sluice" "$d/duckdb"
  (cd "$REPO" && /usr/bin/time -v -o "$d/sluice.time" "$SLUICE" run "examples/nexmark/$q.yaml" -q --json --store "$d/state.db" \
     --input "events=$DATA" --input "out_dir=$d/sluice" > "$d/sluice.json" 2> "$d/sluice.err") || { echo "sluice $q failed, see $d/sluice.err" >&2; exit 1; }
  /usr/bin/time -v -o "$d/duckdb.time" node "$DUCK/queries.mjs" "$q" "$DATA" "$d/duckdb/$q.csv" ${DUCKDB_THREADS:-} > "$d/duckdb.json" 2> "$d/duckdb.err" \
     || { echo "duckdb $q failed, see $d/duckdb.err" >&2; exit 1; }
  read -r sw sc sr <<< "$(times "$d/sluice.time")"
  read -r dw dc dr <<< "$(times "$d/duckdb.time")"
  same=no; cmp -s "$d/sluice/$q.csv" "$d/duckdb/$q.csv" && same=yes
  awk -v q="$q" -v n="$EVENTS" -v sw="$sw" -v sc="$sc" -v sr="$sr" -v dw="$dw" -v dr="$dr" -v same="$same" \
    'BEGIN{printf "| %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.0f | %s |\n", q, n/sw, n/dw, dw/sw, n/sc, sr/1024, dr/1024, same}'
done
echo
echo "events: $EVENTS ($DATA), load average: $(cut -d' ' -f1-3 /proc/loadavg), results in $OUT"
