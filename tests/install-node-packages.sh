#!/bin/sh
# The npm packages the tests need (tests/node/package.json, pinned by package-lock.json): axe-core, which the
# accessibility tests inject into Debian's Chromium. No browser is downloaded. Installs only when missing.
set -e
cd "$(dirname "$0")/node"
[ -f node_modules/axe-core/axe.min.js ] && exit 0
command -v npm >/dev/null || { echo "The accessibility tests need npm (Debian: apt-get install npm)." >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error
