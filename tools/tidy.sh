#!/usr/bin/env bash
# Runs clang-tidy with the repository's .clang-tidy over src/, using the build's compile database.
# usage: tools/tidy.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
[[ -f $build/compile_commands.json ]] || { echo "no $build/compile_commands.json; run make build"; exit 2; }
git ls-files 'src/*.cc' | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet
