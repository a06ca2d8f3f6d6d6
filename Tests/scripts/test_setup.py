"""scripts/setup.sh decides what to install from what the machine can do, not from what it says."""
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def missing_with(tmp_path, python_body):
    """What setup.sh would install with `python3` replaced by a script of `python_body`."""
    shim = tmp_path / "bin"
    shim.mkdir()
    fake = shim / "python3"
    fake.write_text(f"#!/bin/sh\n{python_body}\n")
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{shim}:{os.environ['PATH']}", "SETUP_DRY_RUN": "1"}
    out = subprocess.run(["bash", str(ROOT / "scripts/setup.sh")], env=env, capture_output=True, text=True, check=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("missing:"))
    return line.split()[1:]


def test_a_python_without_ensurepip_needs_python3_venv(tmp_path):
    # Debian's python3 without python3-venv: `-m venv --help` works, `import ensurepip` does not.
    body = 'case "$*" in *"import ensurepip"*) exit 1;; *venv*) exit 0;; *) exec ' + sys.executable + ' "$@";; esac'
    assert "python3-venv" in missing_with(tmp_path, body)


def test_a_python_with_ensurepip_needs_nothing_more(tmp_path):
    assert "python3-venv" not in missing_with(tmp_path, f'exec {sys.executable} "$@"')
