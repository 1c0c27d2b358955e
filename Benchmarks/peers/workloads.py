#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Inputs and the Python side of run.sh. `make DIR` writes the shared inputs; `fibres PNG` and
`f1s FILE...` are what a user would otherwise run, as whole processes on the same files."""
import json, math, os, sys

def sem_hash(i):
    v = math.sin(i * 12.9898) * 43758.5453
    return v - math.floor(v)

def make(out):
    import numpy as np
    from PIL import Image
    os.makedirs(out, exist_ok=True)
    # The deterministic fibre mat of SEMBenchmarks.swift / peers.py, with Poisson-like noise, 8-bit PNG.
    for n in (2048, 4096):
        yy, xx = np.mgrid[0:n, 0:n].astype(np.float32)
        m = np.zeros((n, n), dtype=bool)
        for i in range(8 * n // 256):
            cx, cy, t = sem_hash(3 * i) * n, sem_hash(3 * i + 1) * n, sem_hash(3 * i + 2) * math.pi
            m |= np.abs((xx - cx) * -math.sin(t) + (yy - cy) * math.cos(t)) < 4.5
        rng = np.random.default_rng(n)
        img = np.clip(np.where(m, 200.0, 40.0) + rng.normal(0, 12, (n, n)), 0, 255).astype(np.uint8)
        Image.fromarray(img).save(os.path.join(out, f"mat_{n}.png"))
    # 200 F 1s spectra: three GL(30) components (LiF share 0.35-0.55), Shirley-type background, Poisson counts.
    e = np.arange(680.0, 695.0001, 0.05)
    def gl(x, c, f, m=0.3):
        u = (x - c) / f
        return np.exp(-4 * np.log(2) * (1 - m) * u * u) / (1 + 4 * m * u * u)
    rng = np.random.default_rng(7)
    os.makedirs(os.path.join(out, "f1s"), exist_ok=True)
    for k in range(200):
        lif = 0.35 + 0.2 * k / 199
        shares = [(685.1, 1.7, lif), (686.9, 1.8, (1 - lif) * 0.55), (688.7, 1.9, (1 - lif) * 0.45)]
        peaks = sum(5200 * a * gl(e, c, f) / (f * 1.2585) for c, f, a in shares)  # 1.2585 ≈ ∫GL(30) du
        cum = np.cumsum(peaks) * 0.05
        y = rng.poisson(peaks + 300 + 4 * (e - 680) + 0.06 * cum)
        with open(os.path.join(out, "f1s", f"f1s_{k:03d}.csv"), "w") as fh:
            fh.write("Binding Energy (eV),Counts\n" + "".join(f"{a:.2f},{b}\n" for a, b in zip(e, y)))

def fibres(path):
    """Gaussian σ1, Otsu, EDT, Zhang-Suen skeleton, diameters = 2·EDT on the skeleton (DiameterJ's recipe)."""
    import numpy as np
    from PIL import Image
    from scipy import ndimage
    from skimage.filters import threshold_otsu, gaussian
    from skimage.morphology import skeletonize
    img = np.asarray(Image.open(path), dtype=np.float32)
    s = gaussian(img, sigma=1, preserve_range=True)
    m = s > threshold_otsu(s)
    d = ndimage.distance_transform_edt(m)
    sk = skeletonize(m)
    dia = 2 * d[sk] * 0.05
    print(json.dumps({"file": path, "diameter": {"mean": float(dia.mean()), "median": float(np.median(dia)), "sd": float(dia.std()), "unit": "µm"}}))

def fit_f1s(be, counts):
    """lmfit: 3 GL(30) on the lmfitxps Shirley-subtracted data, Poisson weights, covariance.
    Returns (lmfit result, LiF fraction). Also used by peers.py, so both time the same model."""
    import numpy as np, lmfit
    from lmfitxps.backgrounds import shirley_calculate
    def gl(x, c, f, h, m=0.3):
        u = (x - c) / f
        return h * np.exp(-4 * np.log(2) * (1 - m) * u * u) / (1 + 4 * m * u * u)
    # lmfitxps integrates toward the end of the array: hand it descending binding energy.
    bg = shirley_calculate(be[::-1], counts[::-1])[::-1]
    net = counts - bg
    params = lmfit.Parameters()
    for k, (c, lo, hi) in enumerate([(685.2, 684.5, 685.9), (686.8, 685.9, 687.9), (688.6, 687.9, 689.8)]):
        params.add(f"c{k}", c, min=lo, max=hi); params.add(f"f{k}", 1.6, min=0.8, max=2.6); params.add(f"h{k}", 800, min=0)
    sigma = np.sqrt(np.maximum(counts, 1))
    def resid(q):
        v = q.valuesdict()
        return (net - sum(gl(be, v[f"c{k}"], v[f"f{k}"], v[f"h{k}"]) for k in range(3))) / sigma
    r = lmfit.minimize(resid, params)
    v = r.params.valuesdict()
    areas = [v[f"h{k}"] * v[f"f{k}"] for k in range(3)]  # same shape: fractions need no shape integral
    return r, areas[0] / sum(areas)

def f1s(paths):
    import numpy as np
    for p in paths:
        d = np.loadtxt(p, delimiter=",", skiprows=1)
        r, lif = fit_f1s(d[:, 0], d[:, 1])
        print(json.dumps({"file": p, "lifFraction": lif, "errorbars": bool(r.errorbars)}))

if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"make": lambda: make(args[0]), "fibres": lambda: fibres(args[0]), "f1s": lambda: f1s(args)}[cmd]()
