#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The in-process rows (inprocess.py): installs the Python package into the peers' virtual
# environment (run.sh creates it) and times it against the peers in the same process.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${PEERS_VENV:-$here/.venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q numpy scipy scikit-image lmfit lmfitxps pybaselines pillow
fi
"$venv/bin/pip" install -q "$root/python"
work="${PEERS_WORK:-$(mktemp -d)}"
[ -f "$work/asls.csv" ] || "$venv/bin/python" "$here/workloads.py" make "$work"
cd "$here" && "$venv/bin/python" inprocess.py "$work" "${RUNS:-5}"
