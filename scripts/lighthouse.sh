#!/usr/bin/env bash
# lighthouse.sh: Lighthouse 12.2.3 scores (accessibility, best practices,
# SEO) of the sample archive's home, story, beat and date archive pages, in
# Debian's headless Chromium. Prints a table; exits 1 when a score is below
# MIN_SCORE (default 98). Slow (about 20 s a page), so not part of go test.
#   scripts/lighthouse.sh            # installs lighthouse into ~/.cache/dateline-ci
set -euo pipefail
cd "$(dirname "$0")/.."
min=${MIN_SCORE:-98}
tools=${XDG_CACHE_HOME:-$HOME/.cache}/dateline-ci
mkdir -p "$tools"
[ -x "$tools/node_modules/.bin/lighthouse" ] || (cd "$tools" && npm install -E --no-audit --no-fund --loglevel=error lighthouse@12.2.3 >/dev/null)
out=$(mktemp -d)
go run . build -o "$out/public" --changes "$out/changes.json" >/dev/null
port=18766
python3 -m http.server "$port" --bind 127.0.0.1 -d "$out/public" >/dev/null 2>&1 &
server=$!
trap 'kill $server; rm -rf "$out"' EXIT
sleep 1
fail=0
printf '%-75s %5s %5s %5s\n' page a11y best seo
for p in / /bericht-1190/inflation-eases-in-most-euro-countries-statistics-office-says.html /economy/ /archive/2017/; do
  CHROME_PATH=$(command -v chromium) "$tools/node_modules/.bin/lighthouse" "http://127.0.0.1:$port$p" \
    --only-categories=accessibility,best-practices,seo --quiet --output=json --output-path="$out/r.json" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$out/profile" >/dev/null 2>&1
  read -r a b s < <(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["categories"]; print(*(round(c[k]["score"]*100) for k in ("accessibility","best-practices","seo")))' "$out/r.json")
  printf '%-75s %5s %5s %5s\n' "$p" "$a" "$b" "$s"
  for v in $a $b $s; do [ "$v" -ge "$min" ] || fail=1; done
done
exit $fail
