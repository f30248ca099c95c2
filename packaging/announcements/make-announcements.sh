#!/bin/sh
# Makes the default recording announcements (録音告知) for the SIP in-line recorder:
#   ja.wav  "この通話は品質向上とトラブル防止のため録音させていただいております"
#   en.wav  "This call is recorded to improve our service and to prevent trouble."
# Needs espeak-ng and sox. espeak-ng's Japanese voice reads kana only, so the Japanese text is
# given in kana. Output: 16 kHz mono 16-bit WAV (the recorder resamples for G.711 itself).
# Usage: make-announcements.sh <output folder>
set -eu
out="${1:?usage: make-announcements.sh <output folder>}"
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

ja_kana="このつうわは ひんしつこうじょうと トラブルぼうしのため ろくおんさせて いただいております"
en_text="This call is recorded to improve our service and to prevent trouble."

espeak-ng -v ja -s 150 -w "$tmp/ja.wav" "$ja_kana"
espeak-ng -v en -s 150 -w "$tmp/en.wav" "$en_text"
for lang in ja en; do
  # A quarter second of silence before and after, normalised to -3 dBFS.
  sox "$tmp/$lang.wav" -r 16000 -c 1 -b 16 "$out/$lang.wav" pad 0.25 0.25 norm -3
done
echo "announcements written to $out (ja.wav, en.wav)"
