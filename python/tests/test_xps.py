# SPDX-License-Identifier: GPL-3.0-or-later
import numpy as np
import pytest

import interphase as ip
from interphase import _native
from conftest import FIXTURES, cli_records, needs_cli, needs_fixtures, synthetic_f1s


@pytest.fixture(scope="module")
def f1s_csv(tmp_path_factory):
    be, counts, truth = synthetic_f1s()
    path = tmp_path_factory.mktemp("xps") / "f1s.csv"
    with open(path, "w") as f:
        f.write("Binding Energy (eV),Counts\n")
        for e, c in zip(be, counts):
            f.write(f"{e:.2f},{c:.0f}\n")
    return path, be, counts, truth


@needs_cli
def test_fit_is_the_cli_record(f1s_csv):
    path = f1s_csv[0]
    r = ip.xps.fit(path, preset="f1s-sei")
    assert r.to_dict() == cli_records("xps", "fit", path, "--preset", "f1s-sei")[0]
    lif = r.lif_fraction
    assert isinstance(lif.ci95, tuple) and len(lif.ci95) == 2
    assert lif.ci95[0] <= lif.value <= lif.ci95[1]
    # The truth by construction lies inside the reported interval.
    assert lif.ci95[0] <= f1s_csv[3] <= lif.ci95[1]


@needs_cli
def test_options_are_the_cli_options(f1s_csv):
    path = f1s_csv[0]
    r = ip.xps.fit(path, preset="f1s-sei", range=(681, 693), background="shirley", single_model=True,
                   monte_carlo=20, seed=3, curves=True)
    cli = cli_records("xps", "fit", path, "--preset", "f1s-sei", "--range", "681:693", "--background", "shirley",
                      "--single-model", "--monte-carlo", "20", "--seed", "3", "--curves")[0]
    assert r.to_dict() == cli
    assert "curves" in r.to_dict()


def test_arrays_in_give_the_file_numbers(f1s_csv):
    path, be, counts, _ = f1s_csv
    from_file = ip.xps.fit(path, preset="f1s-sei").to_dict()
    from_arrays = ip.xps.fit(binding_energy=be, intensity=counts, preset="f1s-sei").to_dict()
    assert from_arrays["lifFraction"] == from_file["lifFraction"]
    assert [c["area"] for c in from_arrays["components"]] == [c["area"] for c in from_file["components"]]
    # Descending energies (as many instruments store them) are the same region.
    reverse = ip.xps.fit(binding_energy=be[::-1], intensity=counts[::-1], preset="f1s-sei").to_dict()
    assert reverse["lifFraction"] == from_file["lifFraction"]


def test_a_stack_is_fitted_row_by_row_as_single_calls(f1s_csv):
    """A depth profile as one 2-D array: each row's record and curves equal the call with that row
    alone, in the stack's order; a bad row is named in the error."""
    _, be, counts, _ = f1s_csv
    rng = np.random.default_rng(7)
    # Three spectra: the synthetic F 1s, and two with the LiF/C-F balance moved and new Poisson noise.
    stack = np.array([counts, rng.poisson(np.maximum(counts * 0.8, 0)), rng.poisson(np.maximum(counts * 1.3, 0))], dtype=float)
    results = ip.xps.fit(binding_energy=be, intensity=stack, preset="f1s-sei", single_model=True)
    assert isinstance(results, list) and len(results) == 3
    for row, r in zip(stack, results):
        alone = ip.xps.fit(binding_energy=be, intensity=row, preset="f1s-sei", single_model=True)
        assert r.to_dict() == alone.to_dict()
        assert np.array_equal(r.curves["envelope"], alone.curves["envelope"])
    assert results[0].lif_fraction.value != results[2].lif_fraction.value or results[0].to_dict() != results[1].to_dict()
    bad = stack.copy()
    bad[1, 5] = np.nan
    with pytest.raises(ip.UnreadableInputError, match="spectrum 2 of 3 in the stack: .*point 5"):
        ip.xps.fit(binding_energy=be, intensity=bad, preset="f1s-sei", single_model=True)
    with pytest.raises(ip.InvalidRequestError, match="3 spectra"):
        ip.xps.fit(binding_energy=be[:-1], intensity=stack, preset="f1s-sei")


def test_curves_are_the_fit(f1s_csv):
    r = ip.xps.fit(f1s_csv[0], preset="f1s-sei", single_model=True)
    c = r.curves
    n = len(c["binding_energy"])
    assert n > 100 and np.all(np.diff(c["binding_energy"]) > 0)
    for key in ("intensity", "background", "envelope", "residuals"):
        assert c[key].shape == (n,) and c[key].dtype == np.float64
    assert set(c["components"]) == {comp.name for comp in r.components}
    total = c["background"] + sum(c["components"].values())
    assert np.allclose(total, c["envelope"], rtol=1e-9, atol=1e-9)
    assert np.allclose(c["intensity"] - c["envelope"], c["residuals"], atol=1e-9)


def test_errors_by_category(f1s_csv, tmp_path):
    with pytest.raises(ip.UnreadableInputError):
        ip.xps.fit(tmp_path / "missing.vms", preset="f1s-sei")
    with pytest.raises(ip.InvalidRequestError, match="unknown preset"):
        ip.xps.fit(f1s_csv[0], preset="no-such-preset")
    with pytest.raises(ip.InvalidRequestError, match="unknown option 'bogus'"):
        _native.run("xps.fit", {"path": str(f1s_csv[0]), "bogus": 1})
    with pytest.raises(ip.InvalidRequestError, match="must be a finite number"):
        _native.run("xps.fit", {"path": str(f1s_csv[0]), "shift": "a lot"})
    # The library's message, without the command line's flag hints.
    try:
        ip.xps.fit(f1s_csv[0], preset="no-such-preset")
    except ip.InterphaseError as e:
        assert "--" not in str(e)


@needs_cli
@needs_fixtures
def test_casa_export_and_vamas_fixture():
    csv = FIXTURES / "xps" / "il_pitfalls" / "20240220_Au_MPPipTFSI4AMSIol3_C_1s.csv"
    r = ip.xps.fit(csv, preset="c1s", compare_casa=True)
    assert r.to_dict() == cli_records("xps", "fit", csv, "--preset", "c1s", "--compare-casa")[0]
    assert r.casa_comparison
    regions = ip.read(FIXTURES / "xps" / "cheminfo-vamas" / "multiplex.vms")
    assert regions and all(isinstance(x, ip.Region) for x in regions)
    assert all(np.all(np.diff(x.binding_energy) > 0) and x.intensity.shape == x.binding_energy.shape for x in regions)


def test_settings_the_library_refuses(f1s_csv):
    with pytest.raises(ip.InvalidRequestError, match="Monte Carlo"):
        ip.xps.fit(f1s_csv[0], preset="f1s-sei", monte_carlo=-1)
    with pytest.raises(ip.InvalidRequestError, match="end points"):
        ip.xps.fit(f1s_csv[0], preset="f1s-sei", end_points=0)
    with pytest.raises(ip.InvalidRequestError, match="shift and charge referencing"):
        ip.xps.fit(f1s_csv[0], preset="f1s-sei", shift=0.3, charge_reference="LiF=685")
