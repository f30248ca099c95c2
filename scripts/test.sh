#!/usr/bin/env bash
# Installs what the tests need, builds with warnings as errors, and runs every test.
# Runs the suite twice: on SQLite, then on a PostgreSQL server started for the run.
# Prints one line per pass ("tests (sqlite): ...", "tests (postgres): ...") and one closing line:
# "tests: N passed, N failed, N skipped" (both passes together).
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

# s3rver, a Node.js implementation of the S3 protocol from npm, plays the object store in the S3 tests.
if [[ ! -f .tools/s3rver/node_modules/s3rver/bin/s3rver.js ]]; then
  command -v npm >/dev/null || scripts/install-runtime-deps.sh npm
  npm install --prefix .tools/s3rver --no-audit --no-fund --loglevel=error s3rver@3.7.1 >/dev/null
fi

results=$(mktemp -d)
pgdir=$(mktemp -d)
trap 'scripts/test-postgres.sh stop "$pgdir"; rm -rf "$results" "$pgdir"' EXIT

dotnet build RecAce.sln -c Release -warnaserror -nologo -clp:ErrorsOnly

# Sums the counters of every test assembly's trx file in a folder: "passed failed skipped".
count() {
  local passed=0 failed=0 skipped=0 trx counters p f t e
  for trx in "$1"/*.trx; do
    [[ -f $trx ]] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
    e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
  done
  echo "$passed $failed $skipped"
}

status=0
# One test assembly at a time (-m:1): the end-to-end tests start real hosts, peers and ffmpeg,
# and timing assertions (durations within 0.1-0.2 s) need a machine that is not oversubscribed.
# First pass: SQLite (the default database).
SECONDS=0
RECACE_TEST_DATABASE=sqlite dotnet test RecAce.sln -c Release --no-build --nologo -m:1 \
  --logger "trx" --results-directory "$results/sqlite" "$@" || status=$?
sqlite_time=$SECONDS

# Second pass: the suites that open a database (core and web; the plugin suites never do), again on
# a real PostgreSQL server of their own; every test that makes a database gets a fresh one there
# (tests/Shared/TestDatabase.cs). Test classes whose subject does not touch the database engine
# (media from real peers, benchmarks, packaging: trait Database=Independent) run in the first pass
# only, unless the caller gives a filter of its own.
SECONDS=0
postgres_filter=(--filter "Database!=Independent")
for arg in "$@"; do [[ $arg == --filter ]] && postgres_filter=(); done
if server=$(scripts/test-postgres.sh start "$pgdir"); then
  for project in tests/RecAce.Core.Tests tests/RecAce.Web.Tests; do
    RECACE_TEST_DATABASE=postgres RECACE_TEST_POSTGRES="$server" dotnet test "$project" -c Release --no-build --nologo \
      --logger "trx" --results-directory "$results/postgres" "${postgres_filter[@]}" "$@" || status=$?
  done
else
  echo "the PostgreSQL test server did not start" >&2
  status=1
fi
postgres_time=$SECONDS

read -r sp sf ss < <(count "$results/sqlite")
read -r pp pf ps < <(count "$results/postgres")
echo "tests (sqlite): ${sp} passed, ${sf} failed, ${ss} skipped ($((sqlite_time / 60)) min)"
echo "tests (postgres): ${pp} passed, ${pf} failed, ${ps} skipped ($((postgres_time / 60)) min)"
passed=$((sp + pp)); failed=$((sf + pf)); skipped=$((ss + ps))
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if ((sp == 0 || pp == 0)); then
  echo "no test ran in a pass" >&2
  exit 1
fi
exit $status
