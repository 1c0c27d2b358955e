// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Interphase

// The library's option enums, parsed by their raw values; ArgumentParser lists the cases in --help
// and refuses anything else as a usage error (exit 2).
extension BandShape: ExpressibleByArgument {}
extension AtmosphereHandling: ExpressibleByArgument {}
extension Apodization: ExpressibleByArgument {}
extension SpectrumCorrections.Ordinate: ExpressibleByArgument {}
extension SpectrumTextFormat: ExpressibleByArgument {}
extension FTIRInterferogramTransform.Target: ExpressibleByArgument {}
extension XPSBackgroundChoice: ExpressibleByArgument {}
extension Threshold.Method: ExpressibleByArgument {}
extension FiberAnalysis.Layer: ExpressibleByArgument {}
extension DepositThickness.Phase: ExpressibleByArgument {}
