#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer) of the parsers of untrusted input; see Docs/testing.md,
# "Fuzzing (libFuzzer)". Not part of the test suite or CI.
#
# Usage: Scripts/fuzz.sh TARGET [SECONDS] [LIBFUZZER-OPTION...]
#   TARGET   fuzz-bundle, fuzz-commit, fuzz-frame, fuzz-sealed, fuzz-card (the "fuzz-" may be
#            left out), or "all" to run each in turn
#   SECONDS  how long each target runs (-max_total_time), default 60
#
# Builds the Fuzz package (release, -sanitize=fuzzer,address) into Fuzz/.build, writes the seed
# corpora into Fuzz/corpus/TARGET/ the first time (fuzz-seeds: a real replica's bundles,
# commits, frames, sealed files, join requests and cards), then fuzzes, keeping what libFuzzer
# finds in the corpus and any crash, hang or leak in Fuzz/artifacts/TARGET/ (the run's log is
# Fuzz/artifacts/TARGET/last-run.log). Exits non-zero if a target found something.
#
# Environment: CUERDA_FUZZ_SANITIZE=fuzzer builds without AddressSanitizer (the default is
# fuzzer,address); CUERDA_FUZZ_NO_BUILD=1 reuses the last build.
# Replay a reproducer: Fuzz/.build/release/fuzz-TARGET Fuzz/artifacts/TARGET/crash-...
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
fuzz="$root/Fuzz"
export PATH="/opt/swift/usr/bin:$PATH"
all=(fuzz-bundle fuzz-commit fuzz-frame fuzz-sealed fuzz-card)

if [ $# -lt 1 ]; then
  sed -n '5,19p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
target="$1"
seconds="${2:-60}"
shift $(($# >= 2 ? 2 : 1))
case "$target" in
  all) targets=("${all[@]}") ;;
  fuzz-*) targets=("$target") ;;
  *) targets=("fuzz-$target") ;;
esac
for t in "${targets[@]}"; do
  [ -d "$fuzz/Sources/$t" ] || { echo "fuzz.sh: unknown target $t (known: ${all[*]} all)" >&2; exit 2; }
done

sanitize="${CUERDA_FUZZ_SANITIZE:-fuzzer,address}"
if [ -z "${CUERDA_FUZZ_NO_BUILD:-}" ]; then
  echo "fuzz.sh: building the Fuzz package (release, -sanitize=$sanitize) into Fuzz/.build" >&2
  # -parse-as-library: the fuzz targets have no top-level code, libFuzzer supplies main.
  # -enable-testing: the @testable imports of the internal decoders (frame, sealed header, deflate).
  swift build -c release --package-path "$fuzz" --scratch-path "$fuzz/.build" \
    -Xswiftc "-sanitize=$sanitize" -Xswiftc -parse-as-library -Xswiftc -enable-testing >&2
fi
bin="$(swift build -c release --package-path "$fuzz" --scratch-path "$fuzz/.build" --show-bin-path)"

# Seeds: written once; afterwards the corpus grows with what libFuzzer keeps.
need_seeds=0
for t in "${targets[@]}"; do
  compgen -G "$fuzz/corpus/$t/seed-*" >/dev/null || need_seeds=1
done
if [ "$need_seeds" = 1 ]; then
  ASAN_OPTIONS=detect_leaks=0 "$bin/fuzz-seeds" "$fuzz/corpus" "$root" >&2
fi

failed=()
for t in "${targets[@]}"; do
  mkdir -p "$fuzz/corpus/$t" "$fuzz/artifacts/$t"
  echo "fuzz.sh: $t for ${seconds}s (corpus Fuzz/corpus/$t, artifacts Fuzz/artifacts/$t)" >&2
  status=0
  "$bin/$t" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$fuzz/artifacts/$t/" "$@" "$fuzz/corpus/$t" 2>&1 | tee "$fuzz/artifacts/$t/last-run.log" >&2 \
    || status=$?
  if [ "$status" != 0 ]; then failed+=("$t"); fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: findings in: ${failed[*]} (see Fuzz/artifacts/)" >&2
  exit 1
fi
echo "fuzz.sh: no crash, hang or leak found in: ${targets[*]}" >&2
