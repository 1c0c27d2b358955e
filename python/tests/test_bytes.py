# SPDX-License-Identifier: GPL-3.0-or-later
"""A file's contents in memory give what the file on disk gives (the name stands in for the path)."""
import numpy as np
import pytest

import interphase as ip
from conftest import ROOT, cli_records, needs_cli, synthetic_f1s

SPC = ROOT / "Spectra" / "polystyrene_film.SPC"
OPUS = ROOT / "Spectra" / "opus_test.0000"
MAT = ROOT / "Images" / "nanofiber_diameterj.tif"


def test_read_bytes():
    from_path, from_bytes = ip.read(OPUS), ip.read(OPUS.read_bytes(), name="opus_test.0000")
    assert [s.name for s in from_bytes] == [s.name for s in from_path]
    for a, b in zip(from_path, from_bytes):
        assert np.array_equal(a.x, b.x) and np.array_equal(a.y, b.y)
    image = ip.read(MAT.read_bytes())
    assert np.array_equal(image.pixels, ip.read(MAT).pixels)


@needs_cli
def test_analyses_of_bytes_are_the_cli_records(tmp_path):
    assert ip.ftir.peaks(SPC.read_bytes(), name=str(SPC)).to_dict() == cli_records("ftir", "peaks", SPC)[0]
    assert ip.sem.fibers(MAT.read_bytes(), name=str(MAT), orientation=False).to_dict() == \
        cli_records("sem", "fibers", MAT, "--no-orientation")[0]
    be, counts, _ = synthetic_f1s(seed=2)
    csv = tmp_path / "f1s.csv"
    csv.write_text("Binding Energy (eV),Counts\n" + "".join(f"{e:.2f},{c:.0f}\n" for e, c in zip(be, counts)))
    assert ip.xps.fit(csv.read_bytes(), name=str(csv), preset="f1s-sei").to_dict() == \
        cli_records("xps", "fit", csv, "--preset", "f1s-sei")[0]


def test_unreadable_bytes():
    with pytest.raises(ip.UnreadableInputError):
        ip.read(b"\x00\x01 not a file format")
    with pytest.raises(ip.UnreadableInputError):
        ip.xps.fit(b"VAMAS Surface Chemical Analysis Standard Data Transfer Format 1988 May 4\n", preset="f1s-sei")
