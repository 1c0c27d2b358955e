# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by run.sh and inprocess.sh: the peers' virtual environment from PyPI ($venv, $py), created
# on first use, and the repository root ($root). Expects $here (this directory).
root="$(cd "$here/../.." && pwd)"
venv="${PEERS_VENV:-$here/.venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q numpy scipy scikit-image lmfit lmfitxps pybaselines pillow
fi
py="$venv/bin/python"
