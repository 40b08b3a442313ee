#!/usr/bin/env bash
# Streaming benchmark: the four Nexmark pipelines of examples/nexmark (exactly-once CSV sink, checkpoints every 1 s)
# over one generated NDJSON file, each a fresh `sluice run` process, against DuckDB computing the same four queries in
# batch over the same file (node @duckdb/node-api from tests/interop) in the same run. Checks that both write the same
# CSV and prints a Markdown table: events/s end to end (wall), CPU seconds, events per CPU-second (per core), peak RSS,
# the ratio to DuckDB, and the checkpoints' mean/max duration and largest size (the task's stats output).
#
# --latency: the same pipelines with the file source paced to a fixed rate (source.max_events_per_second = RATE), no
# DuckDB; prints per query the latency percentiles the stream task measured (its stats output, see docs/streaming.md):
# event arrival → first result of a window holding it written to the sink, and arrival of the batch that completed a
# window → its result. The generator spaces events 10 ms apart in event time, so RATE/100 is the replay's speed-up.
# An event's arrival is that of its source batch: LATENCY_BATCH (default 100 events) sets the batch size.
#
# Usage:  bench/streaming/run.sh [EVENTS]                      (EVENTS default 10000000)
#         bench/streaming/run.sh --latency [RATE] [EVENTS]     (RATE default 20000 events/s, EVENTS default 30 s of it)
#         (the file is generated once into $DATA_DIR)
# Env:    DATA_DIR=/tmp/sluice-nexmark  OUT=$(mktemp -d)  QUERIES="q5 q7 q8 q11"  PARALLELISM="1" (e.g. "1 2": each query at each)  DUCKDB_THREADS=(DuckDB's default: all cores)
#         SLUICE=path/to/Sluice.Cli (a build published before, e.g. of another commit to compare in the same run; default: publish this tree)
#         (npm install --prefix tests/interop --no-audit --no-fund first)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
LATENCY=
if [[ ${1:-} == --latency ]]; then
  LATENCY=${2:-20000}
  EVENTS=${3:-$((LATENCY * 30))}
else
  EVENTS=${1:-10000000}
fi
DATA_DIR=${DATA_DIR:-/tmp/sluice-nexmark}
OUT=${OUT:-$(mktemp -d /tmp/sluice-nexmark-run.XXXXXX)}
QUERIES=${QUERIES:-q5 q7 q8 q11}
PARALLELISM=${PARALLELISM:-1}
mkdir -p "$DATA_DIR" "$OUT"

[[ -n $LATENCY || -d $REPO/tests/interop/node_modules/@duckdb/node-api ]] || { echo "run: npm install --prefix tests/interop --no-audit --no-fund" >&2; exit 2; }
DATA=$DATA_DIR/events_$EVENTS.ndjson
if [[ ! -s $DATA ]]; then
  echo "generating $EVENTS events ..." >&2
  dotnet run -c Release --project "$REPO/bench/streaming/NexmarkGen" -v q -- "$EVENTS" "$DATA.tmp" >&2
  mv "$DATA.tmp" "$DATA"
fi
# Node resolves packages next to the script: run a copy beside a link to the interop node_modules.
DUCK=$(mktemp -d)
cp "$REPO/bench/streaming/queries.mjs" "$DUCK/" && ln -s "$REPO/tests/interop/node_modules" "$DUCK/node_modules"

if [[ -z ${SLUICE:-} ]]; then
  echo "building sluice (Release, ReadyToRun) ..." >&2
  PUB=$(mktemp -d)
  dotnet publish "$REPO/src/Sluice.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$PUB" -v q -nologo >&2
  SLUICE=$PUB/Sluice.Cli
fi

cat "$DATA" > /dev/null   # warm the page cache
# wall seconds, user+sys seconds, peak RSS (KB) from GNU time's output
times() { awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); w=(n==3)?a[1]*3600+a[2]*60+a[3]:a[1]*60+a[2]} /User time/{u=$2} /System time/{s=$2} /Maximum resident/{r=$2} END{printf "%.2f %.2f %d", w, u+s, r}' "$1"; }

# stat_of REPORT NAME from a `sluice run --json` report: the first task's stats output
stat_of() { jq -r --arg n "$2" '.tasks[0].outputs.stats[$n] // "-"' "$1"; }

if [[ -n $LATENCY ]]; then
  echo "| query | rate events/s | achieved events/s | event→result p50 ms | p99 ms | completing batch→result p50 ms | p99 ms | checkpoint mean/max ms | checkpoint max bytes |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for q in $QUERIES; do
    d=$OUT/$q; mkdir -p "$d/sluice"
    # The example with its file source paced: the same query, arriving at RATE events per second.
    # Small batches: an event's arrival is its batch's, and a 4096-event batch would span seconds of input.
    sed "s/format: ndjson}/format: ndjson, max_events_per_second: $LATENCY, batch_size: ${LATENCY_BATCH:-100}}/" "$REPO/examples/nexmark/$q.yaml" > "$d/$q.yaml"
    grep -q "max_events_per_second: $LATENCY" "$d/$q.yaml" || { echo "could not pace the source of $q" >&2; exit 1; }
    /usr/bin/time -v -o "$d/sluice.time" "$SLUICE" run "$d/$q.yaml" -q --json --store "$d/state.db" \
       --input "events=$DATA" --input "out_dir=$d/sluice" > "$d/sluice.json" 2> "$d/sluice.err" || { echo "sluice $q failed, see $d/sluice.err" >&2; exit 1; }
    read -r sw sc sr <<< "$(times "$d/sluice.time")"
    printf "| %s | %s | %.0f | %s | %s | %s | %s | %s / %s | %s |\n" "$q" "$LATENCY" "$(awk -v n="$EVENTS" -v w="$sw" 'BEGIN{print n/w}')" \
      "$(stat_of "$d/sluice.json" latency_p50_ms)" "$(stat_of "$d/sluice.json" latency_p99_ms)" \
      "$(stat_of "$d/sluice.json" fire_latency_p50_ms)" "$(stat_of "$d/sluice.json" fire_latency_p99_ms)" \
      "$(stat_of "$d/sluice.json" checkpoint_ms_mean)" "$(stat_of "$d/sluice.json" checkpoint_ms_max)" "$(stat_of "$d/sluice.json" checkpoint_bytes_max)"
  done
  echo
  echo "events: $EVENTS ($DATA) at $LATENCY events/s ($((LATENCY / 100))x event time), load average: $(cut -d' ' -f1-3 /proc/loadavg), results in $OUT"
  exit 0
fi

echo "| query | parallelism | Sluice events/s | DuckDB events/s | ratio | Sluice events/CPU-s | Sluice RSS MB | DuckDB RSS MB | same CSV | checkpoint mean/max ms | checkpoint max bytes |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"
for q in $QUERIES; do
  d=$OUT/$q; mkdir -p "$d/duckdb"
  /usr/bin/time -v -o "$d/duckdb.time" node "$DUCK/queries.mjs" "$q" "$DATA" "$d/duckdb/$q.csv" ${DUCKDB_THREADS:-} > "$d/duckdb.json" 2> "$d/duckdb.err" \
     || { echo "duckdb $q failed, see $d/duckdb.err" >&2; exit 1; }
  read -r dw dc dr <<< "$(times "$d/duckdb.time")"
  for par in $PARALLELISM; do
    s=$d/p$par; mkdir -p "$s/sluice"
    # The example as written, with `parallelism: N` added to its stream task when N > 1.
    sed "s/^      checkpoint: {interval: 1s}/      parallelism: $par\n      checkpoint: {interval: 1s}/" "$REPO/examples/nexmark/$q.yaml" > "$s/$q.yaml"
    [[ $par == 1 ]] && cp "$REPO/examples/nexmark/$q.yaml" "$s/$q.yaml"
    /usr/bin/time -v -o "$s/sluice.time" "$SLUICE" run "$s/$q.yaml" -q --json --store "$s/state.db" \
       --input "events=$DATA" --input "out_dir=$s/sluice" > "$s/sluice.json" 2> "$s/sluice.err" || { echo "sluice $q failed, see $s/sluice.err" >&2; exit 1; }
    read -r sw sc sr <<< "$(times "$s/sluice.time")"
    same=no; cmp -s "$s/sluice/$q.csv" "$d/duckdb/$q.csv" && same=yes
    awk -v q="$q" -v par="$par" -v n="$EVENTS" -v sw="$sw" -v sc="$sc" -v sr="$sr" -v dw="$dw" -v dr="$dr" -v same="$same" \
      -v cm="$(stat_of "$s/sluice.json" checkpoint_ms_mean)" -v cx="$(stat_of "$s/sluice.json" checkpoint_ms_max)" -v cb="$(stat_of "$s/sluice.json" checkpoint_bytes_max)" \
      'BEGIN{printf "| %s | %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.0f | %s | %s / %s | %s |\n", q, par, n/sw, n/dw, dw/sw, n/sc, sr/1024, dr/1024, same, cm, cx, cb}'
  done
done
echo
echo "events: $EVENTS ($DATA), load average: $(cut -d' ' -f1-3 /proc/loadavg), results in $OUT"
