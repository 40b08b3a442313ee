#!/usr/bin/env bash
# Scheduling overhead, Sluice (durable SQLite state) vs Dask (in-memory) in the same session.
# Shapes: wide (1 -> N -> 1) and chain (N in a row), no-op tasks, N = 1,000 and 10,000.
# Usage: bench/run_dag_overhead.sh [REPEAT]   (needs python3-dask for the peer; the peer script lives in
# ../shared/bench/peers, outside this repository, and is optional)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPEAT=${1:-5}
PEER=${PEER:-$HERE/../../shared/bench/peers/dag_overhead.py}
dotnet build -c Release "$HERE/DagOverhead" -v q -nologo >/dev/null
echo "# sluice" >&2
dotnet "$HERE/DagOverhead/bin/Release/net10.0/DagOverhead.dll" --sizes 1000,10000 --repeat "$REPEAT" | tee /tmp/sluice-dag.jsonl
if [[ -f $PEER ]]; then
  echo "# dask" >&2
  /usr/bin/python3 "$PEER" --sizes 1000,10000 --repeat "$REPEAT" --engines dask-threaded | tee /tmp/dask-dag.jsonl
fi
/usr/bin/python3 - <<'PY'
import json, os
rows = [json.loads(l) for f in ("/tmp/sluice-dag.jsonl", "/tmp/dask-dag.jsonl") if os.path.exists(f) for l in open(f)]
by = {(r["engine"], r["shape"], r["n"]): r for r in rows}
print("\n| shape | n | sluice tasks/s | dask tasks/s | ratio | sluice µs/task |")
print("|---|---:|---:|---:|---:|---:|")
for shape in ("wide", "chain"):
    for n in (1000, 10000):
        s = by.get(("sluice-sqlite", shape, n)); d = by.get(("dask-threaded", shape, n))
        if not s: continue
        ratio = f"{s['tasks_per_second'] / d['tasks_per_second']:.2f}x" if d else "-"
        dt = f"{d['tasks_per_second']:.0f}" if d else "-"
        print(f"| {shape} | {n} | {s['tasks_per_second']:.0f} | {dt} | {ratio} | {1e6 / s['tasks_per_second']:.1f} |")
PY
