#!/usr/bin/env bash
# Install Debian's chromium for the browser tests (pictures and site), and npm for axe-core.
# Idempotent: does nothing when /usr/bin/chromium is already there. Needs root (CI runs as root).
# Playwright drives this chromium through executable_path; it never downloads a browser of its own.
set -euo pipefail

if [ -x /usr/bin/chromium ] && command -v npm >/dev/null; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-browser.sh: /usr/bin/chromium is missing and installing it needs root; run: sudo $0" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
command -v npm >/dev/null || apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null  # axe-core for the site's tests
/usr/bin/chromium --version
