# SPDX-License-Identifier: GPL-3.0-or-later
import numpy as np
import pytest

import interphase as ip
from conftest import FIXTURES, ROOT, cli_records, needs_cli, needs_fixtures

SPC = ROOT / "Spectra" / "polystyrene_film.SPC"
OPUS = ROOT / "Spectra" / "opus_test.0000"


@needs_cli
def test_peaks_is_the_cli_record():
    b = ip.ftir.peaks(SPC)
    assert b.to_dict() == cli_records("ftir", "peaks", SPC)[0]
    assert len(b.peaks) > 10
    p = b.peaks[0]
    for field in ("position", "height", "fwhm", "area", "assignments"):
        assert hasattr(p, field)


@needs_cli
def test_options_are_the_cli_options():
    b = ip.ftir.peaks(OPUS, baseline="asls:lambda=1e6", range=(600, 3200), curves=True)
    assert b.to_dict() == cli_records("ftir", "peaks", OPUS, "--baseline", "asls:lambda=1e6", "--range", "600:3200", "--curves")[0]


def test_curves_shapes_and_meaning():
    b = ip.ftir.peaks(SPC)
    c = b.curves
    n = len(c["x"])
    for key in ("y", "baseline", "corrected", "fit"):
        assert c[key].shape == (n,)
    assert np.allclose(c["y"] - c["baseline"], c["corrected"], atol=1e-12)
    assert c["bands"].shape == (len(b.peaks), n)
    # Polystyrene's aromatic C–H stretch band lies where the record says, in the returned trace too.
    top = max(b.peaks, key=lambda p: p.height)
    i = int(np.argmin(np.abs(c["x"] - top.position)))
    assert c["corrected"][i] == pytest.approx(top.height, rel=0.1)


def test_arrays_in_give_the_file_numbers():
    s = [x for x in ip.read(SPC)][0]
    assert s.x_kind == "wavenumber"
    from_file = ip.ftir.peaks(SPC).to_dict()
    from_arrays = ip.ftir.peaks(x=s.x, y=s.y, y_kind=s.y_kind).to_dict()
    assert [p["position"] for p in from_arrays["peaks"]] == [p["position"] for p in from_file["peaks"]]


@needs_cli
def test_compare_is_the_cli_record():
    c = ip.ftir.compare(SPC, OPUS)
    assert c.to_dict() == cli_records("ftir", "compare", SPC, OPUS)[0]
    assert c.bands and {b.status for b in c.bands} <= {"appeared", "disappeared", "shifted", "unchanged"}


@needs_cli
@needs_fixtures
def test_group_file_gives_one_result_per_member():
    spg = FIXTURES / "ftir" / "spectrochempy_data" / "irdata" / "omnic_group" / "CO@Mo_Al2O3.SPG"
    results = ip.ftir.peaks(spg)
    records = cli_records("ftir", "peaks", spg)
    assert isinstance(results, list) and len(results) == len(records) > 1
    assert [r.to_dict() for r in results] == records


def test_read_opus_blocks():
    spectra = ip.read(OPUS)
    names = [s.name for s in spectra]
    assert "AB" in names
    ab = spectra[names.index("AB")]
    assert ab.y_kind == "absorbance" and ab.x.shape == ab.y.shape and ab.x_unit == "cm⁻¹"


def test_errors_by_category(tmp_path):
    bad = tmp_path / "bad.spa"
    bad.write_bytes(b"Spectral Data File" + b"\0" * 10)
    with pytest.raises(ip.UnreadableInputError):
        ip.ftir.peaks(bad)
    with pytest.raises(ip.InvalidRequestError):
        ip.ftir.peaks(SPC, min_snr=-1)
    with pytest.raises(ip.InvalidRequestError):
        ip.ftir.peaks(SPC, shape="triangle")


def test_transmittance_given_as_the_default_absorbance_is_warned_about():
    # Arrays are absorbance unless y_kind says otherwise: a %T trace given without it would yield the
    # gaps between its bands as bands, so the result says what it looks like.
    x = np.linspace(4000, 400, 3601)
    a = 0.02 + 0.8 * np.exp(-((x - 1726) / 10) ** 2) + 0.5 * np.exp(-((x - 1171) / 15) ** 2)
    t = 100 * 10 ** -a + np.random.default_rng(1).normal(0, 0.05, x.size)
    given = ip.ftir.peaks(x=x, y=t)
    assert any("looks like transmittance" in w for w in given.warnings)
    declared = ip.ftir.peaks(x=x, y=t, y_kind="transmittance")
    assert not any("looks like transmittance" in w for w in declared.warnings)
    assert sorted(round(p.position) for p in declared.peaks) == [1171, 1726]
    # Values up to 100 are percent: the absorbance analysed is −log10(T/100), the construction's A.
    exact = ip.ftir.peaks(x=x, y=100 * 10 ** -a, y_kind="transmittance")
    assert np.allclose(exact.curves["y"], a, atol=1e-12)


@needs_cli
def test_y_kind_declares_a_file_of_unknown_kind_as_the_cli_does(tmp_path):
    x = np.linspace(4000, 400, 3601)
    a = 0.02 + 0.8 * np.exp(-((x - 1726) / 10) ** 2) + 0.5 * np.exp(-((x - 1171) / 15) ** 2)
    csv = tmp_path / "percent_t.csv"
    np.savetxt(csv, np.column_stack([x, 100 * 10 ** -a]), delimiter=",")
    declared = ip.ftir.peaks(csv, y_kind="transmittance")
    assert declared.to_dict() == cli_records("ftir", "peaks", csv, "--y-kind", "transmittance")[0]
    assert "y declared transmittance in percent (the file gives intensity)" in declared.warnings
    assert sorted(round(p.position) for p in declared.peaks) == [1171, 1726]


def test_the_x_axis_must_be_wavenumbers():
    x = np.linspace(4000, 400, 3601)
    a = 0.02 + 0.8 * np.exp(-((x - 1726) / 10) ** 2)
    assert not any(w.startswith("x ") for w in ip.ftir.peaks(x=x, y=a).warnings)
    # Wavelengths in µm given where wavenumbers go: analysed as given, and said.
    assert any("if x is wavelength in µm" in w for w in ip.ftir.peaks(x=1e4 / x, y=a).warnings)
    # An interferogram has no bands: refused, pointed to the transform.
    with pytest.raises(ip.InvalidRequestError, match="ftir transform"):
        ip.ftir.peaks(OPUS, block="IgSm")
