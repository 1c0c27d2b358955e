# SPDX-License-Identifier: GPL-3.0-or-later
from concurrent.futures import ThreadPoolExecutor

import interphase as ip
from conftest import ROOT, synthetic_f1s

MAT = ROOT / "Images" / "nanofiber_diameterj.tif"
SPC = ROOT / "Spectra" / "polystyrene_film.SPC"


def test_calls_from_several_threads_give_the_sequential_numbers():
    be, counts, _ = synthetic_f1s(seed=9)
    jobs = [lambda: ip.xps.fit(binding_energy=be, intensity=counts, preset="f1s-sei").to_dict(),
            lambda: ip.sem.fibers(MAT, sweep=False).to_dict(),
            lambda: ip.ftir.peaks(SPC).to_dict()] * 3
    sequential = [job() for job in jobs]
    with ThreadPoolExecutor(max_workers=6) as pool:
        threaded = list(pool.map(lambda job: job(), jobs))
    assert threaded == sequential


def test_figures(tmp_path):
    for name, result in [("xps", ip.xps.fit(binding_energy=synthetic_f1s()[0], intensity=synthetic_f1s()[1], preset="f1s-sei")),
                         ("ftir", ip.ftir.peaks(SPC)), ("sem", ip.sem.fibers(MAT, orientation=False, sweep=False))]:
        for ext in ("png", "svg", "pdf"):
            path = tmp_path / f"{name}.{ext}"
            result.figure(path)
            assert path.stat().st_size > 1000
        png = result._repr_png_()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
    with_bad_extension = tmp_path / "figure.bmp"
    try:
        ip.ftir.peaks(SPC).figure(with_bad_extension)
    except ip.InvalidRequestError as e:
        assert "format" in str(e)
    else:
        raise AssertionError("a .bmp figure was accepted")


def test_version():
    assert ip.library_version() == ip.__version__


def test_the_gil_is_released_during_a_call():
    """A Python thread keeps running while the library works: ctypes.CDLL releases the GIL.
    With the GIL held, the counting thread could run only between the switch intervals (5 ms)
    around the call, a few per cent of it; with it released, most of it."""
    import threading
    import time

    import numpy as np

    image = np.tile(ip.read(MAT).pixels, (2, 2))  # 1024², a call of a few hundred ms
    counts = {"n": 0}
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            counts["n"] += 1

    t = threading.Thread(target=spin)
    t.start()
    try:
        time.sleep(0.05)
        a, t0 = counts["n"], time.perf_counter()
        time.sleep(0.1)  # the counting rate with the main thread idle
        rate = (counts["n"] - a) / (time.perf_counter() - t0)
        b, t1 = counts["n"], time.perf_counter()
        ip.sem.fibers(image=image, orientation=False)
        during, elapsed = counts["n"] - b, time.perf_counter() - t1
    finally:
        stop.set()
        t.join()
    assert elapsed > 0.05
    assert during > 0.2 * rate * elapsed, (during, rate * elapsed)
