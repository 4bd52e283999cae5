#!/usr/bin/env bash
# Regenerates the shell completions and the man page of `cuerda` from its argument parser,
# into the files that are committed:
#
#   completions/cuerda.bash   bash   (`cuerda --generate-completion-script bash`)
#   completions/_cuerda       zsh    (`cuerda --generate-completion-script zsh`)
#   completions/cuerda.fish   fish   (`cuerda --generate-completion-script fish`)
#   Docs/man/cuerda.1         one mdoc page with every subcommand, made by the
#                             swift-argument-parser plugin `generate-manual`
#
# Usage: Scripts/generate-docs.sh [--check]
#   --check   write nothing; exit 1 if a committed file differs from what the binary makes now.
#
# Run it after changing a command, an option or a help text, and commit the result;
# `swift test --filter CLICompletionTests` fails while the committed files are stale.
# Works offline: it needs only the package's resolved dependencies (.build/checkouts).
#
# The man page's date is the date of the last commit that changed the CLI's sources or the
# resolved dependencies, so that regenerating an unchanged CLI gives the same bytes; set
# CUERDA_MAN_DATE=YYYY-MM-DD to override it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

check=false
case "${1:-}" in
  --check) check=true ;;
  "") ;;
  *) echo "usage: Scripts/generate-docs.sh [--check]" >&2; exit 64 ;;
esac

echo "Building cuerda..."
swift build --product cuerda
bin="$(swift build --product cuerda --show-bin-path)/cuerda"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

"$bin" --generate-completion-script bash >"$out/cuerda.bash"
"$bin" --generate-completion-script zsh >"$out/_cuerda"
"$bin" --generate-completion-script fish >"$out/cuerda.fish"

# The scripts must at least parse in their shells (each check runs only where the shell is installed).
bash -n "$out/cuerda.bash"
if command -v zsh >/dev/null; then zsh -n "$out/_cuerda"; fi
if command -v fish >/dev/null; then fish --no-execute "$out/cuerda.fish"; fi

date="${CUERDA_MAN_DATE:-$(git log -1 --format=%cs -- Sources/cuerda Package.resolved 2>/dev/null || true)}"
date="${date:-$(date -u +%Y-%m-%d)}"
echo "Generating the man page (dated $date)..."
# The plugin builds the package's products (debug: reuses the build above) and runs the
# `generate-manual` tool on each executable; the page lands in the plugin's work directory.
swift package generate-manual --configuration debug --date "$date"
page=".build/plugins/GenerateManual/outputs/cuerda/cuerda.1"
[ -f "$page" ] || { echo "generate-manual wrote no $page" >&2; exit 1; }
# Blank lines separate paragraphs of the help texts; in mdoc a blank line is an error that man
# warns about ("Empty input line"), so write them as the paragraph macro, which renders the same.
# The tool ends the page without a newline; add one.
{ sed 's/^$/.Pp/' "$page"; [ -z "$(tail -c1 "$page")" ] || echo; } >"$out/cuerda.1"

targets=(completions/cuerda.bash completions/_cuerda completions/cuerda.fish Docs/man/cuerda.1)
if $check; then
  stale=0
  for target in "${targets[@]}"; do
    if ! cmp -s "$out/$(basename "$target")" "$target"; then
      echo "stale: $target (run Scripts/generate-docs.sh and commit the result)" >&2
      stale=1
    fi
  done
  [ "$stale" = 0 ] && echo "Completions and man page are up to date."
  exit "$stale"
fi

mkdir -p completions Docs/man
for target in "${targets[@]}"; do
  cp "$out/$(basename "$target")" "$target"
  echo "Wrote $target"
done
