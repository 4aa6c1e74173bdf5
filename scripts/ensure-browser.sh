#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium for the website chat's browser test
# (tests/servers/test_web_chat.py drives it with Playwright). Playwright's own browser download is never
# used: the test launches this binary. Installs with apt-get when it is missing (CI runs as root).
set -euo pipefail

browser=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$browser" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing at $browser; install it with: sudo apt-get install -y chromium" >&2
  exit 1
fi
echo "Installing Debian's chromium for the website chat's browser test (first time on this machine)..."
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if ! { apt-get update && apt-get install -y --no-install-recommends chromium fonts-dejavu-core; } >"$log" 2>&1; then
  tail -40 "$log" >&2
  echo "Installing chromium failed; the full log is in $log" >&2
  exit 1
fi
rm -f "$log"
"$browser" --version
