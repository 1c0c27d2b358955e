#!/usr/bin/env bash
# Fuzzes the PNG, TIFF, delimited-text, JCAMP-DX, SPC, OPUS, OMNIC and XPS (VAMAS + CasaXPS comments,
# PHI .spe, SPECS .xy, Scienta) readers with libFuzzer + AddressSanitizer.
# Flags from SWIFT.md §6: only this combination keeps both instrumentations under SwiftPM.
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
seconds="${1:-60}"
swift build -c release --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --product fuzz-readers
mkdir -p corpus-work artifacts
# Seed with the project's own inputs: bundled spectra and images, generated fixtures, and corpus/.
cp -n corpus/* ../Spectra/* ../Images/* ../Tests/Fixtures/* corpus-work/ 2>/dev/null || true
# XPS fixtures when ../shared is beside the repository (not committed: seeds only).
cp -n ../../shared/fixtures/xps/*/*.{vms,npl,xy,spe,txt,csv} corpus-work/ 2>/dev/null || true
SWIFT_BACKTRACE=enable=no .build/release/fuzz-readers -max_total_time="$seconds" -rss_limit_mb=4096 \
  -malloc_limit_mb=2048 -artifact_prefix=artifacts/ corpus-work
