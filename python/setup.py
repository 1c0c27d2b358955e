# SPDX-License-Identifier: GPL-3.0-or-later
"""Builds the Swift C ABI (the InterphaseC product) and puts the shared library into the package.

The library is linked with -static-stdlib, so it loads without the Swift toolchain on the library
path: it needs only the system libraries the README's set-up command installs (FFTW, libpng,
libtiff, cairo, libjpeg, stb). `pip install ./python` builds in place, from the repository this
directory belongs to (or from INTERPHASE_SOURCE).
"""
import os
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

LIBRARY = "libInterphaseC.so"


class BuildSwift(build_py):
    def run(self):
        super().run()
        root = Path(os.environ.get("INTERPHASE_SOURCE", Path(__file__).resolve().parent.parent))
        if not (root / "Package.swift").exists():
            raise SystemExit(f"interphase: no Package.swift in {root}; set INTERPHASE_SOURCE to the repository")
        scratch = root / ".build" / "python"
        subprocess.check_call(["swift", "build", "-c", "release", "--product", "InterphaseC",
                               "--scratch-path", str(scratch), "-Xswiftc", "-static-stdlib"], cwd=root)
        target = Path(self.build_lib) / "interphase"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(scratch / "release" / LIBRARY, target / LIBRARY)
        if shutil.which("strip"):
            subprocess.call(["strip", "--strip-unneeded", str(target / LIBRARY)])


class BinaryDistribution(Distribution):
    """The wheel holds a compiled library: tag it for this platform."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildSwift}, distclass=BinaryDistribution)
