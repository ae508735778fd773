#!/bin/sh
# What the browser test and the PDF need besides the venv: Debian's chromium and a CJK font (so the browser
# draws Chinese), and Playwright's Python package at the pinned version (its driver only: `playwright install`
# is never run, the browser is Debian's). With --pdf also WenQuanYi Micro Hei (a TrueType font Chromium
# embeds by name) and poppler's pdffonts/pdftotext for the checks.
#   scripts/browser_deps.sh TARGET PYTHON [--pdf]
set -eu
target=$1 python=$2 pdf=${3:-}
playwright=1.65.2
pkgs=""
[ -x /usr/bin/chromium ] || pkgs=" chromium"
fc-list :lang=zh family 2>/dev/null | grep -q . || pkgs="$pkgs fonts-noto-cjk"
if [ "$pdf" = "--pdf" ]; then
  fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei" || pkgs="$pkgs fonts-wqy-microhei"
  command -v pdffonts >/dev/null || pkgs="$pkgs poppler-utils"
fi
if [ -n "$pkgs" ]; then
  [ "$(id -u)" = 0 ] || { echo "$target: as root, run: apt-get install -y$pkgs" >&2; exit 1; }
  echo "$target: apt-get update && apt-get install -y --no-install-recommends$pkgs"
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $pkgs
fi
"$python" -c "import importlib.metadata as m, sys; sys.exit(m.version('playwright') != '$playwright')" 2>/dev/null \
  || { echo "$target: $python -m pip install playwright==$playwright"; "$python" -m pip install --quiet "playwright==$playwright"; }
