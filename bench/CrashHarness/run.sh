#!/usr/bin/env bash
# SIGKILLs `sluice run` at random points across the examples and the harness pipeline (crash.yaml, whose fan-out makes
# most kills land inside a for_each), resumes, and checks: no recorded success lost or run again, each side effect of a
# recorded success exactly once, outputs identical to a clean run.
#   bench/CrashHarness/run.sh [--kills N] [--seed S]     (defaults: 100 kills, a random seed that is printed)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dotnet build "$root/src/Sluice.Cli" -c Release -v q -nologo >/dev/null
exec /usr/bin/python3 "$here/crash_harness.py" --cli "$root/src/Sluice.Cli/bin/Release/net10.0/Sluice.Cli.dll" --root "$root" "$@"
