#!/usr/bin/env bash
# The fuzz soak: the suites of the CI run (tests/Sluice.Tests/Fuzz, tests/Sluice.Data.Tests/Fuzz) with more cases and
# another seed, the test host capped at --heap (DOTNET_GCHeapHardLimit) so that a runaway case fails instead of
# swapping. Every case is bounded in time by the suites themselves.
#   bench/Fuzz/run.sh [--cases N] [--seed S] [--heap BYTES_HEX] [--filter EXPR]
# --cases is per property (the CI run uses 300-6,000 per property, 10,000 YAML and 10,000 expression cases in all);
# the seed is random unless given, and printed first so that a failure can be replayed.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cases=50000
seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
heap=0x40000000
filter="FullyQualifiedName~.Fuzz."
while [ $# -gt 0 ]; do
  case "$1" in
    --cases) cases="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    --filter) filter="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
echo "fuzz soak: $cases cases per property, seed $seed, heap limit $heap"
echo "replay: bench/Fuzz/run.sh --cases $cases --seed $seed"
dotnet build "$root/tests/Sluice.Tests" -c Release -v q -nologo >/dev/null
dotnet build "$root/tests/Sluice.Data.Tests" -c Release -v q -nologo >/dev/null
status=0
for project in Sluice.Tests Sluice.Data.Tests; do
  SLUICE_FUZZ_CASES="$cases" SLUICE_FUZZ_SEED="$seed" DOTNET_GCHeapHardLimit="$heap" CI=true \
    dotnet test "$root/tests/$project" -c Release --no-build --filter "$filter" --logger "console;verbosity=normal" || status=1
done
echo "seed $seed: $([ $status = 0 ] && echo 'no failure' || echo 'FAILED, replay with the line above')"
exit $status
