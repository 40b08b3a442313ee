#!/usr/bin/env bash
# Quality checks over the benchmark orders file: Sluice (streaming, bounded memory) vs pandas (read_csv + vectorised checks).
# Usage: bench/quality/checks_vs_pandas.sh [DATA_DIR]   (default /tmp/bench-data-10m; generated when missing)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${1:-/tmp/bench-data-10m}"
if [[ ! -f "$data/orders.csv" ]]; then
  /usr/bin/python3 /work/shared/bench/gen_orders.py --rows 10000000 --out "$data"
fi
echo "== sluice"
(cd "$here" && dotnet run -c Release checks_bench.cs -- "$data/orders.csv")
echo "== pandas"
/usr/bin/python3 "$here/checks_pandas.py" "$data/orders.csv"
