#!/usr/bin/env bash
# Fuzzes each reader with libFuzzer + AddressSanitizer, one target at a time (FUZZ_TARGET), each
# seeded with files of its own format, and keeps what crashes in Fuzz/artifacts/<target>/.
# Flags from SWIFT.md §6: only this combination keeps both instrumentations under SwiftPM.
#
#   bash scripts/fuzz.sh [seconds-per-target] [max-runs-per-target] [target ...]
#   bash scripts/fuzz.sh 600 1000000            # every target: 10 min or 10^6 executions
#   bash scripts/fuzz.sh 5 0 vamas tiff         # a smoke run of two targets
#
# Prints one line per target: executions, seconds, result. Exit status 1 when any target crashed.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/Fuzz"
seconds="${1:-60}"; runs="${2:-0}"; shift 2 2>/dev/null || shift $#
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(tiff png csv jcamp vamas specs phi scienta xps spc opus omnic semmeta)
swift build -c release --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --product fuzz-readers >/dev/null || exit 2
shared="$root/../shared/fixtures"

seeds() { # target -> seed files of its format (bundled, generated and, when present, ../shared)
  case "$1" in
    tiff|semmeta) ls "$root"/Images/*.tif "$root"/Tests/Fixtures/*.tif "$shared"/sem/*/*.tif ;;
    png) ls "$root"/Tests/Fixtures/*.png ;;
    csv) ls "$root"/Fuzz/corpus/*.csv "$root"/Spectra/*.CSV "$shared"/xps/LG4X/*.csv ;;
    jcamp) ls "$root"/Fuzz/corpus/*.jdx "$shared"/ftir/nzhagen_jcamp/*/*.{jdx,DX} ;;
    vamas) ls "$shared"/xps/*/*.vms ;;
    specs) ls "$shared"/xps/*/*.xy ;;
    phi) ls "$shared"/xps/*/*.spe ;;
    scienta) ls "$shared"/xps/pynxtools-xps/Ag_0001.txt ;;
    xps) ls "$shared"/xps/*/*.{vms,xy,spe,csv} "$shared"/xps/pynxtools-xps/Ag_0001.txt "$shared"/xps/pynxtools-xps/scienta/*.ibw ;;
    spc) ls "$root"/Spectra/*.SPC "$shared"/ftir/spectrochempy_data/galacticdata/*.SPC ;;
    opus) ls "$root"/Spectra/*.0000 ;;
    omnic) ls "$root"/Spectra/*.SPA "$shared"/ftir/spectrochempy_data/irdata/interferogram/*.SPA "$shared"/ftir/spectrochempy_data/irdata/carroucell/*.SPA "$shared"/ftir/spectrochempy_data/irdata/omnic_group/*.SPG ;;
  esac 2>/dev/null
}

failed=0
for t in "${targets[@]}"; do
  corpus="corpus-work/$t"; mkdir -p "$corpus" "artifacts/$t"
  for f in $(seeds "$t"); do cp -n "$f" "$corpus/" 2>/dev/null; done
  [ "$t" = semmeta ] && printf '[SemImageFile]\nPixelSize=12.5\n' > "$corpus/hitachi.txt" \
    && printf '$CM_FORMAT JEOL-SEM\n$$SM_MICRON_BAR 120\n$$SM_MICRON_MARKER 5um\n' > "$corpus/jeol.txt"
  log="artifacts/$t/last-run.log"
  start=$(date +%s)
  FUZZ_TARGET="$t" SWIFT_BACKTRACE=enable=no .build/release/fuzz-readers -max_total_time="$seconds" -runs="$([ "$runs" = 0 ] && echo -1 || echo "$runs")" \
    -max_len=262144 -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 \
    -artifact_prefix="artifacts/$t/" "$corpus" >"$log" 2>&1
  status=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  took=$(grep -o "Done [0-9]* runs in [0-9]* second" "$log" | grep -o "in [0-9]*" | grep -o "[0-9]*" || echo "$(( $(date +%s) - start ))")
  if [ $status -eq 0 ]; then echo "$t: $execs executions in ${took} s, no crash"
  else echo "$t: FAILED after $execs executions (${took} s); see Fuzz/$log and Fuzz/artifacts/$t/"; failed=1; fi
done
exit $failed
