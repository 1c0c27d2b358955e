#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The in-process rows (inprocess.py): installs the Python package into the peers' virtual
# environment (run.sh creates it) and times it against the peers in the same process.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/venv.sh"
"$py" -m pip install -q "$root/python"
work="${PEERS_WORK:-$(mktemp -d)}"
[ -f "$work/asls.csv" ] || "$py" "$here/workloads.py" make "$work"
cd "$here" && "$py" inprocess.py "$work" "${RUNS:-5}"
