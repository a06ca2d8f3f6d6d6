#!/usr/bin/env bash
# Installs what building and testing lmarena2api needs on a fresh Debian machine that has the
# Swift toolchain: libxml2's development files, pkg-config, curl and Python's venv. The demo and
# the test command both run it first; it does nothing when everything is there.
set -euo pipefail

missing=()
pkg-config --exists libxml-2.0 2>/dev/null || missing+=(libxml2-dev pkg-config)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# `python3 -m venv --help` succeeds without python3-venv on Debian: creating a venv needs ensurepip.
python3 -c 'import ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
# SETUP_DRY_RUN=1 says what would be installed and installs nothing (the tests use it).
if [ -n "${SETUP_DRY_RUN:-}" ]; then
  echo "missing: ${missing[*]}"
  exit 0
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "lmarena2api needs these Debian packages: ${missing[*]} (apt-get install them as root)" >&2
    exit 1
  fi
  run=(); [ "$(id -u)" -ne 0 ] && run=(sudo)
  echo "installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${run[@]}" apt-get update -qq
  "${run[@]}" apt-get install -y -qq "${missing[@]}"
fi
