#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run them. Extra arguments go to
# pytest (e.g. scripts/test.sh -k competency).
#
# What it does: creates (or reuses) its own virtual environment, .venv-test, and installs there
# the package as a user would (pip install ., which pip builds afresh from the working tree on
# every run) with its test and notebook extras; then Debian's chromium for the browser tests of
# the pictures and the site, and Debian's Virtuoso for the tests that run every canned query on
# real SPARQL servers, which the tests start themselves on loopback in temporary folders (both need
# root, see apt-install.sh), and axe-core from npm for the site's accessibility checks. Then the
# static checks, ruff and mypy (strict on the store layer, as pyproject.toml says), and pytest.
# It leaves the README's .venv alone.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv-test
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
echo "scripts/test.sh: installing the package and its test extras into $VENV" >&2
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet '.[test,notebooks]'
bash scripts/install-browser.sh
bash scripts/install-virtuoso.sh
npm ci --prefix tests/browser --no-audit --no-fund --silent  # axe-core, which the site's browser tests run in each page
"$VENV/bin/ruff" check oscb_graph tests benchmarks
"$VENV/bin/mypy" oscb_graph
exec "$VENV/bin/python" -m pytest "$@"
