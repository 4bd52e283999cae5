#!/usr/bin/env bash
# Demo of Cuerda's three stories, with five people on five devices (one SQLite replica each):
#   Marta (marketing lead, founder), Leo (sales lead), Sara and Tomás (field reps, admitted by
#   Leo) and Elena (the executive, leadership lead).
#   0. Founding: join / admit / init --from; marketing sets the target, the plan and its needs.
#   1. Field sales work offline: potentials, quota splits, actuals (CSV), action progress and
#      draft grades, with no exchange at all; a rep trying to set the target is refused.
#   2. Marketing syncs at review time over mutual TLS on loopback: the monthly review, joint
#      action items flowing back, the plan and its coverage, a dispute ruled by Elena.
#   3. Sealed scorecards travel as files: each lead seals, exports --sealed --to the other
#      team; importing reveals; both sides print the same report card.
# It ends by printing the report card, the review and the coverage, and every replica's
# digest, and exits non-zero if any replica disagrees.
#
# Usage: bash demo/run.sh   Works in a temporary folder, talks only to 127.0.0.1, leaves
#        nothing behind, and takes well under a minute once the CLI is built.
#   CUERDA=path/to/cuerda   use that binary; otherwise .build/debug/cuerda, built first if
#                           missing (after changing the sources: swift build --product cuerda)
#   DEMO_VERBOSE=1          also print the output of the commands shown without it
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export PATH="/opt/swift/usr/bin:$PATH"
if [ -n "${CUERDA:-}" ]; then
  bin="$CUERDA"
  case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
else
  bin="$root/.build/debug/cuerda"
  if [ ! -x "$bin" ]; then
    echo "Building the cuerda CLI (swift build --product cuerda)..."
    (cd "$root" && swift build --product cuerda >/dev/null)
  fi
fi
[ -x "$bin" ] || { echo "no cuerda binary at $bin" >&2; exit 1; }

work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cd "$work"
export CUERDA_CURRENCY=EUR
verbose="${DEMO_VERBOSE:-0}"

# ---- output helpers --------------------------------------------------------------------
# Each person's device is the replica NAME.sqlite; `run NAME ARGS` runs `cuerda ARGS` on it.
#   step  "..."        a section heading
#   note  "..."        a line of narration
#   run   NAME ARGS    loud: print the command and its output
#   quiet NAME ARGS    print the command only (its output if it fails, or with DEMO_VERBOSE=1)
#   refused CODE NAME ARGS   the command must fail with exit CODE, print its error and leave
#                      the replica's digest unchanged
# The output of the last run/quiet is in $out; `id_of` takes the first 8-hex ID in it.
bold=$'\033[1m'; dim=$'\033[2m'; plain=$'\033[0m'
if [ ! -t 1 ]; then bold=""; dim=""; plain=""; fi
out=""
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
note() { printf '%s# %s%s\n' "$dim" "$*" "$plain"; }
die() { printf '\nDEMO FAILED: %s\n' "$*" >&2; exit 1; }
cuerda_on() { local who="$1"; shift; CUERDA_REPLICA="$who.sqlite" "$bin" "$@"; }
show_cmd() {
  local who="$1"; shift
  local line="" a
  for a in "$@"; do
    case "$a" in *[[:space:]\'\"\$]*) line+=" \"$a\"" ;; *) line+=" $a" ;; esac
  done
  printf '%s%s$%s cuerda%s\n' "$bold" "$who" "$plain" "$line"
}
exec_cmd() {
  local who="$1"; shift
  local rc=0
  out=$(cuerda_on "$who" "$@" 2>&1) || rc=$?
  if [ "$rc" -ne 0 ]; then
    printf '%s\n' "$out"
    die "'cuerda $*' on $who's device exited $rc"
  fi
}
run() { show_cmd "$@"; exec_cmd "$@"; printf '%s\n' "$out"; }
quiet() {
  show_cmd "$@" | sed "s/^/$dim/; s/\$/$plain/"
  exec_cmd "$@"
  if [ "$verbose" = 1 ]; then printf '%s\n' "$out"; fi
}
refused() {
  local code="$1" who="$2"; shift
  local rc=0 before after
  before=$(cuerda_on "$who" digest)
  show_cmd "$@"
  out=$(cuerda_on "$@" 2>&1) || rc=$?
  printf '%s\n' "$out"
  [ "$rc" -eq "$code" ] || die "expected exit $code from 'cuerda ${*:2}' on $who's device, got $rc"
  after=$(cuerda_on "$who" digest)
  [ "$before" = "$after" ] || die "the refused command changed $who's replica"
  note "refused as expected (exit $rc); $who's replica is unchanged (same digest)"
}
id_of() {
  local id
  id=$(printf '%s\n' "$out" | grep -oE '\b[0-9a-f]{8}\b' | head -n 1) || true
  [ -n "$id" ] || die "no ID in: $out"
  printf '%s\n' "$id"
}

# ---- loopback TCP: Marta serves a fixed number of sessions ------------------------------
port=""
serve_start() {
  local sessions="$1" _
  printf '%smarta$%s cuerda serve --bind 127.0.0.1 --port 0 --sessions %s --timeout 60 &\n' \
    "$bold" "$plain" "$sessions"
  CUERDA_REPLICA=marta.sqlite "$bin" serve --bind 127.0.0.1 --port 0 --sessions "$sessions" \
    --timeout 60 >serve.log 2>&1 &
  server=$!
  port=""
  for _ in $(seq 1 100); do   # at most 10 s
    port=$(sed -n 's/^Serving .* on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' serve.log)
    [ -n "$port" ] && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$port" ] || { cat serve.log >&2; die "the server did not start"; }
  sed -n '1p' serve.log
}
sync_to_marta() { run "$1" sync "127.0.0.1:$port"; }
serve_end() {
  local _
  for _ in $(seq 1 100); do   # at most 10 s for the last session to close
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$server" 2>/dev/null; then cat serve.log >&2; die "the server did not finish its sessions"; fi
  wait "$server" || { cat serve.log >&2; die "the server failed"; }
  server=""
  if grep -q 'failed' serve.log; then cat serve.log >&2; die "a session failed on marta's side"; fi
}

# The report-card cycle is the current half year, with its deadline two months ahead, so the
# sealing phases are live whenever the demo runs. The revenue story is set in March 2026.
year=$(date -u +%Y)
if [ "$(date -u +%m)" -le 6 ]; then cycle="$year-H1"; else cycle="$year-H2"; fi
deadline=$(date -u -d '+60 days' +%F 2>/dev/null || date -u -v+60d +%F)
month=2026-03

# =========================================================================================
step "Founding: Marta (marketing lead) creates the workspace; the target, plan and needs"
run marta init --team marketing --name Marta
quiet marta target set --period 2026 --amount 12,000,000
run marta target set --period 2026-Q1 --amount 3,300,000
quiet marta plan add --period 2026-Q1 --priority 1 --product "Cuerda Pro" --channel partners \
  --segment retail --expect "Two partner demos per region"
plan1=$(id_of)
quiet marta plan add --period 2026-Q1 --priority 2 --product "Cuerda Cloud" --channel online \
  --segment wholesale --expect "Webinar follow-up calls within a week"
run marta cycle open "$cycle" --deadline "$deadline"
quiet marta need add "Qualified leads followed up within 48 hours" --cycle "$cycle"; mneed1=$(id_of)
quiet marta need add "Field feedback on pricing every month" --cycle "$cycle"; mneed2=$(id_of)
quiet marta need add "Forecasts that match the pipeline" --cycle "$cycle"; mneed3=$(id_of)

step "Admission: Leo (sales lead) and Elena (leadership) join; Leo admits his two field reps"
quiet leo join --name Leo --team sales --out leo.request
run marta admit leo.request --team sales --role lead --out leo.welcome
quiet leo init --from leo.welcome
quiet elena join --name Elena --team leadership --out elena.request
run marta admit elena.request --team leadership --role lead --out elena.welcome
quiet elena init --from elena.welcome
quiet leo need add "Leads scored before hand-off" --cycle "$cycle"; sneed1=$(id_of)
quiet leo need add "Sales collateral for each new product" --cycle "$cycle"; sneed2=$(id_of)
quiet leo need add "Pricing answers within two days" --cycle "$cycle"; sneed3=$(id_of)
cat >actuals-2026-01-02.csv <<'EOF'
month,customer_group,amount
2026-01,Retail,"480,000"
2026-01,Wholesale,"520,000"
2026-01,Online,"95,000"
2026-02,Retail,"505,000"
2026-02,Wholesale,"470,000"
2026-02,Online,"110,000"
EOF
note "Leo loads January and February from the books: a CSV, imported all rows or none"
run leo actual import actuals-2026-01-02.csv
quiet sara join --name Sara --team sales --out sara.request
run leo admit sara.request --team sales --out sara.welcome
quiet sara init --from sara.welcome
quiet tomas join --name Tomás --team sales --out tomas.request
quiet leo admit tomas.request --team sales --out tomas.welcome
quiet tomas init --from tomas.welcome
note "February's review left each rep an action item; Leo hands the reps a kick-off file"
quiet leo action add --title "Call back the Retail leads from the trade fair" --owner Sara \
  --due 2026-03-15 --source review:2026-02
act_sara=$(id_of)
quiet leo action add --title "Send Wholesale price feedback to marketing" --owner Tomás \
  --due 2026-03-20 --source review:2026-02
act_tomas=$(id_of)
quiet leo export --audience all --audience team:sales --out kickoff.bundle
quiet sara import kickoff.bundle
quiet tomas import kickoff.bundle
note "...and mails Marta what she lacks (the admissions, sales' needs), so she knows the reps"
quiet leo export --out for-marta.bundle
quiet marta import for-marta.bundle
run marta members

# =========================================================================================
step "Story 1: field sales work offline (no network, no exchange among the reps)"
note "Sara sizes Retail, sets its quota and splits it across her customers by potential"
quiet sara potential set --period 2026-Q1 --group Retail --customer Acme --amount 900,000
quiet sara potential set --period 2026-Q1 --group Retail --customer "Bolt Stores" --amount 600,000
quiet sara quota set --period 2026-Q1 --group Retail --amount 1,400,000
quiet sara quota split --period 2026-Q1 --group Retail --method potential
run sara quota show --period 2026-Q1
run sara actual record --month "$month" --group Retail --amount 410,000
run sara action update "$act_sara" --status "done"
quiet sara grade set "$sneed1" B --cycle "$cycle"
quiet sara grade set "$sneed2" C --cycle "$cycle" --comment "No deck for Cuerda Cloud until March"
quiet sara grade set "$sneed3" A --cycle "$cycle"
note "Tomás imports his potentials and March actuals from CSV, and splits his groups' quota"
cat >potentials-2026-Q1.csv <<'EOF'
period,customer_group,customer,amount
2026-Q1,Wholesale,Zed Distribution,"1,100,000"
2026-Q1,Wholesale,Norte Mayoristas,"500,000"
2026-Q1,Online,,"400,000"
EOF
cat >actuals-2026-03.csv <<'EOF'
month,customer_group,amount
2026-03,Wholesale,"395,000"
2026-03,Online,"120,500"
EOF
run tomas potential import potentials-2026-Q1.csv
run tomas quota split --period 2026-Q1 --total 1,800,000 --method potential
sed 's/^/  /' actuals-2026-03.csv
run tomas actual import actuals-2026-03.csv
quiet tomas action update "$act_tomas" --due 2026-04-10
quiet tomas grade set "$sneed1" B --cycle "$cycle"
quiet tomas grade set "$sneed2" B --cycle "$cycle" --comment "The Cloud deck came late, but it came"
quiet tomas grade set "$sneed3" B --cycle "$cycle"
run tomas grade list --cycle "$cycle"
note "Sales may not set the revenue target: refused before anything is written"
refused 3 sara target set --period 2026-Q1 --amount 3,000,000

# =========================================================================================
step "Story 2: at the March review, the sales devices sync to Marta over TLS on loopback"
serve_start 4
sync_to_marta sara
sync_to_marta tomas
sync_to_marta leo
note "Leo now holds both reps' figures: he closes the gap to the target and comments"
run leo quota close-gap --period 2026-Q1 --method potential
quiet leo review note --month "$month" --text "Retail closed two partner deals; one Wholesale order slipped to April"
quiet leo plan derive "$plan1" --account Retail --action "Partner demos at Acme and Bolt Stores" \
  --owner Sara --due 2026-03-31
quiet leo dispute raise --area channel-strategy --title "Who picks the Wholesale partners?" --date 2026-03-28
dispute=$(id_of)
quiet leo dispute position "$dispute" --text "We meet the partners every week; we should pick them"
sync_to_marta leo
serve_end

note "Marta reviews the month with everything in front of her"
quiet marta review note --month "$month" --text "Trade-fair leads converted; Cloud webinars under-delivered"
run marta review show --month "$month"
run marta plan show --period 2026-Q1
run marta plan coverage --period 2026-Q1
note "Joint action items from the review, owned on both sides"
quiet marta action add --title "Webinar follow-up calls for Cuerda Cloud" --owner Tomás --due 2026-04-15 --source "review:$month"
quiet marta action add --title "Cuerda Cloud sales deck" --owner Marta --due 2026-04-10 --source "review:$month"
quiet marta action add --title "Partner demo feedback to marketing" --owner Sara --due 2026-04-20 --source "review:$month"
quiet marta dispute position "$dispute" --text "Channel strategy is marketing's: partners are a channel"
quiet marta dispute escalate "$dispute"

note "After the review everyone syncs again: the action items flow back to the field"
serve_start 4
sync_to_marta leo
sync_to_marta sara
sync_to_marta tomas
sync_to_marta elena
serve_end
run tomas action list --status open
note "Elena rules on the escalated dispute"
run elena dispute show "$dispute"
run elena dispute rule "$dispute" --owner marketing --text "Partners are a channel: marketing picks them, with sales' input" --date 2026-04-02

# =========================================================================================
step "Story 3: sealed scorecards travel as files"
note "Marketing grades sales on its needs, predicts how sales will grade it on one, and seals"
quiet marta grade set "$mneed1" B --cycle "$cycle"
quiet marta grade set "$mneed2" C --cycle "$cycle" --comment "Pricing feedback came twice this half"
quiet marta grade set "$mneed3" B --cycle "$cycle"
quiet marta grade set "$sneed2" B --cycle "$cycle" --self
run marta scorecard seal --cycle "$cycle"
run marta scorecard status --cycle "$cycle"
run marta export --sealed --to sales --out marketing-seal.sealed
note "Marketing's sealed file reaches Leo while sales is still drafting: he sees the seal, no letters"
run leo import marketing-seal.sealed
run leo scorecard report --cycle "$cycle"
note "The reps hand their drafts to Leo as files; he settles disagreements, then seals"
quiet sara export --audience team:sales --out sara-drafts.bundle
quiet tomas export --audience team:sales --out tomas-drafts.bundle
quiet leo import sara-drafts.bundle
quiet leo import tomas-drafts.bundle
run leo grade list --cycle "$cycle"
refused 3 leo scorecard seal --cycle "$cycle"
quiet leo grade reconcile "$sneed1" B --cycle "$cycle"
quiet leo grade reconcile "$sneed2" C --cycle "$cycle" --comment "No Cloud deck until March"
quiet leo grade reconcile "$sneed3" B --cycle "$cycle"
quiet leo grade set "$mneed1" A --cycle "$cycle" --self
note "Sealing, Leo's device already holds marketing's seal, so it reveals sales' card at once"
run leo scorecard seal --cycle "$cycle"
run leo export --sealed --to marketing --out sales-card.sealed
run marta import sales-card.sealed
note "Marta's device revealed in turn; her reveal goes back to Leo as a file"
quiet marta export --sealed --to sales --out marketing-card.sealed
quiet leo import marketing-card.sealed
run leo scorecard status --cycle "$cycle"
exec_cmd marta scorecard report --cycle "$cycle"; card_marta="$out"
exec_cmd leo scorecard report --cycle "$cycle"; card_leo="$out"
[ "$card_marta" = "$card_leo" ] || { diff <(echo "$card_marta") <(echo "$card_leo") || true; die "Marta and Leo print different report cards"; }
note "Marta and Leo print the same report card (shown at the end)"
run marta scorecard act --cycle "$cycle" --due "$deadline"

# =========================================================================================
step "Closing the quarter: celebrate together, one last round of syncs, the sales team's files"
run elena celebrate recognize --quarter 2026-Q1 --group "Partner launch" --member Marta \
  --member Sara --text "Cuerda Pro partner demos: marketing's plan, sales' deals"
quiet leo celebrate win --quarter 2026-Q1 --text "Retail partner deals closed in March"
quiet marta celebrate lesson --quarter 2026-Q1 --text "Webinars need sales follow-up within a week"
note "Everyone syncs twice, so what the last one brings reaches the first"
serve_start 8
for who in elena leo sara tomas elena leo sara tomas; do
  quiet "$who" sync "127.0.0.1:$port"
done
serve_end
note "Leo's reconciled grades are private to sales: they reach the reps by file, never via Marta"
quiet leo export --audience team:sales --out sales-team.bundle
quiet sara import sales-team.bundle
quiet tomas import sales-team.bundle
note "The ruling reached the field: marketing now owns channel-strategy"
run sara area list
run tomas celebrate show --quarter 2026-Q1

step "The report card, the March review and the plan coverage (the same on every replica)"
people="marta leo sara tomas elena"
differ=""   # what differs between replicas, reported at the very end
check_same() {   # check_same TITLE ARGS: the command must print the same on every replica
  local title="$1"; shift
  local who first="" text same=1
  for who in $people; do
    exec_cmd "$who" "$@"; text="$out"
    if [ -z "$first" ]; then first="$text"; printf '%s\n' "$text"
    elif [ "$text" != "$first" ]; then
      printf 'DIFFERS on %s (< marta, > %s):\n' "$who" "$who"
      diff <(echo "$first") <(echo "$text") || true
      differ+=" $title ($who);"; same=0
    fi
  done
  if [ "$same" = 1 ]; then note "$title: identical on marta, leo, sara, tomas and elena"; fi
}
show_cmd all scorecard report --cycle "$cycle"
check_same "report card" scorecard report --cycle "$cycle"
show_cmd all review show --month "$month"
check_same "March review" review show --month "$month"
show_cmd all plan coverage --period 2026-Q1
check_same "plan coverage" plan coverage --period 2026-Q1

step "Every replica's digest"
compare_digests() {   # compare_digests AUDIENCE WHO...: the digests must be equal
  local audience="$1"; shift
  local who d first=""
  for who in "$@"; do
    d=$(cuerda_on "$who" digest --audience "$audience")
    printf '  %-6s %-15s %s\n' "$who" "$audience" "$d"
    if [ -z "$first" ]; then first="$d"
    elif [ "$d" != "$first" ]; then differ+=" digest $audience ($who);"; fi
  done
}
compare_digests all marta leo sara tomas elena
compare_digests team:sales leo sara tomas
compare_digests team:marketing marta
if [ -n "$differ" ]; then die "the replicas did not converge; differs:$differ"; fi
printf '\n%sConverged: all five replicas share one state; the sales team shares its private one.%s\n' "$bold" "$plain"
