#!/usr/bin/env bash
# Install Debian packages for the tests unless PROGRAM is already there: apt-install.sh PROGRAM PACKAGE...
# Idempotent; needs root when something is missing (CI runs as root). No service a package
# brings is started (policy-rc.d): the tests start what they need themselves, in temporary folders.
set -euo pipefail

program=$1
shift
if [ -x "$program" ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "$(basename "$0"): $program is missing and installing $* needs root; run: sudo $0 $program $*" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "$@" >/dev/null
echo "installed $* ($program)"
