# SPDX-License-Identifier: GPL-3.0-or-later
"""FTIR: band finding, fitting and assignment (`interphase ftir peaks`), state comparison
(`interphase ftir compare`), corrections (`ftir correct`), interferogram transforms
(`ftir transform`) and optical constants (`ftir kramers-kronig`)."""
import os

from . import _native
from ._results import Result, array_property
from .io import Spectrum


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
    (absorbance unless `y_kind`; a transmittance or reflectance is read as percent when its values
    exceed 1.5, else as a fraction; for a file, `y_kind` says what y is when the file does not say
    or says wrongly, as `--y-kind` does: "transmittance" for a %T or fraction CSV). Keywords mirror
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


def compare(*paths, spectra=None, names=None):
    """Compare the bands of states (the first is the reference), as `interphase ftir compare` does.

    Give two or more files, or `spectra`: a list of `Spectrum` (as `read` returns) or of
    `(x, y)` pairs (cm⁻¹, absorbance), with `names` (default "state 1", "state 2", ...).
    """
    if len(paths) == 1 and isinstance(paths[0], (list, tuple)):
        paths = tuple(paths[0])
    if paths and spectra is not None:
        raise TypeError("compare() takes files or spectra, not both")
    if spectra is None:
        handle = _native.run("ftir.compare", {"paths": [os.fspath(p) for p in paths]})
        return Result(handle.records()[0], handle, 0)
    spectra = list(spectra)
    names = list(names) if names is not None else [getattr(s, "name", None) or f"state {i + 1}" for i, s in enumerate(spectra)]
    if len(names) != len(spectra):
        raise TypeError("compare() needs one name per spectrum")
    arrays, kinds = {}, []
    for i, s in enumerate(spectra):
        x, y = (s.x, s.y) if isinstance(s, Spectrum) else s
        arrays[f"x.{i}"], arrays[f"y.{i}"] = x, y
        kinds.append(s.y_kind if isinstance(s, Spectrum) else "absorbance")
    handle = _native.run("ftir.compare", {"names": names, "y_kinds": kinds}, **arrays)
    return Result(handle.records()[0], handle, 0)


def _spectrum(handle, report):
    """The one spectrum a call returns, its figure written to `report` when given."""
    meta, a = handle.records()[0], handle.arrays()
    if report is not None:
        handle.figure(0, report)
    return Spectrum(name=meta["name"], x=a["0.x"], y=a["0.y"], x_kind=meta["xKind"], x_unit=meta["xUnit"],
                    y_kind=meta["yKind"], y_unit=meta["yUnit"], format=meta["format"],
                    metadata=meta.get("metadata", {}), warnings=meta.get("warnings", []))


def correct(path=None, *, x=None, y=None, name=None, y_kind=None, block=None, atr=None, kubelka_munk=None, to=None,
            lenient=None, report=None):
    """ATR, Kubelka–Munk and absorbance/transmittance corrections, as `interphase ftir correct` does.

    Give a file `path` (or its contents as bytes, with `name`), or arrays `x` (cm⁻¹) and `y` of kind
    `y_kind`. `atr` takes the command's text (`"crystal=diamond,angle=45"`), `to` is "absorbance" or
    "transmittance"; `report` writes the before/after figure. Returns a `Spectrum`.
    """
    if path is None and (x is None or y is None):
        raise TypeError("correct() needs a path, or x and y")
    where, data = _native.source(path, name)
    options = dict(path=where, name=None if data is not None else name, y_kind=y_kind, block=block, atr=atr,
                   kubelka_munk=kubelka_munk, to=to, lenient=lenient)
    return _spectrum(_native.run("ftir.correct", options, data=data, x=x, y=y), report)


def transform(path, *, to, background=None, apodization=None, laser=None, sample_spacing=None, report=None):
    """Interferogram(s) to a single-beam (`to="single-beam"`) or absorbance spectrum, as
    `interphase ftir transform` does, with the settings the file stores unless given. Returns a
    `Spectrum` whose `warnings` say what the transform did (scan directions, clipped points).
    """
    if isinstance(path, (bytes, bytearray, memoryview)):
        raise TypeError("transform() needs a file path (a background may be another file)")
    options = dict(path=os.fspath(path), to=to, background=None if background is None else os.fspath(background),
                   apodization=apodization, laser=laser, sample_spacing=sample_spacing)
    return _spectrum(_native.run("ftir.transform", options), report)


class OpticalConstants(Result):
    """The optical constants of `kramers_kronig`: arrays `wavenumber` (cm⁻¹, ascending), `n`, `k`
    and `phase` (the reflection phase, radians); the record holds `name` and `points`."""

    wavenumber = array_property("wavenumber", "Wavenumbers, cm⁻¹, ascending.")
    n = array_property("n", "Refractive index.")
    k = array_property("k", "Extinction coefficient.")
    phase = array_property("phase", "Reflection phase, radians.")


def kramers_kronig(path=None, *, x=None, y=None, name=None, y_kind="reflectance", block=None, lenient=None):
    """Optical constants from a specular reflectance spectrum (fraction or percent), as
    `interphase ftir kramers-kronig` does. Give a file, or arrays `x` (cm⁻¹) and `y`."""
    if path is None and (x is None or y is None):
        raise TypeError("kramers_kronig() needs a path, or x and y")
    where, data = _native.source(path, name)
    options = dict(path=where, name=None if data is not None else name, y_kind=None if path is not None else y_kind,
                   block=block, lenient=lenient)
    handle = _native.run("ftir.kramers_kronig", options, data=data, x=x, y=y)
    return OpticalConstants(handle.records()[0], handle, 0)
