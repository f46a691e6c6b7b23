#!/usr/bin/env bash
# Install Debian's Virtuoso for the tests that check every canned query against a real SPARQL
# server (tests/test_three_engines.py). Idempotent: does nothing when virtuoso-t is already there.
# Needs root (CI runs as root). The package's own service is never started here: the tests run
# Virtuoso with a virtuoso.ini of their own in a temporary folder (tests/sparql_servers.py).
set -euo pipefail

if [ -x /usr/bin/virtuoso-t ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-virtuoso.sh: /usr/bin/virtuoso-t is missing and installing it needs root; run: sudo $0" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d 101: the package installs without starting the system's Virtuoso service
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null
/usr/bin/virtuoso-t -? 2>&1 | sed -n 2p
