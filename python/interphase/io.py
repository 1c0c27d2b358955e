# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading any file Interphase reads, by content: spectra, XPS regions or a micrograph."""
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from . import _native
from ._results import split_arrays


@dataclass
class Spectrum:
    """One spectrum or block: x and y as numpy arrays, with their kinds and units."""
    name: str
    x: np.ndarray
    y: np.ndarray
    x_kind: str
    x_unit: str
    y_kind: str
    y_unit: str
    format: str
    metadata: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)


@dataclass
class Region:
    """One XPS region, binding energies ascending (eV)."""
    name: str
    binding_energy: np.ndarray
    intensity: np.ndarray
    intensity_kind: str
    format: str
    metadata: dict = field(default_factory=dict)


@dataclass
class Micrograph:
    """A micrograph's grey levels (image shape, data bar cropped) and its pixel size in nm (None when uncalibrated)."""
    pixels: np.ndarray
    pixel_size: Optional[float]
    metadata: dict = field(default_factory=dict)


def read(path, lenient=False, name=None):
    """A list of Spectrum (FTIR and other spectra), a list of Region (XPS files), or a Micrograph.

    `path` is a file's path, or its contents as bytes (`name`: what messages call it)."""
    where, data = _native.source(path, name)
    handle = _native.run("read", {"path": where, "lenient": lenient or None}, data=data)
    items, arrays = handle.records(), split_arrays(handle.arrays())
    if items and items[0]["kind"] == "micrograph":
        meta = items[0]
        size = meta.get("pixelSize")
        return Micrograph(pixels=arrays[0]["pixels"], pixel_size=size["width"] if size else None, metadata=meta)
    out = []
    for meta, a in zip(items, arrays):
        if meta["kind"] == "region":
            out.append(Region(name=meta["name"], binding_energy=a["binding_energy"], intensity=a["intensity"],
                              intensity_kind=meta["intensityKind"], format=meta["format"], metadata=meta))
        else:
            out.append(Spectrum(name=meta["name"], x=a["x"], y=a["y"], x_kind=meta["xKind"], x_unit=meta["xUnit"],
                                y_kind=meta["yKind"], y_unit=meta["yUnit"], format=meta["format"],
                                metadata=meta.get("metadata", {}), warnings=meta.get("warnings", [])))
    return out
