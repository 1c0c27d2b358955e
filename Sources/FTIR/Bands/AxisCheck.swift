// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// The abscissa a band analysis needs: wavenumbers in cm⁻¹.
///
/// A wavelength axis (nm, µm; near-infrared and UV–visible files declare one) is converted,
/// ν̃ = 10⁷/λ(nm) = 10⁴/λ(µm), with a note: reported in its own unit under the cm⁻¹ the record
/// promises, a band at 1726 nm would be read, and assigned, as the C=O stretch at 1726 cm⁻¹. An
/// interferogram's optical path difference or data points, or an energy axis, has no bands to
/// find: refused, with what to do. An axis taken as wavenumbers (declared so, as arrays are, or of
/// unknown kind) whose values cannot be infrared wavenumbers (all below 100, or reaching past 15 000)
/// is analysed as given, with a warning that names the likely wavelength unit.
public enum AxisCheck {
    /// `s` on a wavenumber axis, and the note saying what was done or what looks wrong (nil: nothing).
    public static func wavenumbers(_ s: Spectrum) throws(CorrectionError) -> (spectrum: Spectrum, note: String?) {
        switch s.xKind {
        case .wavenumber, .unknown:
            let lo = s.x.min() ?? 0, hi = s.x.max() ?? 0
            if hi <= 100 {
                return (s, String(format: "x spans %g–%g, below the wavenumbers of infrared spectra (cm⁻¹): if x is wavelength in µm, "
                                  + "give wavenumbers (10⁴/λ); bands are reported as if x were cm⁻¹", lo, hi))
            }
            if hi > 15_000 {
                return (s, String(format: "x reaches %g, beyond the near infrared in cm⁻¹: if x is wavelength in nm, give wavenumbers (10⁷/λ)"
                                  + "; bands are reported as if x were cm⁻¹", hi))
            }
            return (s, nil)
        case .wavelength:
            let factor: Double = s.xUnit == .micrometre ? 1e4 : 1e7
            guard s.x.allSatisfy({ $0 > 0 }) else { throw .outOfRange("a wavelength axis must be positive to convert to wavenumbers") }
            do {
                let converted = try Spectrum(name: s.name, x: s.x.map { factor / $0 }, y: s.y, xKind: .wavenumber, xUnit: .reciprocalCentimetre,
                                             yKind: s.yKind, yUnit: s.yUnit, metadata: s.metadata,
                                             provenance: s.provenance + [ProcessingStep("wavenumber", ["from": "wavelength (\(s.xUnit.rawValue))"])])
                let lo = converted.x.min()!, hi = converted.x.max()!
                return (converted, String(format: "x was wavelength (%@): converted to wavenumbers, ν̃ = %@/λ, %.6g–%.6g cm⁻¹ (not evenly spaced in cm⁻¹)",
                                          s.xUnit.rawValue, s.xUnit == .micrometre ? "10⁴" : "10⁷", lo, hi))
            } catch {
                throw .invalidParameter(error.description)
            }
        case .opticalPathDifference, .dataPoint:
            throw .invalidParameter("bands are found on wavenumbers (cm⁻¹); \(s.name) is an interferogram (x: \(s.xKind.rawValue)): "
                                    + "transform it first (interphase ftir transform), or choose the file's spectrum block")
        case .bindingEnergy, .kineticEnergy, .time:
            throw .invalidParameter("bands are found on wavenumbers (cm⁻¹); \(s.name) is on \(s.xKind.rawValue) (\(s.xUnit.rawValue))")
        }
    }
}
