# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared helpers: the repository, the fixtures beside it, and the command line to compare with."""
import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(os.environ.get("INTERPHASE_FIXTURES", ROOT.parent / "shared" / "fixtures"))
CLI = Path(os.environ.get("INTERPHASE_CLI", ROOT / ".build" / "release" / "interphase"))

needs_fixtures = pytest.mark.skipif(not FIXTURES.is_dir(), reason=f"needs ../shared/fixtures ({FIXTURES} not found)")
needs_cli = pytest.mark.skipif(not CLI.exists(), reason=f"needs the command line built first ({CLI}: swift build -c release)")


def cli_records(*args):
    """The command's JSON records for `args` (one object, or one per line for several)."""
    run = subprocess.run([str(CLI), *map(str, args), "--json", "-"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    text = run.stdout.strip()
    try:
        return [json.loads(text)]
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def gl_product(x, center, fwhm, m=0.3):
    """CasaXPS GL(m): the product of a Gaussian and a Lorentzian, height 1 (written here from the formula)."""
    u = (x - center) / fwhm
    return np.exp(-4 * np.log(2) * (1 - m) * u * u) / (1 + 4 * m * u * u)


def synthetic_f1s(seed=5):
    """An F 1s region of known LiF fraction: three GL(30) lines (LiF 685.1, LixPOyFz 686.9, CF2 688.7 eV;
    areas 2340, 1560, 1300: LiF 0.45), a sloped background with a Shirley step, Poisson counts."""
    be = np.round(np.arange(680.0, 695.0001, 0.05), 2)
    lines = [(685.1, 1.7, 2340.0), (686.9, 1.8, 1560.0), (688.7, 1.9, 1300.0)]
    fine = np.linspace(-20, 20, 40001)
    g = gl_product(fine, 0, 1)
    unit_area = float(np.sum(0.5 * (g[1:] + g[:-1]) * np.diff(fine)))
    peaks = sum(a / (w * unit_area) * gl_product(be, c, w) for c, w, a in lines)
    step = np.concatenate([[0], np.cumsum(0.5 * (peaks[1:] + peaks[:-1]) * np.diff(be))])
    expected = peaks + 300 + 4 * (be - be[0]) + 0.06 * step
    counts = np.random.default_rng(seed).poisson(expected).astype(float)
    return be, counts, 2340.0 / (2340 + 1560 + 1300)
