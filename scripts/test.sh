#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run them: a virtual environment
# with the package and its test and notebook extras, and Debian's chromium for the browser
# tests of the pictures. Extra arguments go to pytest (e.g. scripts/test.sh -k competency).
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test,notebooks]'
bash scripts/install-browser.sh
exec .venv/bin/python -m pytest "$@"
