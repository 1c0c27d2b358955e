#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Side by side, whole processes on the same files: `interphase` against the Python stack a user
# would otherwise run. Creates a virtual environment from PyPI, writes the shared inputs, times each
# side 5 times (median wall time and its spread, peak RSS), and prints one table.
#   bash Benchmarks/peers/run.sh            (about 4 minutes after the first install)
# Then the kernel table: the same kernels in process on the same files (Benchmarks/PeerKernels
# against `workloads.py kernels`, and the FFT rows against raw FFTW in fftw_raw.c), with the target
# of issue 6 for each row. More kernels: `cd Benchmarks && swift package benchmark`, RESULTS.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/venv.sh"
(cd "$root" && swift build -c release --product interphase >/dev/null)
(cd "$root/Benchmarks" && swift build -c release --product PeerKernels >/dev/null)
ip="$root/.build/release/interphase"
work="${PEERS_WORK:-$(mktemp -d)}"
[ -f "$work/asls.csv" ] || "$py" "$here/workloads.py" make "$work"
runs="${RUNS:-5}"

# median and range of wall seconds, max of peak RSS (MiB), over $runs runs of a command.
measure() {
  local out="$work/times"; : > "$out"
  for _ in $(seq "$runs"); do /usr/bin/time -f "%e %M" -a -o "$out" "$@" > /dev/null; done
  sort -n "$out" | awk '{t[NR]=$1; if ($2>m) m=$2} END {printf "%s %s %s %.0f\n", t[int((NR+1)/2)], t[1], t[NR], m/1024}'
}

row() { # work, python command, interphase command
  local label="$1"; shift
  local sep; for ((i=1; i<=$#; i++)); do [ "${!i}" = "::" ] && sep=$i; done
  local pyc=("${@:1:sep-1}") ipc=("${@:sep+1}")
  read -r pm plo phi pmem < <(measure "${pyc[@]}")
  read -r im ilo ihi imem < <(measure "${ipc[@]}")
  # TARGET="ratio,MiB" (issue 6's target for the row, if it has one) adds a verdict.
  awk -v l="$label" -v pm="$pm" -v plo="$plo" -v phi="$phi" -v pmem="$pmem" -v im="$im" -v ilo="$ilo" -v ihi="$ihi" -v imem="$imem" -v t="${TARGET:-}" \
    'BEGIN { r = (im > 0 ? pm / im : 0); v = ""
             if (t != "") { split(t, a, ","); v = sprintf("≥ %d×, ≤ %d MiB %s", a[1], a[2], (r >= a[1] && imem <= a[2]) ? "✓" : "✗") }
             printf "| %s | %.2f s (%.2f–%.2f) | %s MiB | %.2f s (%.2f–%.2f) | %s MiB | %.1f× | %s |\n", l, pm, plo, phi, pmem, im, ilo, ihi, imem, r, v }'
}

echo "| work (whole process, same files) | Python | peak | interphase | peak | ratio | target |"
echo "|---|---|---|---|---|---|---|"
for n in 2048 4096; do
  target=""; [ "$n" = 4096 ] && target="10,200"
  TARGET="$target" row "fibre pipeline $n² PNG (contract command)" "$py" "$here/workloads.py" fibres "$work/mat_$n.png" :: \
      "$ip" sem fibers "$work/mat_$n.png" --pixel-size 50nm --json -
  row "fibre pipeline $n² PNG, no threshold sweep" "$py" "$here/workloads.py" fibres "$work/mat_$n.png" :: \
      "$ip" sem fibers "$work/mat_$n.png" --pixel-size 50nm --no-sweep --json -
  row "fibre pipeline $n² PNG, diameters and sweep (--no-orientation)" "$py" "$here/workloads.py" fibres "$work/mat_$n.png" :: \
      "$ip" sem fibers "$work/mat_$n.png" --pixel-size 50nm --no-orientation --json -
  # Closest to the Python side's work: no sweep and no orientation (the skeleton graph, junction
  # exclusion and statistics stay).
  row "fibre pipeline $n² PNG, diameters only (--no-sweep --no-orientation)" "$py" "$here/workloads.py" fibres "$work/mat_$n.png" :: \
      "$ip" sem fibers "$work/mat_$n.png" --pixel-size 50nm --no-sweep --no-orientation --json -
done
files=("$work"/f1s/*.csv)
# The Python side fits one model per file, so these rows do too (--single-model); the default
# model average fits about 100 models per file and is timed on its own in RESULTS.md.
row "F 1s fits with covariance, ${#files[@]} files" "$py" "$here/workloads.py" f1s "${files[@]}" :: \
    "$ip" xps fit "${files[@]}" --preset f1s-sei --background shirley --single-model --json -
row "F 1s fits, active background, ${#files[@]} files" "$py" "$here/workloads.py" f1s "${files[@]}" :: \
    "$ip" xps fit "${files[@]}" --preset f1s-sei --single-model --json -
echo
# Kernels, in ROUNDS alternating rounds (a shared machine drifts: alternation spreads any slow spell
# over both sides). Each round: Interphase first (its MEASURE plans are saved as wisdom, so fftw_raw
# executes the same plans), then raw FFTW, then the Python tools. The table takes, per kernel, the
# median of the rounds' medians and the range over every sample.
cc -O2 "$here/fftw_raw.c" -o "$work/fftw_raw" -lfftw3 -lm
: > "$work/interphase.jsonl"; : > "$work/peers.jsonl"
for _ in $(seq "${ROUNDS:-3}"); do
  "$root/Benchmarks/.build/release/PeerKernels" "$work" >> "$work/interphase.jsonl"
  { "$work/fftw_raw" "$work/fftw.wisdom"; "$py" "$here/workloads.py" kernels "$work"; } 2>/dev/null | grep '^{' >> "$work/peers.jsonl"
done
"$py" "$here/workloads.py" table "$work/peers.jsonl" "$work/interphase.jsonl"
echo
echo "Python: $("$py" -c 'import scipy, skimage, lmfit, numpy; print(f"numpy {numpy.__version__}, scipy {scipy.__version__}, scikit-image {skimage.__version__}, lmfit {lmfit.__version__}")')."
echo "interphase: release build; $(nproc) cores; inputs in $work."
