#!/usr/bin/env bash
# Runs every RetroVue test (real PostgreSQL, real ffmpeg), installing prerequisites first.
# The last line is "N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

RETROVUE_WITH_TEST_TOOLS=1 "$root/scripts/install-prerequisites.sh" || { echo "0 passed, 1 failed"; exit 1; }

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
dotnet test RetroVue.sln -c Release --logger "trx" --results-directory "$results" "$@" 2>&1 | tee "$results/console.log"
status=${PIPESTATUS[0]}

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

# Formatting is part of the contract (docs/development.md): a drift counts as one failed check.
if dotnet format RetroVue.sln --verify-no-changes >"$results/format.log" 2>&1; then
  passed=$((passed + 1))
else
  echo "dotnet format found files to reformat (see $results/format.log); run 'dotnet format RetroVue.sln'." >&2
  failed=$((failed + 1))
  status=1
fi

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or the test host failed before any test could report.
  failed=1
fi

echo "$passed passed, $failed failed"
exit "$status"
