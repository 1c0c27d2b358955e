# SPDX-License-Identifier: GPL-3.0-or-later
"""In-process rows: the Python package against the Python tools in the same process, same inputs.

    bash Benchmarks/peers/inprocess.sh        (installs ./python into the peers' environment)

For each task: the peer's median time, the package's, their ratio, and the cost of the call itself:
the package's wall time minus the seconds the library reports it spent inside (`ip_elapsed`),
as a share of the latter. Issue 25 asks for that share to stay under 5 %.
"""
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import workloads  # noqa: E402
import interphase as ip  # noqa: E402


def median_time(f, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def package_time(f, runs):
    """Median wall time and median in-library time of `f`, which makes package calls and returns
    their results (one or a list); each result's record is read, as a user would."""
    wall, inside = [], []
    for _ in range(runs):
        t = time.perf_counter()
        results = f()
        results = results if isinstance(results, list) else [results]
        for r in results:
            r.to_dict()
        wall.append(time.perf_counter() - t)
        # A stack's results share one call (one handle): its time counts once.
        handles = {id(r._handle): r._handle for r in results}
        inside.append(sum(h.elapsed() for h in handles.values()))
    return statistics.median(wall), statistics.median(inside)


def silent(f):
    """The peer functions print their JSON record, as the command would; not timed to a terminal."""
    import contextlib
    import io

    def g():
        with contextlib.redirect_stdout(io.StringIO()):
            f()
    return g


def main(work, runs=5):
    work = Path(work)
    rows = []
    mat = work / "mat_2048.png"
    rows.append(("fibre pipeline 2048² PNG, diameters only", "scikit-image",
                 median_time(silent(lambda: workloads.fibres(str(mat))), runs),
                 package_time(lambda: ip.sem.fibers(mat, pixel_size="50nm", sweep=False, orientation=False), runs)))
    files = sorted((work / "f1s").glob("*.csv"))[:20]
    data = [np.loadtxt(p, delimiter=",", skiprows=1) for p in files]

    def peer_fits():
        for d in data:
            workloads.fit_f1s(d[:, 0], d[:, 1])

    def package_fits():
        return [ip.xps.fit(binding_energy=d[:, 0], intensity=d[:, 1], preset="f1s-sei", background="shirley", single_model=True)
                for d in data]

    rows.append((f"F 1s fits with covariance, {len(data)} spectra as arrays", "lmfit + lmfitxps",
                 median_time(peer_fits, runs), package_time(package_fits, runs)))
    if all(np.array_equal(d[:, 0], data[0][:, 0]) for d in data):
        stack = np.array([d[:, 1] for d in data])
        rows.append((f"the same {len(data)} fits as one stack (`intensity` 2-D, one call)", "lmfit + lmfitxps", median_time(peer_fits, runs),
                     package_time(lambda: ip.xps.fit(binding_energy=data[0][:, 0], intensity=stack, preset="f1s-sei",
                                                      background="shirley", single_model=True), runs)))
    rows.append(("F 1s fit, default (model average over ~100 models), 1 spectrum", "—", None,
                 package_time(lambda: ip.xps.fit(binding_energy=data[0][:, 0], intensity=data[0][:, 1], preset="f1s-sei"), runs)))
    x, y = workloads.asls_input()
    rows.append(("FTIR bands of a 7000-point spectrum (arrays in)", "—", None,
                 package_time(lambda: ip.ftir.peaks(x=x, y=y), runs)))
    print("| work (in one Python process, same inputs) | peer | peer time | interphase (package) | ratio | call overhead |")
    print("|---|---|---|---|---|---|")
    for label, peer, peer_t, (wall, inside) in rows:
        overhead = (wall - inside) / inside
        ratio = f"{peer_t / wall:.1f}×" if peer_t else "—"
        pt = f"{peer_t:.3f} s" if peer_t else "—"
        print(f"| {label} | {peer} | {pt} | {wall:.4f} s (library {inside:.4f} s) | {ratio} | {100 * overhead:.1f} % {'✓' if overhead < 0.05 else '✗'} |")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5)
