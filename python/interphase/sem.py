# SPDX-License-Identifier: GPL-3.0-or-later
"""SEM: fibre diameters, orientation and void fraction of an electrospun mat (`interphase sem fibers`)."""
import numpy as np

from . import _native
from ._results import Result


class FibersResult(Result):
    """The record of `interphase sem fibers` (`diameter_pixels.mean`, `diameter`, `orientation`, ...).

    `mask` and `skeleton` (uint8, 1 on the fibre and the centre line) and `diameter_map` (float32,
    the diameter at each measured centre-line pixel in µm when calibrated, else pixels; NaN elsewhere)
    have the image's shape.
    """

    @property
    def mask(self):
        return self._arrays()["mask"]

    @property
    def skeleton(self):
        return self._arrays()["skeleton"]

    @property
    def diameter_map(self):
        return self._arrays()["diameter_map"]


def fibers(path=None, *, image=None, name=None, pixel_size=None, databar=None, page=None, mask=None, dark_fibers=None,
           threshold=None, threshold_method=None, window=None, k=None, smoothing=None, median=None, rolling_ball=None,
           open=None, fill_holes=None, min_area=None, layer=None, sweep=True, orientation=True):
    """Measure fibre diameters, as `interphase sem fibers` does.

    Give a file `path`, or a two-dimensional grey `image`. Keywords mirror the command's options:
    `pixel_size="50nm"`, `threshold_method="otsu-top"`, `layer="top"`, `orientation=False` for
    `--no-orientation`, `sweep=False` for `--no-sweep`.
    """
    if path is None and image is None:
        raise TypeError("fibers() needs a path or an image")
    shape = None
    if image is not None:
        image = np.asarray(image)
        if image.ndim != 2:
            raise ValueError("image must be a two-dimensional grey array")
        shape = list(image.shape)
    options = dict(path=None if path is None else str(path), name=name, image_shape=shape, pixel_size=pixel_size,
                   databar=databar, page=page, mask=mask, dark_fibers=dark_fibers, threshold=threshold,
                   threshold_method=threshold_method, window=window, k=k, smoothing=smoothing, median=median,
                   rolling_ball=rolling_ball, open=open, fill_holes=fill_holes, min_area=min_area, layer=layer,
                   sweep=sweep, orientation=orientation)
    handle = _native.run("sem.fibers", options, image=None if image is None else image.ravel())
    return FibersResult(handle.records()[0], handle, 0)
