# SPDX-License-Identifier: GPL-3.0-or-later
"""ftir.correct, ftir.transform, ftir.kramers_kronig, ftir.compare from arrays, xps.casa and
xps.quantify: each against the command line on the same inputs, and against known physics."""
import subprocess

import numpy as np
import pytest

import interphase as ip
from conftest import CLI, FIXTURES, ROOT, cli_records, needs_cli, needs_fixtures

SPC = ROOT / "Spectra" / "polystyrene_film.SPC"
OPUS = ROOT / "Spectra" / "opus_test.0000"
OMNIC = ROOT / "Spectra" / "omnic_interferogram.SPA"
PITFALLS = FIXTURES / "xps" / "il_pitfalls"


def cli_csv(*args):
    """The x,y (or x,k,n) rows the command writes as CSV, and its standard error."""
    run = subprocess.run([str(CLI), *map(str, args), "--output", "-"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    rows = [[float(v) for v in line.split(",")] for line in run.stdout.splitlines() if line and not line.startswith("#")]
    return np.array(rows), run.stderr


@needs_cli
def test_correct_is_the_cli_csv():
    atr = "crystal=diamond,angle=45,sample-index=1.5,reflections=1"
    s = ip.ftir.correct(SPC, atr=atr)
    rows, _ = cli_csv("ftir", "correct", SPC, "--atr", atr)
    assert np.array_equal(s.x, rows[:, 0]) and np.array_equal(s.y, rows[:, 1])
    assert s.y_kind == "absorbance" and s.x_kind == "wavenumber"


def test_correct_follows_the_formulas(tmp_path):
    raw = ip.read(SPC)[0]
    # Harrick: the penetration depth goes as 1/ν, so ATR-corrected A = A·ν/ν_ref (ν_ref 1000 cm⁻¹).
    s = ip.ftir.correct(x=raw.x, y=raw.y, y_kind=raw.y_kind, atr="crystal=diamond,angle=45,sample-index=1.5,reflections=1")
    assert np.allclose(s.y, raw.y * raw.x / 1000, rtol=1e-12, atol=1e-15)
    t = ip.ftir.correct(SPC, to="transmittance", report=tmp_path / "t.png")
    assert np.allclose(t.y, 10 ** -raw.y, rtol=1e-12) and t.y_kind == "transmittance"
    assert (tmp_path / "t.png").stat().st_size > 10_000
    with pytest.raises(ip.InvalidRequestError, match="nothing to do"):
        ip.ftir.correct(SPC)
    with pytest.raises(ip.InvalidRequestError):
        ip.ftir.correct(SPC, to="reflectance")


@needs_cli
@pytest.mark.parametrize("path,to", [(OMNIC, "single-beam"), (OPUS, "single-beam"), (OPUS, "absorbance")])
def test_transform_is_the_cli_csv(path, to):
    s = ip.ftir.transform(path, to=to)
    rows, stderr = cli_csv("ftir", "transform", path, "--to", to)
    assert np.array_equal(s.x, rows[:, 0]) and np.array_equal(s.y, rows[:, 1])
    # The command prints the transform's notes on standard error; the package returns them.
    assert [f"interphase: {path}: {n}" for n in s.warnings] == stderr.splitlines()


@needs_cli
def test_transform_reproduces_the_vendor_absorbance():
    """The OPUS file stores the vendor's own AB block beside the interferograms: the absorbance
    from the interferograms must match it where light was transmitted."""
    ab = ip.ftir.transform(OPUS, to="absorbance")
    assert any("points with no transmitted signal" in w for w in ab.warnings)
    stored = [s for s in ip.read(OPUS) if s.y_kind == "absorbance"]
    assert stored, "the OPUS file's AB block"
    ref = stored[0]
    # The same bins (not an interpolation): OPUS's AB points are a subset of the transform's.
    i = np.searchsorted(ab.x, ref.x)
    i = np.clip(i, 1, len(ab.x) - 1)
    i = np.where(np.abs(ab.x[i - 1] - ref.x) < np.abs(ab.x[i] - ref.x), i - 1, i)
    assert np.max(np.abs(ab.x[i] - ref.x)) < 1e-6
    # Where OPUS sees transmitted light (A < 1.5; CO2 near 2350 cm-1 is total absorption and noise).
    seen = ref.y < 1.5
    d = np.abs(ab.y[i][seen] - ref.y[seen])
    assert seen.sum() > 2400 and np.median(d) <= 0.002 and np.quantile(d, 0.99) <= 0.03


def lorentz_reflectance(x):
    """Normal-incidence reflectance (fraction) of a Lorentz oscillator at 1730 cm⁻¹ (ε∞ 2.2)."""
    w0, s, g = 1730.0, 0.08, 18.0
    d = (w0 * w0 - x * x) ** 2 + g * g * x * x
    eps = 2.2 + s * w0 * w0 * (w0 * w0 - x * x) / d + 1j * s * w0 * w0 * g * x / d
    nk = np.sqrt(eps)
    return np.abs((nk - 1) / (nk + 1)) ** 2, nk


@needs_cli
def test_kramers_kronig_recovers_the_oscillator(tmp_path):
    x = np.arange(400.0, 4000.0001, 2.0)
    r, nk = lorentz_reflectance(x)
    oc = ip.ftir.kramers_kronig(x=x, y=r)
    assert oc.wavenumber.shape == oc.n.shape == oc.k.shape == oc.phase.shape == x.shape
    # The absorption peak (k) lies at the oscillator, within two grid steps, and n is the model's
    # away from the band, where the constant-reflectance tails matter least.
    assert abs(oc.wavenumber[np.argmax(oc.k)] - 1730) <= 4
    far = (x > 2500) & (x < 3500)
    assert np.max(np.abs(oc.n[far] - nk.real[far])) < 0.03
    # The same spectrum as a file gives the command's CSV.
    path = tmp_path / "r.csv"
    path.write_text("# R\n# x: Wavenumber (cm⁻¹); y: Reflectance (fraction)\n" + "".join(f"{float(a)!r},{float(b)!r}\n" for a, b in zip(x, r)))
    rows, _ = cli_csv("ftir", "kramers-kronig", path)
    from_file = ip.ftir.kramers_kronig(path)
    assert np.array_equal(from_file.wavenumber, rows[:, 0])
    assert np.array_equal(from_file.k, rows[:, 1]) and np.array_equal(from_file.n, rows[:, 2])
    assert from_file.to_dict() == {"name": "R", "points": len(x)}


@needs_cli
def test_compare_from_arrays_is_the_cli_record():
    spectra = [ip.read(SPC)[0], [s for s in ip.read(OPUS) if s.y_kind == "absorbance"][0]]
    c = ip.ftir.compare(spectra=spectra, names=[str(SPC), str(OPUS)])
    assert c.to_dict() == cli_records("ftir", "compare", SPC, OPUS)[0]
    # (x, y) pairs are absorbance, named by their place.
    pairs = ip.ftir.compare(spectra=[(s.x, s.y) for s in spectra])
    assert (pairs.reference, pairs.states) == ("state 1", ["state 2"])
    assert [b.status for b in pairs.bands] == [b.status for b in c.bands]
    with pytest.raises(ip.InvalidRequestError):
        ip.ftir.compare(spectra=spectra[:1])


@needs_cli
@needs_fixtures
@pytest.mark.parametrize("path", [FIXTURES / "xps" / "pynxtools-xps" / "FeO_analyzed.vms",
                                  FIXTURES / "xps" / "il_pitfalls" / "20240228_Au_MPPipTFSIIol3_Au_4f.csv"])
def test_casa_is_the_cli_record(path):
    c = ip.xps.casa(path)
    assert c.to_dict() == cli_records("xps", "casa", path)[0]
    assert c.blocks and c.blocks[0].components


@needs_cli
@needs_fixtures
def test_quantify_is_the_cli_record():
    files = [PITFALLS / f"20240220_Au_MPPipTFSI4AMSIol3_{r}.csv" for r in ("C_1s", "N_1s", "S_2p")]
    q = ip.xps.quantify(*files)
    assert q.to_dict() == cli_records("xps", "quantify", *files)[0]
    assert sum(line.atomic_percent for line in q.lines) == pytest.approx(100, abs=1e-9)
    multiplex = FIXTURES / "xps" / "cheminfo-vamas" / "multiplex.vms"
    q2 = ip.xps.quantify(multiplex, region=["O 1s", "Ta 4f"], rsf={"Ta": np.float64(2.5)}, mfp_exponent=0.6)
    assert q2.to_dict() == cli_records("xps", "quantify", multiplex, "--region", "O 1s", "--region", "Ta 4f",
                                       "--rsf", "Ta=2.5", "--mfp-exponent", "0.6")[0]
    assert [line.region for line in q2.lines] == ["O 1s", "Ta 4f"]
    with pytest.raises(ip.InvalidRequestError, match="two regions"):
        ip.xps.quantify(FIXTURES / "xps" / "pynxtools-xps" / "regular.vms")
    with pytest.raises(ip.InvalidRequestError, match="rsf"):
        ip.xps.quantify(*files, rsf="F=-1")
