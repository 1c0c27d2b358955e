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

/// Option texts the library parses, read where ArgumentParser reads them (`@Option(transform:)`).
enum Arguments {
    static func pixelSize(_ text: String) throws -> SEMCalibration {
        guard let c = SEMCalibration(text: text) else { throw ValidationError("expected a positive number and a unit (nm, µm, um, pm, mm, m), e.g. 50nm") }
        return c
    }

    static func wavenumberRange(_ text: String) throws -> ClosedRange<Double> {
        guard let r = RangeText.parse(text) else { throw ValidationError("expected LOW:HIGH in cm⁻¹, e.g. 600:4000") }
        return r
    }
}

/// The XPS model texts, parsed where ArgumentParser reads them (`@Option(transform:)`): a text the
/// library cannot read is a usage error (exit 2) that names the option and the form it takes, and
/// the command gets typed values, with nothing left to check or unwrap.
enum XPSArguments {
    static func preset(_ text: String) throws -> XPSPreset {
        guard let p = XPSPreset.named(text) else {
            throw ValidationError("known presets: \(XPSPreset.all.map(\.name).joined(separator: ", "))")
        }
        return p
    }

    static func component(_ text: String) throws -> XPSComponent {
        guard let c = XPSModelText.component(text) else { throw ValidationError("expected NAME=CENTER[,FWHM[,SHAPE]]") }
        return c
    }

    static func doublet(_ text: String) throws -> XPSDoublet {
        guard let d = XPSModelText.doublet(text) else {
            throw ValidationError("expected NAME=CENTER,SPLIT,RATIO[,FWHM[,SHAPE]] (RATIO as 2:1 or 0.5)")
        }
        return d
    }

    static func link(_ text: String) throws -> XPSModelText.LinkSpec {
        guard let l = XPSModelText.link(text) else {
            throw ValidationError("expected B.fwhm=[SCALE*]A.fwhm, B.area=[SCALE*]A.area or B.center=A.center[±OFFSET]")
        }
        return l
    }

    static func bound(_ text: String) throws -> XPSModelText.BoundSpec {
        guard let b = XPSModelText.bound(text) else {
            throw ValidationError("expected NAME.center=LOW:HIGH, NAME.fwhm=LOW:HIGH or NAME.center=VALUE (FWHM > 0)")
        }
        return b
    }

    static func tougaard(_ text: String) throws -> TougaardBackground.Kernel {
        guard let k = TougaardBackground.Kernel(text) else { throw ValidationError("expected u2:B,C, u3:B,C,D or u4:B,C,C',D") }
        return k
    }

    static func range(_ text: String) throws -> ClosedRange<Double> {
        guard let r = RangeText.parse(text) else { throw ValidationError("expected LOW:HIGH in eV") }
        return r
    }

    /// `284.8` (adventitious carbon) or `LiF=685.0` (a component of the model).
    static func chargeReference(_ text: String) throws -> XPSCoreLevelFit.ChargeReferencing {
        guard let c = XPSCoreLevelFit.ChargeReferencing(text: text) else { throw ValidationError("expected EV or COMPONENT=EV") }
        return c
    }

    /// `--rsf ELEMENT=VALUE`.
    struct SensitivityFactor {
        var element: String
        var value: Double
    }

    static func sensitivityFactor(_ text: String) throws -> SensitivityFactor {
        guard let f = RegionQuantification.sensitivityFactor(text: text) else { throw ValidationError("expected ELEMENT=VALUE with a positive value") }
        return SensitivityFactor(element: f.element, value: f.value)
    }
}
