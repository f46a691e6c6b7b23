#!/usr/bin/env bash
# Install Debian's Virtuoso for the tests that check every canned query against real SPARQL
# servers (tests/test_three_engines.py). Its system service is not started: the tests run it with
# a virtuoso.ini of their own in a temporary folder (tests/sparql_servers.py).
exec bash "$(dirname "$0")/apt-install.sh" /usr/bin/virtuoso-t virtuoso-opensource
