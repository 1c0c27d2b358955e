// SPDX-License-Identifier: GPL-3.0-or-later
// The umbrella module: `import Interphase` gives the core values, the three techniques, file
// detection (InterphaseIO) and figures (InterphaseFigures).
@_exported import InterphaseCore
@_exported import InterphaseReport
@_exported import FTIR
@_exported import XPS
@_exported import SEM
@_exported import InterphaseIO
@_exported import InterphaseFigures
