# SPDX-License-Identifier: GPL-3.0-or-later
"""XPS: core-level fits with the LiF fraction and its interval (`interphase xps fit`), the
analyst's CasaXPS fits (`xps casa`) and atomic percentages (`xps quantify`)."""
import os

import numpy as np

from . import _native
from ._results import Result


class FitResult(Result):
    """The record of `interphase xps fit` (`lif_fraction.value`, `lif_fraction.ci95`, `components`, ...).

    `curves` holds the arrays: `binding_energy` (eV, ascending), `intensity`, `background`,
    `envelope`, `residuals`, and `components`, a dict of each component's curve by name.
    """

    @property
    def curves(self):
        a = self._arrays()
        curves = {k: a[k] for k in ("binding_energy", "intensity", "background", "envelope", "residuals")}
        curves["components"] = {k.split("/", 1)[1]: v for k, v in a.items() if k.startswith("component/")}
        return curves


def _list(value):
    if value is None:
        return None
    return [value] if isinstance(value, str) else list(value)


def fit(path=None, *, name=None, binding_energy=None, intensity=None, counts_per_unit=None, block=None, region=None, preset=None,
        component=None, doublet=None, link=None, bound=None, model=None, background=None, tougaard=None, end_points=None,
        range=None, shift=None, charge_reference=None, transmission_correction=None, select=None, single_model=None,
        monte_carlo=None, seed=None, compare_casa=None, curves=None):
    """Fit a core-level region, as `interphase xps fit` does.

    Give a file `path` (or its contents as bytes, with `name`; `block` or `region` for a file of
    several), or arrays `binding_energy`
    (eV) and `intensity` (counts; `counts_per_unit` when they are not detected counts). Keywords
    mirror the command's options: `component`, `doublet`, `link` and `bound` take a text or a list
    of texts in the command's notation, `range=(680, 695)`, `monte_carlo=200`, `select=False` for
    `--no-select`, `curves=True` to put the arrays into `to_dict()` as `--curves` does.

    `intensity` may be a stack, one spectrum per row on the one `binding_energy` axis (a depth
    profile, a line scan): the rows are fitted in one call, each as a call with that row alone
    would be, and a list of results is returned, one per row.
    """
    if path is None and (binding_energy is None or intensity is None):
        raise TypeError("fit() needs a path, or binding_energy and intensity")
    where, data = _native.source(path, name)
    options = dict(path=where, counts_per_unit=counts_per_unit, block=block, region=region,
                   preset=preset, component=_list(component), doublet=_list(doublet), link=_list(link), bound=_list(bound),
                   model=None if model is None else str(model), background=background, tougaard=tougaard,
                   end_points=end_points, range=list(range) if isinstance(range, tuple) else range, shift=shift,
                   charge_reference=None if charge_reference is None else str(charge_reference),
                   transmission_correction=transmission_correction, select=select, single_model=single_model,
                   monte_carlo=monte_carlo, seed=seed, compare_casa=compare_casa, curves=curves)
    stack = intensity is not None and (intensity.ndim if isinstance(intensity, np.ndarray) else np.ndim(intensity)) == 2
    if stack:
        options["spectra"] = int(np.shape(intensity)[0])
        intensity = np.ravel(intensity)  # row after row; the library cuts it by `spectra`
    handle = _native.run("xps.fit", options, data=data, binding_energy=binding_energy, intensity=intensity)
    if stack:
        return [FitResult(record, handle, k) for k, record in enumerate(handle.records())]
    return FitResult(handle.records()[0], handle, 0)


def casa(path):
    """The analyst's CasaXPS fit, from a VAMAS file's block comments or a CasaXPS CSV export, as
    `interphase xps casa --json` reads it (`blocks`, each with `regions` and `components`)."""
    handle = _native.run("xps.casa", {"path": os.fspath(path)})
    return Result(handle.records()[0], handle, 0)


def quantify(*paths, region=None, rsf=None, mfp_exponent=None):
    """Atomic percentages from several core-level regions, as `interphase xps quantify` does.

    `paths`: one or more XPS files (every region of each, or those named by `region`, a text or a
    list); `rsf`: sensitivity factors, a dict `{"F": 1.0}` or the command's texts `"F=1.0"`;
    `mfp_exponent`: x in KE^x. The record holds `lines` (`atomic_percent`, `area`, ...).
    """
    if len(paths) == 1 and isinstance(paths[0], (list, tuple)):
        paths = tuple(paths[0])
    if isinstance(rsf, dict):
        rsf = [f"{k}={float(v)!r}" for k, v in rsf.items()]
    handle = _native.run("xps.quantify", dict(paths=[os.fspath(p) for p in paths], region=_list(region), rsf=_list(rsf),
                                              mfp_exponent=mfp_exponent))
    return Result(handle.records()[0], handle, 0)
