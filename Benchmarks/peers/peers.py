#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Python tools a user would otherwise run, on the same inputs as Benchmarks/CoreBenchmarks
(same deterministic formulas): numpy/scipy rfft and scipy curve_fit / lmfit for the pseudo-Voigt fits.
Prints median seconds per call. Run: python3 peers.py  (needs numpy, scipy; lmfit optional)."""
import math, time, statistics
import numpy as np
from scipy.optimize import curve_fit
import scipy.fft

def noise(i):
    v = math.sin(i * 12.9898) * 43758.5453
    return 2 * (v - math.floor(v)) - 1

def pv(x, c, w, a, eta):
    g = w / 2
    lor = a / math.pi * g / ((x - c) ** 2 + g * g)
    s = w / 2.3548200450309493
    gau = a / (s * 2.5066282746310002) * np.exp(-0.5 * (x - c) ** 2 / (s * s))
    return eta * lor + (1 - eta) * gau

THREE = [(1726, 18, 20, 0.4), (1690, 22, 6, 0.4), (1640, 25, 8, 0.4)]
EIGHT = [(1726, 18, 20, 0.4), (1640, 25, 8, 0.4), (1450, 20, 6, 0.3), (1400, 16, 5, 0.3),
         (1240, 24, 9, 0.5), (1191, 22, 10, 0.5), (1148, 22, 12, 0.5), (877, 14, 4, 0.3)]

def spectrum(bands, lo, hi, n):
    x = np.array([lo + (hi - lo) * i / (n - 1) for i in range(n)])
    y = 0.02 + 1e-5 * (x - lo) + sum(pv(x, *b) for b in bands) + 0.004 * np.array([noise(i) for i in range(n)])
    return x, y

import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workloads import timeit as _timeit  # the same timer run.sh's kernel table uses

def timeit(f, min_time=0.2, samples=7):
    return _timeit(f, min_time, samples)

def report(name, r):
    print(f"| {name} | {r[0]*1e6:.1f} µs | {r[1]*1e6:.1f}–{r[2]*1e6:.1f} µs |")

print("| work | median | spread |\n|---|---|---|")
for n in (4096, 65536):
    x = np.array([noise(i) for i in range(n)])
    report(f"numpy.fft.rfft {n}", timeit(lambda: np.fft.rfft(x)))
    report(f"scipy.fft.rfft {n}", timeit(lambda: scipy.fft.rfft(x)))
img = np.array([noise(i) for i in range(1024 * 1024)], dtype=np.float32).reshape(1024, 1024)
report("scipy.fft.rfft2 1024² float32", timeit(lambda: scipy.fft.rfft2(img)))

for name, bands, lo, hi, n in [("3 pV + line, 389 pts", THREE, 1600, 1800, 389), ("8 pV + line, 1944 pts", EIGHT, 800, 1800, 1944)]:
    x, y = spectrum(bands, lo, hi, n)
    p0 = [v for b in bands for v in (b[0] + 4, b[1] * 1.2, b[2] * 0.7, 0.5)] + [0.0, 0.0]
    nb = len(bands)
    def model(x, *p):
        v = p[4 * nb] + p[4 * nb + 1] * (x - lo)
        for k in range(nb):
            v = v + pv(x, p[4 * k], p[4 * k + 1], p[4 * k + 2], p[4 * k + 3])
        return v
    lower = [v for _ in bands for v in (-np.inf, 1, 0, 0)] + [-np.inf, -np.inf]
    upper = [v for _ in bands for v in (np.inf, np.inf, np.inf, 1)] + [np.inf, np.inf]
    report(f"scipy curve_fit (LM, unbounded) {name}", timeit(lambda: curve_fit(model, x, y, p0=p0), samples=5))
    report(f"scipy curve_fit (TRF, bounded) {name}", timeit(lambda: curve_fit(model, x, y, p0=p0, bounds=(lower, upper)), samples=5))
    try:
        import lmfit
        params = lmfit.Parameters()
        for k, v in enumerate(p0):
            params.add(f"p{k}", value=v, min=lower[k], max=upper[k])
        def resid(pars):
            return model(x, *[pars[f"p{k}"].value for k in range(len(p0))]) - y
        report(f"lmfit.minimize (leastsq, bounded) {name}", timeit(lambda: lmfit.minimize(resid, params), samples=5))
    except ImportError:
        print(f"| lmfit not installed: skipped {name} | | |")

# --- FTIR: baselines (pybaselines) and the interferogram recipe in numpy, on the same inputs ---
try:
    from pybaselines import Baseline
    x = np.array([400 + 0.5 * i for i in range(7201)])
    bands = [(1726, 1.0, 22), (1640, 0.35, 30), (1450, 0.3, 20), (1400, 0.4, 18), (1240, 0.45, 26), (1191, 0.55, 24), (1148, 0.7, 26), (877, 0.3, 14), (841, 0.25, 14)]
    y = 0.15 + 0.25 * np.exp(-(x - 400) / 1400) + 4e-5 * (x - 400)
    for c, h, w in bands:
        y = y + h * np.exp(-4 * np.log(2) * (x - c) ** 2 / w ** 2)
    y = y + 0.003 * np.array([noise(i) for i in range(7201)])
    fitter = Baseline(x)
    report("pybaselines asls λ=1e9 p=0.002, 7201 pts", timeit(lambda: fitter.asls(y, lam=1e9, p=0.002)))
    report("pybaselines arpls λ=1e9, 7201 pts", timeit(lambda: fitter.arpls(y, lam=1e9)))
    report("pybaselines airpls λ=1e9, 7201 pts", timeit(lambda: fitter.airpls(y, lam=1e9)))
    report("pybaselines modpoly order 3, 7201 pts", timeit(lambda: fitter.modpoly(y, poly_order=3)))
    report("pybaselines snip half-window 120, 7201 pts", timeit(lambda: fitter.snip(y, max_half_window=120)))
    report("pybaselines rubberband, 7201 pts", timeit(lambda: fitter.rubberband(y)))
except ImportError:
    print("| pybaselines not installed: skipped | | |")

def transform(ifg, n=16384, zpd=64, laser=15798.26, ssp=2):
    yv = ifg - ifg.mean()
    N = len(yv); left, right = zpd, N - 1 - zpd
    xi = np.arange(N) - zpd
    w = 0.54 + 0.46 * np.cos(np.pi * np.abs(xi) / right)
    ramp = np.clip((xi + left) / (2 * left), 0, 1)
    w = w * ramp
    rot = np.zeros(n); idx = np.where(xi >= 0, xi, n + xi); rot[idx] = yv * w
    F = np.fft.rfft(rot)
    piece = np.zeros(n); sel = np.abs(xi) <= left
    piece[idx[sel]] = yv[sel] * (1 - np.abs(xi[sel]) / (left + 1))
    P = np.fft.rfft(piece); phi = np.arctan2(P.imag, P.real)
    return F.real * np.cos(phi) + F.imag * np.sin(phi)

s = 40 / 2.3548200450309493; dx = 2 / (2 * 15798.26)
xs = (np.arange(4160) - 64) * dx
ifg = np.exp(-2 * np.pi**2 * s**2 * xs**2) * (np.cos(2 * np.pi * 1000 * xs + 0.3) + 0.5 * np.cos(2 * np.pi * 2500 * xs + 0.3)) + 0.001 * np.array([noise(i) for i in range(4160)])
report("numpy interferogram 4160 pts → single beam (HG, Mertz, N=16384)", timeit(lambda: transform(ifg)))

# XPS: the same F 1s file the Swift benchmarks read (peers/f1s.csv: 301 points, 3 GL(30) components,
# LiF fraction 0.45 by construction). lmfit with a subtracted iterative Shirley, and lmfitxps's
# Tougaard background (pip install lmfitxps).
import os
here = os.path.dirname(os.path.abspath(__file__))
d = np.loadtxt(os.path.join(here, "f1s.csv"), delimiter=",", skiprows=1)
be, counts = d[:, 0], d[:, 1]
try:
    import lmfit
    from lmfitxps.backgrounds import shirley_calculate, tougaard_calculate, tougaard

    import sys
    sys.path.insert(0, here)
    from workloads import fit_f1s  # the same model run.sh times as a whole process

    def f1s_fit():
        return fit_f1s(be, counts)[0]

    r, lif = fit_f1s(be, counts)
    v = r.params.valuesdict()
    print("| lmfit F1s: " + ", ".join(f"{k}={v[k]:.3f}" for k in v) + f"; {r.message} nfev={r.nfev} | | |")
    print(f"| lmfit F1s LiF fraction (static Shirley): {lif:.4f} (truth 0.45), errorbars={r.errorbars} | | |")
    report("lmfit 3 GL(30) + Shirley (lmfitxps shirley_calculate) with covariance, 301 pts", timeit(f1s_fit, samples=5))
    report("lmfitxps shirley_calculate, 301 pts", timeit(lambda: shirley_calculate(be[::-1], counts[::-1])))
    # lmfitxps caches the last input: perturb it so every call computes (an uncached evaluation).
    bump = iter(range(10**9))
    report("lmfitxps tougaard (one U2 evaluation, uncached), 301 pts",
           timeit(lambda: tougaard(be[::-1], counts[::-1] * (1 + 1e-12 * next(bump)), 2866, 1643, 1, 0)))
    report("lmfitxps tougaard_calculate (U2, B iterated to the ends), 301 pts",
           timeit(lambda: tougaard_calculate(be[::-1], counts[::-1], 2866, 1643, 1, 0), min_time=0.5, samples=3))
except ImportError as e:
    print(f"| lmfit/lmfitxps not installed ({e}): XPS peers skipped | | |")

# ---- SEM: the same deterministic fibre mat as Benchmarks/CoreBenchmarks/SEMBenchmarks.swift ----
try:
    from scipy import ndimage
    import skimage
    from skimage.morphology import skeletonize
    from skimage.filters import threshold_otsu, threshold_sauvola, gaussian
    from skimage.measure import label

    def sem_hash(i):
        v = math.sin(i * 12.9898) * 43758.5453
        return v - math.floor(v)

    def sem_mask(n):
        m = np.zeros((n, n), dtype=bool)
        yy, xx = np.mgrid[0:n, 0:n].astype(float)
        for i in range(8 * n // 256):
            cx, cy, t = sem_hash(3 * i) * n, sem_hash(3 * i + 1) * n, sem_hash(3 * i + 2) * math.pi
            m |= np.abs((xx - cx) * -math.sin(t) + (yy - cy) * math.cos(t)) < 4.5
        return m

    def pipeline(img):
        s = gaussian(img, sigma=1, preserve_range=True)
        m = s > threshold_otsu(s)
        d = ndimage.distance_transform_edt(m)
        sk = skeletonize(m)
        return 2 * d[sk].mean()

    for n in (2048, 4096):
        m = sem_mask(n)
        img = np.where(m, 200.0, 40.0).astype(np.float32)
        report(f"SEM scipy distance_transform_edt {n}²", timeit(lambda: ndimage.distance_transform_edt(m), min_time=0.5, samples=3))
        report(f"SEM skimage skeletonize (zhang) {n}²", timeit(lambda: skeletonize(m), min_time=0.5, samples=3))
        report(f"SEM skimage threshold_otsu {n}²", timeit(lambda: threshold_otsu(img), min_time=0.5, samples=3))
        report(f"SEM skimage label {n}²", timeit(lambda: label(m, connectivity=2), min_time=0.5, samples=3))
        report(f"SEM pipeline gaussian+otsu+EDT+skeleton+diameters {n}²", timeit(lambda: pipeline(img), min_time=0.5, samples=3))
    img2 = np.where(sem_mask(2048), 200.0, 40.0)
    report("SEM skimage threshold_sauvola w=51 2048²", timeit(lambda: threshold_sauvola(img2, window_size=51), min_time=0.5, samples=3))
except ImportError as e:
    print(f"| scikit-image not installed ({e}): SEM peers skipped | | |")
