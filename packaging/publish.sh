#!/usr/bin/env bash
# Publishes a self-contained RecAce for one runtime, with the built-in plugins under plugins/.
#   packaging/publish.sh linux-x64 artifacts/recace-linux-x64
set -euo pipefail
cd "$(dirname "$0")/.."
rid=${1:-linux-x64}
out=${2:-artifacts/recace-$rid}
dotnet publish web/RecAce.Web -c Release -r "$rid" --self-contained true -o "$out"
cp appsettings.sample.json "$out/"
echo "published to $out"
