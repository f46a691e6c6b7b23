"""Installing and testing say nothing but what matters: no warnings from collecting the suite."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_collecting_the_suite_warns_of_nothing():
    """pytest reads every test module's names; a closed rdflib namespace among them (XSD) warns
    '_mock_name is not defined in namespace XSD' when probed."""
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "warning" not in done.stdout.lower(), done.stdout[-2000:]


def test_the_test_script_leaves_the_readmes_venv_alone():
    """The README installs into .venv with `pip install .`; scripts/test.sh must not turn that into an
    editable install behind the user's back, but use a venv of its own and say so."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    script = (REPO / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert "python3 -m venv .venv && .venv/bin/pip install ." in readme
    commands = [line for line in script.splitlines() if line and not line.startswith("#")]
    assert "VENV=.venv-test" in commands
    assert not any(".venv/" in line or line.endswith(" .venv") for line in commands), commands
    assert "leaves the README's .venv alone" in script and ".venv-test" in readme
