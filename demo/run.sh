#!/usr/bin/env bash
# Demo of the sync engine: two devices work offline, exchange bundle files in any order,
# disagree on a grade, reconcile it, sync over mutual TLS on loopback, and end with the
# same digest.
# Usage: bash demo/run.sh      (builds the CLI if needed; works in a temporary folder)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export PATH="/opt/swift/usr/bin:$PATH"
(cd "$root" && swift build --product cuerda >/dev/null)
bin="$root/.build/debug/cuerda"
work="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ cuerda %s\n' "$*"; "$bin" "$@"; }

step "Marketing founds the workspace and sets the revenue target"
run init --schema "$root/demo/schema.json" --team marketing --name Marta --replica marketing.sqlite
run put targets 2026-q1 period=2026-Q1 amount_cents=50000000 --replica marketing.sqlite

step "A field laptop asks to join; marketing admits it to sales and hands it a file"
run join --name Rafa --out rafa.request --replica field.sqlite
run admit rafa.request --team sales --role lead --out to-field.bundle --replica marketing.sqlite
run init --from to-field.bundle --replica field.sqlite
run members --replica field.sqlite

step "Offline, the field records potentials, a grade and a private note"
run put potentials acme customer=Acme amount_cents=1500000 --replica field.sqlite
run put grades need-1 need="Qualified leads" letter=B --replica field.sqlite
run put sales_notes n1 body="Acme wants a pilot first" --replica field.sqlite

step "Sales may not set the revenue target: refused before anything is written"
if run put targets 2026-q1 amount_cents=1 --replica field.sqlite; then echo "sales set the target" >&2; exit 1; fi

step "Meanwhile marketing grades the same need differently"
run put grades need-1 need="Qualified leads" letter=C --replica marketing.sqlite

step "Review time: files cross in both directions (twice, to show imports are idempotent)"
run vector --out field.vector --replica field.sqlite
run export --since field.vector --out from-marketing.bundle --replica marketing.sqlite
run export --audience all --out from-field.bundle --replica field.sqlite
run import from-field.bundle --replica marketing.sqlite
run import from-field.bundle --replica marketing.sqlite
run import from-marketing.bundle --replica field.sqlite

step "The disagreement is surfaced, not dropped"
run show grades --replica marketing.sqlite

step "The field lead reconciles; the reconciliation travels back"
run put grades need-1 letter=B --replica field.sqlite
run export --audience all --out reconcile.bundle --replica field.sqlite
run import reconcile.bundle --replica marketing.sqlite
run show grades --replica marketing.sqlite
run show potentials --replica marketing.sqlite

step "Next review: marketing serves on the office network, the laptop syncs over TLS"
run put potentials beta customer=Beta amount_cents=800000 --replica field.sqlite
run put sales_notes n2 body="Beta renews in March" --replica field.sqlite
run put targets 2026-q1 amount_cents=52000000 --replica marketing.sqlite
printf '$ cuerda serve --port 0 --sessions 1 &\n'
"$bin" serve --port 0 --sessions 1 --replica marketing.sqlite >serve.log 2>&1 &
server=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/^Serving .* on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' serve.log)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "the server did not start" >&2; cat serve.log >&2; exit 1; }
cat serve.log
run sync "127.0.0.1:$port" --replica field.sqlite
wait "$server"
server=""
tail -n +2 serve.log
run show targets --replica field.sqlite
run show potentials --replica marketing.sqlite

step "Team-private sales notes never reached marketing"
if sqlite3 marketing.sqlite "SELECT COUNT(*) FROM sales_notes" | grep -qx 0; then echo "marketing holds 0 sales notes"; else echo "LEAK: sales notes reached marketing" >&2; exit 1; fi

step "Shared state converged"
m=$("$bin" digest --audience all --replica marketing.sqlite)
f=$("$bin" digest --audience all --replica field.sqlite)
echo "marketing: $m"
echo "field:     $f"
if [ "$m" != "$f" ]; then echo "DIVERGED" >&2; exit 1; fi
echo "Converged."
