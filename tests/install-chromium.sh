#!/bin/sh
# The browser tests drive Debian's Chromium (never a browser download). Install it when it is missing.
set -e
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "The browser tests need Chromium: ask an administrator to run 'apt-get install chromium'." >&2; exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
