#!/usr/bin/env bash
# Runs every test of the solution and prints, from the TRX results, one closing line:
#   N passed, N failed, N skipped
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

./scripts/install-deps.sh --test || exit 1
# The container tests need an engine; without one they fail under CI=true, so a failure here is reported there.
./scripts/start-docker.sh || echo "warning: no Docker engine; the container tests will fail" >&2
# The Wyoming announcement tests publish through Avahi; without it they fail under CI=true.
./scripts/start-avahi.sh || echo "warning: no Avahi daemon; the Wyoming announcement tests will fail" >&2

results="$root/.artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# Locked restore: packages.lock.json must match the references (refresh with `dotnet restore LocalAi.slnx`).
dotnet build LocalAi.slnx -c Release -nologo -v quiet -clp:ErrorsOnly -p:RestoreLockedMode=true || exit 1

# One project at a time, each with its own TRX file, so no result file can overwrite another.
status=0
for project in tests/*.Tests/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=1
done

passed=0 failed=0 total=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  total=$((total + $(get total)))
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
done
skipped=$((total - passed - failed))
if ((total == 0)); then
  echo "no test results were written" >&2
  status=1
fi
((failed > 0)) && status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
