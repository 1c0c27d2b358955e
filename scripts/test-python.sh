#!/usr/bin/env bash
# The Python package's tests (run by the README's test command, so by CI): a fresh virtual
# environment, `pip install ./python` (which builds the Swift C ABI with -static-stdlib), then
# pytest. The comparisons with the command line use .build/release/interphase, which the test
# command has built before this runs.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/python-venv
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet ./python pytest
# From python/tests, so that `import interphase` is the installed package, not the source tree.
cd python/tests && "../../$venv/bin/python" -m pytest -q -rs .
