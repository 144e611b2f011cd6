#!/usr/bin/env bash
# screenshots.sh: pictures of the sample archive's home, story and beat pages
# at phone (390 px) and desktop (1280 px) width, with Debian's headless
# Chromium, into docs/screenshots/ (README.md shows them). Run it again after
# changing the theme.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
go run . build -o "$out/public" --changes "$out/changes.json" >/dev/null
port=18765
python3 -m http.server "$port" --bind 127.0.0.1 -d "$out/public" >/dev/null 2>&1 &
server=$!
trap 'kill $server; rm -rf "$out"' EXIT
sleep 1
shoot() { # name path width height
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$out/profile" --window-size="$3,$4" \
    --screenshot="docs/screenshots/$1.png" "http://127.0.0.1:$port$2" >/dev/null 2>&1
  echo "docs/screenshots/$1.png"
}
story=/bericht-1190/inflation-eases-in-most-euro-countries-statistics-office-says.html
shoot home-desktop / 1280 900
shoot story-desktop "$story" 1280 900
shoot beat-desktop /economy/ 1280 900
shoot home-phone / 390 844
shoot story-phone "$story" 390 844
shoot beat-phone /economy/ 390 844
