#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster (Debian's binaries, fsync on, as the test fixture does but durable),
# runs the benchmark against it, and removes the cluster. Usage, from the repository root:
#   bench/WorkerThroughput/run.sh [bench arguments after the connection string, e.g. tasks]
# SLUICE_PG_BIN overrides the server programs' folder; SLUICE_BENCH_NO_BUILD=1 skips the build;
# SLUICE_BENCH_STATEMENTS=1 loads pg_stat_statements and prints the statements that took the most server time.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${SLUICE_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
[ -x "$bin/initdb" ] || { echo "PostgreSQL server programs not found (install 'postgresql' or set SLUICE_PG_BIN)" >&2; exit 2; }
root="$(mktemp -d /tmp/sluice-bench-pg.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
as_pg=()
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$root"; as_pg=(runuser -u postgres --); fi
stop() {
  "${as_pg[@]}" "$bin/pg_ctl" -D "$root/data" -w -m fast stop >/dev/null 2>&1 || true
  rm -rf "$root"
}
trap stop EXIT
"${as_pg[@]}" "$bin/initdb" -D "$root/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
extra=""
[ "${SLUICE_BENCH_STATEMENTS:-}" = 1 ] && extra="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
"${as_pg[@]}" "$bin/pg_ctl" -D "$root/data" -l "$root/server.log" -w -o \
  "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$root -c fsync=on -c max_connections=100 $extra" start >/dev/null
psql=("${as_pg[@]}" "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres)
"${psql[@]}" -qc "CREATE DATABASE bench" >/dev/null
[ -n "$extra" ] && "${psql[@]}" -d bench -qc "CREATE EXTENSION pg_stat_statements" >/dev/null
if [ "${SLUICE_BENCH_NO_BUILD:-}" != 1 ]; then
  dotnet build "$here/WorkerThroughput.csproj" -c Release -v q -nologo >/dev/null
fi
SLUICE_BENCH_PGDATA="$root/data" dotnet "$here/bin/Release/net10.0/WorkerThroughput.dll" "Host=127.0.0.1;Port=$port;Username=postgres;Database=bench" "$@"
if [ -n "$extra" ]; then
  "${psql[@]}" -d bench -c "SELECT round(total_exec_time)::int AS ms, calls, rows, round((total_exec_time / calls)::numeric, 3) AS ms_per_call,
    left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS query FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25"
fi
