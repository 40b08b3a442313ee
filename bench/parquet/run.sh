#!/usr/bin/env bash
# Parquet write and read of ROWS rows (default 10M): Sluice's ParquetWriter/ParquetSource as built, ParquetSharp and
# Parquet.Net driven from and into our column batches, and DuckDB (@duckdb/node-api from tests/interop) as the peer,
# all in one session. Each operation runs in its own process, so peak RSS is its own. Writes are Snappy; every reader
# reads the file DuckDB wrote, all seven columns. Prints a TSV: impl, op, rows, seconds, peak RSS MiB, bytes, checksum.
#
#   npm install --prefix tests/interop --no-audit --no-fund   (once)
#   bench/parquet/run.sh [ROWS] [DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-10000000}
DIR=${2:-$(mktemp -d)}
mkdir -p "$DIR"
dotnet build bench/Sluice.Bench -c Release -v q -nologo >&2
BENCH=(dotnet bench/Sluice.Bench/bin/Release/net10.0/Sluice.Bench.dll parquet)
DUCK=(node tests/interop/duckdb.mjs "SET threads = $(nproc)")

duck() { # OP FILE SQL...: times one DuckDB process and prints the same columns as the .NET side
  local op=$1 file=$2; shift 2
  local out
  out=$( { /usr/bin/time -f '%e %M' "${DUCK[@]}" "$@" >"$DIR/duck.json"; } 2>&1 | tail -1)
  read -r secs kb <<<"$out"
  printf 'duckdb\t%s\t%s\t%s\t%.0f\t%s\t%s\n' "$op" "$ROWS" "$secs" "$(echo "$kb / 1024" | bc -l)" "$(stat -c %s "$file")" "$(tr -d '\n' <"$DIR/duck.json")"
}

printf 'impl\top\trows\tseconds\tpeak_rss_mib\tbytes\tchecksum\n'
duck write "$DIR/duckdb.parquet" "COPY (SELECT range AS id, range % 97 AS qty,
  CASE WHEN range % 50 = 0 THEN NULL ELSE CAST(range % 10007 AS DOUBLE) * 0.25 END AS amount,
  'cat' || (range % 32) AS category, 'note-' || (range % 100003) AS note,
  DATE '2020-01-01' + CAST(range % 1500 AS INTEGER) AS day, range % 3 = 0 AS flag
  FROM range($ROWS)) TO '$DIR/duckdb.parquet' (FORMAT parquet, COMPRESSION snappy)"
for impl in sluice parquetsharp parquetnet; do
  "${BENCH[@]}" write "$impl" "$DIR/$impl.parquet" "$ROWS"
done
for impl in sluice parquetsharp parquetnet; do
  "${BENCH[@]}" read "$impl" "$DIR/duckdb.parquet" "$ROWS"
done
duck read "$DIR/duckdb.parquet" "SELECT sum(id) + sum(amount) + sum(length(note)) AS checksum, max(category), max(day), bool_or(flag), sum(qty)
  FROM '$DIR/duckdb.parquet'"
