#!/usr/bin/env bash
# Documentation check (run by the README's test command, so by CI):
#  1. every library module has a DocC catalog, and DocC builds each one with warnings as errors
#     (broken symbol links, missing articles);
#  2. every public declaration carries a doc comment, except those still listed in
#     scripts/undocumented.txt (the list may only shrink: a listed symbol that is now documented,
#     or gone, is an error too, so the list stays exact).
# Usage: scripts/check-docs.sh [--update]   (--update rewrites the list from the current code)
set -euo pipefail
cd "$(dirname "$0")/.."
modules=(InterphaseCore InterphaseReport FTIR XPS SEM InterphaseIO InterphaseFigures Interphase InterphaseC)
graphs=.build/symbolgraph-check
rm -rf "$graphs" && mkdir -p "$graphs"
swift package dump-symbol-graph --minimum-access-level public --skip-synthesized-members >/dev/null 2>"$graphs/dump.log" \
  || { cat "$graphs/dump.log"; exit 1; }
src=$(ls -d .build/*/symbolgraph | head -1)
status=0
for m in "${modules[@]}"; do
  catalog="Sources/$m/$m.docc"
  if [ ! -d "$catalog" ]; then echo "docs: $m has no DocC catalog ($catalog)"; status=1; continue; fi
  mkdir -p "$graphs/$m"
  cp "$src/$m.symbols.json" "$graphs/$m/"
  cp "$src/$m"@*.symbols.json "$graphs/$m/" 2>/dev/null || true
  if ! docc convert "$catalog" --additional-symbol-graph-dir "$graphs/$m" --output-dir "$graphs/$m.doccarchive" \
       --fallback-display-name "$m" --fallback-bundle-identifier "org.interphase.$m" \
       --warnings-as-errors >"$graphs/$m.log" 2>&1; then
    echo "docs: DocC reports problems in $m:"; grep -E "warning|error" "$graphs/$m.log" | head -40; status=1
  fi
done
swift scripts/DocCoverage.swift "$src" scripts/undocumented.txt "${1:-}" "${modules[@]}" || status=1
[ $status -eq 0 ] && echo "docs: ${#modules[@]} catalogs build without warnings; coverage list exact"
exit $status
