# SPDX-License-Identifier: GPL-3.0-or-later
"""Interphase: FTIR, XPS and SEM analysis for battery-interface research, in process.

    import interphase as ip
    r = ip.xps.fit("f1s.vms", preset="f1s-sei")
    r.lif_fraction.value, r.lif_fraction.ci95

Every function calls the library entry point the `interphase` command calls, with its defaults;
`to_dict()` of a result is the command's JSON record.
"""
from . import ftir, sem, xps
from ._native import version as _version
from .errors import AnalysisError, InterphaseError, InvalidRequestError, UnreadableInputError
from .io import Micrograph, Region, Spectrum, read

__version__ = "0.1.0"

__all__ = ["read", "ftir", "xps", "sem", "Spectrum", "Region", "Micrograph",
           "InterphaseError", "UnreadableInputError", "InvalidRequestError", "AnalysisError", "library_version"]


def library_version():
    """The version of the Swift library loaded."""
    return _version()
