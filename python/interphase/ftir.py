# SPDX-License-Identifier: GPL-3.0-or-later
"""FTIR: band finding, fitting and assignment (`interphase ftir peaks`) and state comparison
(`interphase ftir compare`)."""
from . import _native
from ._results import Result


class PeaksResult(Result):
    """The record of `interphase ftir peaks` for one spectrum.

    `peaks` lists the bands (`.position`, `.height`, `.fwhm`, `.area`, `.assignments`);
    `curves` holds the arrays: `x` (cm⁻¹), `y` (the absorbance analysed), `baseline`,
    `corrected`, `fit`, and `bands` (one row per band's profile).
    """

    @property
    def curves(self):
        a = self._arrays()
        return {"x": a["x"], "y": a["absorbance"], "baseline": a["baseline"], "corrected": a["corrected"],
                "fit": a["fit"], "bands": a["bands"]}


def peaks(path=None, *, x=None, y=None, name=None, y_kind=None, block=None, baseline=None, range=None,
          min_snr=None, shape=None, atmosphere=None, auto_lambda=None, library=None, atr=None,
          kubelka_munk=None, lenient=None, curves=None):
    """Find, fit and assign the bands of a spectrum, as `interphase ftir peaks` does.

    Give a file `path` (or its contents as bytes, with `name`), or arrays `x` (cm⁻¹) and `y`
    (absorbance unless `y_kind`). Keywords mirror
    the command's options (`min_snr` for `--min-snr`, `range=(600, 4000)` for `--range 600:4000`);
    `curves=True` also puts the arrays into `to_dict()`, as `--curves` does. A group file without
    `block` gives a list with one result per member.
    """
    if path is None and (x is None or y is None):
        raise TypeError("peaks() needs a path, or x and y")
    where, data = _native.source(path, name)
    options = dict(path=where, name=None if data is not None else name, y_kind=y_kind, block=block, baseline=baseline,
                   range=list(range) if isinstance(range, tuple) else range, min_snr=min_snr, shape=shape,
                   atmosphere=atmosphere, auto_lambda=auto_lambda, library=library, atr=atr, kubelka_munk=kubelka_munk,
                   lenient=lenient, curves=curves)
    handle = _native.run("ftir.peaks", options, data=data, x=x, y=y)
    results = [PeaksResult(r, handle, k) for k, r in enumerate(handle.records())]
    return results[0] if len(results) == 1 else results


def compare(*paths):
    """Compare the bands of states (the first file is the reference), as `interphase ftir compare` does."""
    if len(paths) == 1 and isinstance(paths[0], (list, tuple)):
        paths = tuple(paths[0])
    handle = _native.run("ftir.compare", {"paths": [str(p) for p in paths]})
    return Result(handle.records()[0], handle, 0)
