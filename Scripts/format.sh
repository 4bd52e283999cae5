#!/usr/bin/env bash
# Formats every Swift file in place with the toolchain's swift-format, then lints.
# Usage: Scripts/format.sh [--check]   (--check: lint only, non-zero exit on findings)
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Package.swift Sources Tests)
[ -d Benchmarks/Benchmarks ] && paths+=(Benchmarks/Package.swift Benchmarks/Benchmarks)
if [ "${1:-}" != "--check" ]; then
  swift format format --in-place --recursive --parallel "${paths[@]}"
fi
swift format lint --recursive --parallel --strict "${paths[@]}"
