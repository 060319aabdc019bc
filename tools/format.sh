#!/usr/bin/env bash
# Formats every C++ file under src/ and tests/ in place with the repository's .clang-format.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files 'src/*.h' 'src/*.cc' 'tests/*.h' 'tests/*.cc' | xargs clang-format -i
