#!/usr/bin/env bash
# Renders a `cuerda report --html` file in headless Chromium: a PNG screenshot to look at,
# and a check that the page loaded cleanly. Run by hand (CI does not need Chromium).
#
# Usage: Scripts/render-report.sh REPORT.html OUT.png [WIDTHxHEIGHT]   (default 1280x2000)
#
# Fails (non-zero exit) when Chromium is missing, when the console logs an error or an
# uncaught exception, when the page asks for anything over the network or from another
# file, when the DOM Chromium built does not hold the report's sections, or when no
# screenshot is written. Install Chromium on Debian with `apt-get install chromium`.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 REPORT.html OUT.png [WIDTHxHEIGHT]" >&2
  exit 64
fi
report=$(realpath "$1")
out=$(realpath -m "$2")
size=${3:-1280x2000}
[ -f "$report" ] || { echo "render-report: no file $1" >&2; exit 66; }
chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$chromium" ] || { echo "render-report: chromium is not installed (apt-get install chromium)" >&2; exit 69; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A private profile, no first-run work, no network: the page must stand on its own.
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile"
  --no-first-run --disable-extensions --disable-background-networking --disable-sync --disable-component-update
  --disable-default-apps --disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter
  --host-resolver-rules="MAP * ~NOTFOUND" --enable-logging=stderr --v=1)

rm -f "$out"
"$chromium" "${flags[@]}" --screenshot="$out" --window-size="${size/x/,}" "file://$report" \
  >"$work/shot.out" 2>"$work/shot.log" || true
"$chromium" "${flags[@]}" --dump-dom "file://$report" >"$work/dom.html" 2>"$work/dom.log" || true

failed=0
fail() { echo "render-report: $*" >&2; failed=1; }
# The page has no scripts: any console message, and any uncaught exception, is a failure.
if grep -hE 'Uncaught|:CONSOLE' "$work/shot.log" "$work/dom.log" >"$work/errors"; then
  fail "the page logged to the console:"; sed 's/^/  /' "$work/errors" >&2
fi
# Every URL request but the browser's own housekeeping (update check, sign-in, clock).
housekeeping='https?://(update\.googleapis\.com/service/update2|accounts\.google\.com/ListAccounts|clients2\.google\.com/time/)'
if grep -hoE 'NotifyBeforeURLRequest: [^ ]+' "$work/shot.log" "$work/dom.log" | grep -vE "$housekeeping" |
  grep -vF "file://$report" >"$work/requests"; then
  fail "the page asked for something outside the file:"; sed 's/^/  /' "$work/requests" >&2
fi
# And nothing in the file could ask: no URLs, sources, imports or CSS url().
if grep -noE 'https?://|src=|@import|url\(|<script|<link|<img|<iframe' "$report" >"$work/references"; then
  fail "the file references outside resources:"; sed 's/^/  /' "$work/references" >&2
fi
# The DOM Chromium built round-trips the report: every section is there.
for section in revenue quotas actions grades; do
  grep -q "<section id=\"$section\">" "$work/dom.html" || fail "the rendered DOM has no '$section' section"
done
grep -q "<svg" "$work/dom.html" || fail "the rendered DOM has no SVG"
[ -s "$out" ] || fail "no screenshot written (see $work/shot.log)"

if [ $failed -ne 0 ]; then
  trap - EXIT
  echo "render-report: Chromium logs kept in $work" >&2
  exit 1
fi
echo "Rendered $1 to $2 ($(wc -c <"$out") bytes); no console errors, no requests outside the file"
