#!/usr/bin/env bash
# Installs what the RecAce server needs at run time on Debian/Ubuntu: ffmpeg (with libopus) and
# libgomp1 (for on-premise speech recognition) and a Japanese TrueType font (fonts-ipaexfont-gothic)
# for the transcript PDF of evidence packages. Safe to run again; installs only what is missing.
set -euo pipefail

need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
dpkg -s libgomp1 >/dev/null 2>&1 || need+=(libgomp1)
dpkg -s fonts-ipaexfont-gothic >/dev/null 2>&1 || need+=(fonts-ipaexfont-gothic)
for pkg in "$@"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done

if ((${#need[@]})); then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "installing: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "the .NET 10 SDK is required (https://dot.net); install it and run this again" >&2
  exit 1
fi
