#!/usr/bin/env bash
# The store stays bounded: 10,000 runs (4 tasks, 20 log lines and a 1 KB output each, one quality record per run),
# one per simulated hour, with retention on (7 days, a purge every 100 runs) and, for contrast, off.
# Usage: bench/StoreSoak/run.sh [RUNS]   (default 10000)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RUNS=${1:-10000}
dotnet build -c Release "$HERE" -v q -nologo >/dev/null
DLL="$HERE/bin/Release/net10.0/StoreSoak.dll"
REPORT=$(( RUNS >= 10 ? RUNS / 10 : 1 ))
dotnet "$DLL" --runs "$RUNS" --retention on --report-every "$REPORT" | tee /tmp/sluice-soak-on.jsonl
dotnet "$DLL" --runs "$RUNS" --retention off --report-every "$REPORT" | tee /tmp/sluice-soak-off.jsonl
/usr/bin/python3 - <<'PY'
import json
on = [json.loads(l) for l in open("/tmp/sluice-soak-on.jsonl")]
off = {r["runs"]: r for r in map(json.loads, open("/tmp/sluice-soak-off.jsonl"))}
print("\n| runs | retention on: kept runs | on: db + WAL (MB) | on: peak so far (MB) | off: db + WAL (MB) |")
print("|---:|---:|---:|---:|---:|")
for r in on:
    o = off.get(r["runs"])
    size = lambda x: f"{(x['db_bytes'] + x['wal_bytes']) / 1e6:.2f}"
    print(f"| {r['runs']} | {r['kept_runs']} | {size(r)} | {r['peak_bytes'] / 1e6:.2f} | {size(o) if o else '-'} |")
PY
