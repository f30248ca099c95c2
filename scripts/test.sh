#!/usr/bin/env bash
# Installs what the tests need, builds with warnings as errors, and runs every test.
# Prints one closing line: "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
# Test peers and tools: one Debian package per line in scripts/test-packages.txt.
mapfile -t packages < <(grep -v '^\s*\(#\|$\)' scripts/test-packages.txt)
scripts/install-runtime-deps.sh "${packages[@]}"
# PowerShell 7, a .NET tool from NuGet, runs the Windows install script's tests.
if ! command -v pwsh >/dev/null; then
  [[ -x .tools/pwsh ]] || dotnet tool install --tool-path .tools PowerShell --version 7.6.9 >/dev/null
  export PATH="$PWD/.tools:$PATH"
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet build RecAce.sln -c Release -warnaserror -nologo -clp:ErrorsOnly
status=0
# One test assembly at a time (-m:1): the end-to-end tests start real hosts, peers and ffmpeg,
# and timing assertions (durations within 0.1-0.2 s) need a machine that is not oversubscribed.
dotnet test RecAce.sln -c Release --no-build --nologo -m:1 \
  --logger "trx" --results-directory "$results" "$@" || status=$?

# Sum the counters of every test assembly's trx file.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [[ -f $trx ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if ((passed == 0)); then
  echo "no test ran" >&2
  exit 1
fi
exit $status
