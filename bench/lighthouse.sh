#!/usr/bin/env bash
# Lighthouse 12 (npm) driving Debian's chromium, default mobile emulation, against a running site.
# Usage: make run (in another shell), then: bench/lighthouse.sh [BASE_URL]
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-http://127.0.0.1:8000}
TOOLS=.lighthouse
if [ ! -x "$TOOLS/node_modules/.bin/lighthouse" ]; then
  npm install --silent --prefix "$TOOLS" lighthouse@12 >/dev/null
fi
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
FLAGS="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run"
ARTICLE=$(curl -fsS "$BASE/" | grep -o 'href="/berita/[0-9/]*[a-z0-9-]*/"' | head -1 | cut -d'"' -f2)
printf "%-70s %5s %5s %5s %5s\n" page perf a11y bp seo
for path in / "$ARTICLE"; do
  out=$(mktemp)
  "$TOOLS/node_modules/.bin/lighthouse" "$BASE$path" --quiet --chrome-flags="$FLAGS" \
    --output=json --output-path="$out" >/dev/null 2>&1
  python3 - "$out" "$path" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
scores = [round(report["categories"][c]["score"] * 100) for c in ("performance", "accessibility", "best-practices", "seo")]
print(f"{sys.argv[2][:70]:<70} " + " ".join(f"{s:5d}" for s in scores))
PY
  rm -f "$out"
done
