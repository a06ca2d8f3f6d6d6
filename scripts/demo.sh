#!/usr/bin/env bash
# The demo, on a fresh machine: installs what is missing, builds, and runs the gateway on :10088
# in front of MockArena replaying the bundled fixtures. Arguments go to `lmarena2api demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec swift run lmarena2api demo "$@"
