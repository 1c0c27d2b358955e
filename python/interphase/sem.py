# SPDX-License-Identifier: GPL-3.0-or-later
"""SEM: fibre diameters (`interphase sem fibers`), porosity, orientation and deposit thickness."""
import numpy as np

from . import _native
from ._results import Result, array_property


class FibersResult(Result):
    """The record of `interphase sem fibers` (`diameter_pixels.mean`, `diameter`, `orientation`, ...).

    `mask` and `skeleton` (uint8, 1 on the fibre and the centre line) and `diameter_map` (float32,
    the diameter at each measured centre-line pixel in µm when calibrated, else pixels; NaN elsewhere)
    have the image's shape.
    """

    mask = array_property("mask", "The fibre mask (uint8, 1 on the fibres).")
    skeleton = array_property("skeleton", "The pruned centre lines (uint8, 1 on the line).")
    diameter_map = array_property("diameter_map", "The diameter at each measured centre-line pixel (float32; NaN elsewhere).")


def _image_options(path, image, name):
    if path is None and image is None:
        raise TypeError("give a path, the file's bytes, or an image")
    where, data = _native.source(path, name)
    if data is not None:
        return dict(path=where), None, data
    shape = None
    if image is not None:
        image = np.asarray(image)
        if image.ndim != 2:
            raise ValueError("image must be a two-dimensional grey array")
        shape = list(image.shape)
    return dict(path=where, name=name, image_shape=shape), (None if image is None else image.ravel()), None


def fibers(path=None, *, image=None, name=None, pixel_size=None, databar=None, page=None, mask=None, dark_fibres=None,
           threshold=None, threshold_method=None, window=None, k=None, smoothing=None, median=None, rolling_ball=None,
           open=None, fill_holes=None, min_area=None, layer=None, sweep=True, orientation=True, dark_fibers=None):
    """Measure fibre diameters, as `interphase sem fibers` does.

    Give a file `path`, or a two-dimensional grey `image`. Keywords mirror the command's options:
    `pixel_size="50nm"`, `threshold_method="otsu-top"`, `layer="top"`, `dark_fibres=True` for
    `--dark-fibres` (`dark_fibers` is the same), `orientation=False` for `--no-orientation`,
    `sweep=False` for `--no-sweep`.
    """
    if dark_fibers is not None and dark_fibres is not None and dark_fibers != dark_fibres:
        raise TypeError("fibers() got dark_fibres and dark_fibers with different values")
    dark_fibers = dark_fibres if dark_fibres is not None else dark_fibers
    options, pixels, data = _image_options(path, image, name)
    options.update(pixel_size=pixel_size, databar=databar, page=page, mask=mask, dark_fibers=dark_fibers, threshold=threshold,
                   threshold_method=threshold_method, window=window, k=k, smoothing=smoothing, median=median,
                   rolling_ball=rolling_ball, open=open, fill_holes=fill_holes, min_area=min_area, layer=layer,
                   sweep=sweep, orientation=orientation)
    handle = _native.run("sem.fibers", options, data=data, image=pixels)
    return FibersResult(handle.records()[0], handle, 0)


class PorosityResult(Result):
    """The record of `interphase sem porosity` (`void_fraction`, `pore_size`, `pores`, `dispersion`, ...).

    `solid` (uint8, 1 on the solid) and `pore_size` (float32, the local thickness of the void at
    each pixel in pixels, 0 on the solid) have the image's shape.
    """

    solid = array_property("solid", "The solid phase (uint8, 1 on the solid).")
    pore_size = array_property("pore_size", "The local thickness of the void at each pixel, pixels (float32; 0 on the solid).")


def porosity(path=None, *, image=None, name=None, pixel_size=None, databar=None, page=None, mask=None, dark_solid=None,
             grid=None, threshold=None, threshold_method=None, window=None, k=None, smoothing=None, median=None,
             rolling_ball=None, open=None, fill_holes=None, min_area=None):
    """Void fraction, pore sizes, pores, chords and the index of dispersion, as `interphase sem porosity` does."""
    options, pixels, data = _image_options(path, image, name)
    options.update(pixel_size=pixel_size, databar=databar, page=page, mask=mask, dark_solid=dark_solid, grid=grid,
                   threshold=threshold, threshold_method=threshold_method, window=window, k=k, smoothing=smoothing,
                   median=median, rolling_ball=rolling_ball, open=open, fill_holes=fill_holes, min_area=min_area)
    handle = _native.run("sem.porosity", options, data=data, image=pixels)
    return PorosityResult(handle.records()[0], handle, 0)


def orientation(path=None, *, image=None, name=None, pixel_size=None, databar=None, page=None, gradient_sigma=None,
                tensor_sigma=None, min_coherency=None):
    """The orientation distribution by the structure tensor and the power spectrum, as `interphase sem orientation` does."""
    options, pixels, data = _image_options(path, image, name)
    options.update(pixel_size=pixel_size, databar=databar, page=page, gradient_sigma=gradient_sigma,
                   tensor_sigma=tensor_sigma, min_coherency=min_coherency)
    handle = _native.run("sem.orientation", options, data=data, image=pixels)
    return Result(handle.records()[0], handle, 0)


def thickness(path=None, *, image=None, name=None, pixel_size=None, databar=None, page=None, phase=None, tilt=None,
              bridge=None):
    """Deposit thickness along a cross-section, column by column, as `interphase sem thickness` does."""
    options, pixels, data = _image_options(path, image, name)
    options.update(pixel_size=pixel_size, databar=databar, page=page, phase=phase, tilt=tilt, bridge=bridge)
    handle = _native.run("sem.thickness", options, data=data, image=pixels)
    return Result(handle.records()[0], handle, 0)
