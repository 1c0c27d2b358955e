# SPDX-License-Identifier: GPL-3.0-or-later
"""The three user tasks from Python, drawn with matplotlib from the returned arrays.

    venv/bin/pip install ./python matplotlib
    venv/bin/python Examples/python/three_tasks.py [F1S_FILE] [SPECTRUM] [MICROGRAPH]

Without arguments it uses the bundled spectrum and micrograph and an F 1s spectrum generated
with a known LiF fraction of 0.45. Writes three_tasks.png.
"""
import sys
from pathlib import Path

import numpy as np
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import interphase as ip

ROOT = Path(__file__).resolve().parents[2]


def synthetic_f1s():
    be = np.arange(680.0, 695.0001, 0.05)
    gl = lambda c, w: np.exp(-4 * np.log(2) * 0.7 * ((be - c) / w) ** 2) / (1 + 1.2 * ((be - c) / w) ** 2)
    peaks = 1150 * gl(685.1, 1.7) + 720 * gl(686.9, 1.8) + 570 * gl(688.7, 1.9)
    return be, np.random.default_rng(1).poisson(peaks + 300 + 4 * (be - 680)).astype(float)


args = sys.argv[1:]
if len(args) > 0:
    xps = ip.xps.fit(args[0], preset="f1s-sei")
else:
    be, counts = synthetic_f1s()
    xps = ip.xps.fit(binding_energy=be, intensity=counts, preset="f1s-sei")
ftir = ip.ftir.peaks(args[1] if len(args) > 1 else ROOT / "Spectra" / "polystyrene_film.SPC")
sem = ip.sem.fibers(args[2] if len(args) > 2 else ROOT / "Images" / "nanofiber_diameterj.tif", orientation=False)

fig, (a, b, c) = plt.subplots(1, 3, figsize=(15, 4.5))
x = xps.curves
a.plot(x["binding_energy"], x["intensity"], ".", ms=2, color="0.4", label="data")
a.plot(x["binding_energy"], x["envelope"], "k", lw=1, label="envelope")
for name, curve in x["components"].items():
    a.fill_between(x["binding_energy"], x["background"], x["background"] + curve, alpha=0.4, label=name)
a.plot(x["binding_energy"], x["background"], "k--", lw=0.8)
a.invert_xaxis()
lif = xps.lif_fraction
a.set(xlabel="Binding energy (eV)", ylabel="Counts", title=f"LiF fraction {lif.value:.3f} [{lif.ci95[0]:.3f}, {lif.ci95[1]:.3f}]")
a.legend(fontsize=7)

f = ftir.curves
b.plot(f["x"], f["corrected"], color="0.3", lw=0.8, label="corrected")
b.plot(f["x"], f["fit"], color="C3", lw=0.8, label="fit")
for p in sorted(ftir.peaks, key=lambda p: -p.height)[:10]:  # the ten strongest
    b.annotate(f"{p.position:.0f}", (p.position, p.height), fontsize=6, ha="center", va="bottom")
b.invert_xaxis()
b.set(xlabel="Wavenumber (cm⁻¹)", ylabel="Absorbance", title=f"{len(ftir.peaks)} bands")
b.legend(fontsize=7)

d = sem.diameter_map[np.isfinite(sem.diameter_map)]
c.hist(d, bins=30, color="C0")
unit = "µm" if sem.diameter is not None else "px"
stats = sem.diameter or sem.diameter_pixels
c.set(xlabel=f"Diameter ({unit})", ylabel="Centre-line pixels", title=f"Fibre diameter {stats.mean:.3g} ± {stats.sd:.2g} {unit}")

fig.tight_layout()
fig.savefig("three_tasks.png", dpi=120)
print("wrote three_tasks.png")
