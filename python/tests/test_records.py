# SPDX-License-Identifier: GPL-3.0-or-later
"""The records cross the C ABI pickled, not as JSON text: they must still be, value for value and type
for type, what `json.loads` gives for the CLI's JSON (an int where the JSON writes "3", a float
where it writes "3.5", None where it writes null, a key left out where the JSON leaves it out)."""
import json
import pickle

import numpy as np
import pytest

import interphase as ip
from interphase import _native
from conftest import FIXTURES, ROOT, cli_records, needs_cli, needs_fixtures, synthetic_f1s

MAT = ROOT / "Images" / "nanofiber_diameterj.tif"
SPC = ROOT / "Spectra" / "polystyrene_film.SPC"


def same_text(record, cli):
    """Equal as JSON text with sorted keys: 3 and 3.0 differ here, though 3 == 3.0 in Python."""
    assert json.dumps(record, sort_keys=True) == json.dumps(cli, sort_keys=True)


@needs_cli
def test_fibre_record_with_its_segment_list_is_the_cli_json():
    f = ip.sem.fibers(MAT)
    cli = cli_records("sem", "fibers", MAT)[0]
    assert len(cli["segments"]["list"]) > 50  # the long list written without a value per field
    same_text(f.to_dict(), cli)


@needs_cli
def test_default_fit_record_is_the_cli_json(tmp_path):
    be, counts, _ = synthetic_f1s(seed=3)
    csv = tmp_path / "f1s.csv"
    np.savetxt(csv, np.column_stack([be, counts]), delimiter=",", header="be,counts", comments="")
    same_text(ip.xps.fit(csv, preset="f1s-sei").to_dict(), cli_records("xps", "fit", csv, "--preset", "f1s-sei")[0])


@needs_cli
def test_band_record_with_curves_is_the_cli_json():
    same_text(ip.ftir.peaks(SPC, curves=True).to_dict(), cli_records("ftir", "peaks", SPC, "--curves")[0])


def test_records_built_from_plain_objects_keep_their_types():
    # `ftir.kramers_kronig` and `read` build their records as objects of plain values.
    x = np.linspace(4000, 400, 1801)
    y = 0.05 + 0.3 * np.exp(-((x - 1726) / 12) ** 2)
    record = ip.ftir.kramers_kronig(x=x, y=y, name="R").to_dict()
    assert record == {"name": "R", "points": 1801} and type(record["points"]) is int
    m = ip.read(MAT)
    assert type(m.metadata["width"]) is int and type(m.metadata["height"]) is int


@needs_fixtures
def test_doubles_of_plain_records_stay_floats():
    # A charge shift of 0 eV is a double in the library: a float here, not the int 0.
    regions = ip.read(FIXTURES / "xps" / "cheminfo-vamas" / "multiplex.vms")
    assert regions and all(type(r.metadata["chargeShift"]) is float for r in regions)
    assert all(type(r.metadata["photonEnergy"]) is float for r in regions if "photonEnergy" in r.metadata)


def test_the_record_is_a_pickle_of_plain_values_only():
    """Only lists, dicts, str, int, float, bool and None: loading it imports nothing."""
    handle = _native.run("ftir.peaks", {"path": str(SPC)})
    lib = handle._lib
    raw = _native.ctypes.string_at(lib.ip_record(handle._pointer), lib.ip_record_size(handle._pointer))

    class Refusing(pickle.Unpickler):
        def find_class(self, module, name):
            raise AssertionError(f"the record asks for {module}.{name}")

    import io
    assert Refusing(io.BytesIO(raw)).load() == handle.records()


def test_requests_are_read_strictly_as_json():
    """The library reads the request's JSON itself: texts with escapes and characters outside the
    BMP, numbers, Booleans; anything else is an invalid request, never a guess."""
    lib = _native._load()
    for bad in [b"{", b"[]", b'{"a": 1,}', b'{"a": 01}', b'{"a": tru}', b'{"a": "\\x"}', b'{"a": 1} 2', b'{"a": "\\ud800"}']:
        h = _native.Handle(lib.ip_run(b"ftir.peaks", bad, None, 0))
        with pytest.raises(ip.InvalidRequestError, match="not a JSON object"):
            h.check()
    # 1 is not True: a Boolean option given a number is refused, as by the command line.
    with pytest.raises(ip.InvalidRequestError, match="True or False"):
        _native.run("ftir.peaks", {"path": str(SPC), "curves": 1})
    with pytest.raises(ip.InvalidRequestError, match="finite number"):
        _native.run("ftir.peaks", {"path": str(SPC), "min_snr": True})
    # json.dumps writes NaN and Infinity (not JSON): the option is named, not the request blamed.
    for bad in [float("nan"), float("inf"), -float("inf")]:
        with pytest.raises(ip.InvalidRequestError, match="option 'min_snr' must be a finite number"):
            ip.ftir.peaks(SPC, min_snr=bad)
        with pytest.raises(ip.InvalidRequestError, match="option 'range'"):
            ip.ftir.peaks(SPC, range=(600, bad))


def test_names_outside_ascii_cross_the_request_unchanged(tmp_path):
    # json.dumps writes "µ" and "😀" as \u escapes (a surrogate pair for the latter).
    name = "film µm 😀 \"quoted\" \\ tab\t.spc"
    path = tmp_path / name
    path.write_bytes(SPC.read_bytes())
    b = ip.ftir.peaks(path)
    assert b.to_dict()["file"].endswith(name) and b.peaks


def test_an_axis_of_more_than_one_dimension_is_refused_not_flattened():
    be, counts, _ = synthetic_f1s(seed=3)
    # Two rows of energies would reach the library as one axis twice as long.
    with pytest.raises(ip.InvalidRequestError, match="binding_energy must be one-dimensional"):
        ip.xps.fit(binding_energy=np.vstack([be, be]), intensity=np.vstack([counts, counts]), preset="f1s-sei")
    x = np.linspace(4000, 400, 1801)
    with pytest.raises(ip.InvalidRequestError, match="y must be one-dimensional"):
        ip.ftir.peaks(x=x, y=np.ones((2, 1801)))
    # The stack (2-D intensity on one axis) still works, row by row, and a column view too.
    rows = ip.xps.fit(binding_energy=be, intensity=np.vstack([counts, counts]).T.copy().T, preset="f1s-sei", single_model=True)
    alone = ip.xps.fit(binding_energy=be, intensity=counts, preset="f1s-sei", single_model=True)
    assert [r.to_dict() for r in rows] == [alone.to_dict()] * 2
