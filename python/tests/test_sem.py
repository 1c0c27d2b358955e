# SPDX-License-Identifier: GPL-3.0-or-later
import numpy as np
import pytest

import interphase as ip
from conftest import FIXTURES, ROOT, cli_records, needs_cli, needs_fixtures

MAT = ROOT / "Images" / "nanofiber_diameterj.tif"


@needs_cli
def test_fibers_is_the_cli_record():
    f = ip.sem.fibers(MAT)
    assert f.to_dict() == cli_records("sem", "fibers", MAT)[0]
    assert f.diameter_pixels.mean > 0 and f.diameter is None
    # snake_case reaches keys with acronyms in capitals, and keys as the record spells them.
    assert f.diameter_pixels_edt.mean == f.to_dict()["diameterPixelsEDT"]["mean"] == f.diameterPixelsEDT.mean
    assert "diameter_pixels_edt" in f and "diameter_pixels_ed" not in f
    with pytest.raises(AttributeError, match="diameterPixelsEDT"):
        f.diameter_pixels_edtx


@needs_cli
def test_options_are_the_cli_options():
    f = ip.sem.fibers(MAT, pixel_size="50nm", threshold_method="otsu-top", orientation=False)
    cli = cli_records("sem", "fibers", MAT, "--pixel-size", "50nm", "--threshold-method", "otsu-top", "--no-orientation")[0]
    assert f.to_dict() == cli
    # 50 nm per pixel: the calibrated mean is the pixel mean times 0.05 µm.
    assert f.diameter.mean == pytest.approx(0.05 * f.diameter_pixels.mean, rel=1e-12)


def test_images_have_the_image_shape():
    f = ip.sem.fibers(MAT, orientation=False, sweep=False)
    image = ip.read(MAT)
    assert isinstance(image, ip.Micrograph)
    shape = image.pixels.shape
    assert f.mask.shape == f.skeleton.shape == f.diameter_map.shape == shape
    assert f.mask.dtype == np.uint8 and f.diameter_map.dtype == np.float32
    assert set(np.unique(f.mask)) <= {0, 1} and set(np.unique(f.skeleton)) <= {0, 1}
    # Centre lines lie on the fibres; diameters sit on the centre line only.
    assert np.all(f.mask[f.skeleton == 1] == 1)
    measured = np.isfinite(f.diameter_map)
    assert measured.any() and np.all(f.skeleton[measured] == 1)
    assert np.nanmin(f.diameter_map) > 0


def test_image_array_in():
    image = ip.read(MAT).pixels
    a = ip.sem.fibers(image=image, orientation=False, sweep=False)
    b = ip.sem.fibers(MAT, orientation=False, sweep=False)
    assert a.mask.shape == image.shape
    assert a.diameter_pixels.mean == pytest.approx(b.diameter_pixels.mean, rel=1e-6)


@needs_fixtures
def test_calibration_from_the_file():
    zeiss = FIXTURES / "sem" / "rosettasciio" / "test_tiff_Zeiss_SEM_512pix.tif"
    m = ip.read(zeiss)
    # Zeiss "Image Pixel Size" 11.649976 nm (fixtures README), not AP_PIXEL_SIZE's 5.825 nm.
    assert m.pixel_size == pytest.approx(11.649976, rel=1e-6)
    f = ip.sem.fibers(zeiss, orientation=False, sweep=False)
    assert f.diameter.unit == "µm"
    assert f.diameter.mean == pytest.approx(f.diameter_pixels.mean * 11.649976e-3, rel=1e-6)


def test_errors_by_category(tmp_path):
    with pytest.raises(ip.UnreadableInputError):
        ip.sem.fibers(tmp_path / "missing.tif")
    with pytest.raises(ip.InvalidRequestError, match="pixel_size"):
        ip.sem.fibers(MAT, pixel_size="fifty")
    with pytest.raises(ip.InvalidRequestError):
        ip.sem.fibers(MAT, mask=True, layer="top")
    with pytest.raises(ValueError):
        ip.sem.fibers(image=np.zeros(10))


@needs_cli
def test_porosity_orientation_thickness_are_the_cli_records():
    p = ip.sem.porosity(MAT, grid=6)
    assert p.to_dict() == cli_records("sem", "porosity", MAT, "--grid", "6")[0]
    assert p.solid.shape == p.pore_size.shape == ip.read(MAT).pixels.shape
    # The void fraction is the share of pixels outside the solid.
    assert p.void_fraction == pytest.approx(1 - p.solid.mean(), abs=1e-12)
    assert np.all(p.pore_size[p.solid == 1] == 0)
    o = ip.sem.orientation(MAT, tensor_sigma=3)
    assert o.to_dict() == cli_records("sem", "orientation", MAT, "--tensor-sigma", "3")[0]
    assert -90 <= o.mean_angle < 90


@needs_cli
@needs_fixtures
def test_thickness_is_the_cli_record():
    zeiss = FIXTURES / "sem" / "rosettasciio" / "test_tiff_Zeiss_SEM_512pix.tif"
    t = ip.sem.thickness(zeiss, phase="bright")
    assert t.to_dict() == cli_records("sem", "thickness", zeiss, "--phase", "bright")[0]


def test_settings_the_library_refuses():
    # The limits live in the library (Segmentation, DepositThickness), not in this layer.
    with pytest.raises(ip.InvalidRequestError, match="smoothing"):
        ip.sem.fibers(MAT, smoothing=80, orientation=False, sweep=False)
    with pytest.raises(ip.InvalidRequestError, match="median"):
        ip.sem.porosity(MAT, median=25)
    with pytest.raises(ip.InvalidRequestError, match="bridged gap"):
        ip.sem.thickness(MAT, bridge=-1)
    with pytest.raises(ip.InvalidRequestError, match="tilt"):
        ip.sem.thickness(MAT, tilt=120)


@needs_cli
def test_zero_and_one_are_numbers_and_booleans_are_booleans():
    # JSON 0 and 1 are numbers for numeric options, never taken for False/True (or refused as such).
    f = ip.sem.fibers(MAT, rolling_ball=0, smoothing=0, min_area=1, orientation=False, sweep=False)
    cli = cli_records("sem", "fibers", MAT, "--rolling-ball", "0", "--smoothing", "0", "--min-area", "1",
                      "--no-orientation", "--no-sweep")[0]
    assert f.to_dict() == cli
    from interphase import _native
    with pytest.raises(ip.InvalidRequestError, match="True or False"):
        _native.run("sem.fibers", {"path": str(MAT), "sweep": 1})
    with pytest.raises(ip.InvalidRequestError, match="finite number"):
        _native.run("sem.fibers", {"path": str(MAT), "smoothing": True})


@needs_cli
def test_dark_fibres_is_the_cli_flag():
    args = ("--dark-fibres", "--no-orientation", "--no-sweep")
    f = ip.sem.fibers(MAT, dark_fibres=True, orientation=False, sweep=False)
    assert f.to_dict() == cli_records("sem", "fibers", MAT, *args)[0]
    assert ip.sem.fibers(MAT, dark_fibers=True, orientation=False, sweep=False).to_dict() == f.to_dict()
    with pytest.raises(TypeError):
        ip.sem.fibers(MAT, dark_fibres=True, dark_fibers=False)
