#!/usr/bin/env bash
# Installs what is missing and starts RecAce on the embedded defaults (SQLite under ./data,
# admin and API on http://127.0.0.1:5080). Open that address to create the first administrator.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-runtime-deps.sh
exec dotnet run --project web/RecAce.Web -c Release -- serve "$@"
