// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Core-level spectra with known truth for demonstrations and benchmarks: GL(30) components, the
/// peak-based Shirley background c₀ + c₁·(E − E_low) + k·(cumulative peak area), Poisson counts
/// from a seeded generator. (The test suite builds its own, independent generator.)
public struct SyntheticSpectrum: Sendable {
    /// One component: GL(30) of given centre, FWHM and area.
    public struct Line: Sendable, Hashable, Codable {
        /// The component's name (the LiF fraction looks for "LiF").
        public var name: String
        /// Binding energy of the maximum (eV).
        public var center: Double
        /// Full width at half maximum (eV).
        public var fwhm: Double
        /// Area in counts·eV.
        public var area: Double
        /// A component named `name`.
        public init(_ name: String, center: Double, fwhm: Double, area: Double) {
            self.name = name
            self.center = center
            self.fwhm = fwhm
            self.area = area
        }
    }

    /// The components.
    public var lines: [Line]
    /// The binding-energy grid (eV), ascending.
    public var energies: [Double]
    /// The background: constant, slope per eV and Shirley share of the cumulative peak area.
    public var offset = 300.0, slope = 4.0, shirley = 0.06

    /// The components on a grid from `low` to `high` eV in steps of `step`.
    public init(lines: [Line], from low: Double, to high: Double, step: Double) {
        self.lines = lines
        let n = Int(((high - low) / step).rounded())
        energies = (0...n).map { low + Double($0) * step }
    }

    /// F 1s of an SEI: LiF 685.1 eV, LixPOyFz 686.9 eV, CF2 688.7 eV; LiF fraction 0.45; 680–695 eV in 0.05 eV steps.
    public static let f1sSEI = SyntheticSpectrum(lines: [
        Line("LiF", center: 685.1, fwhm: 1.7, area: 2340),
        Line("LixPOyFz/C-F", center: 686.9, fwhm: 1.8, area: 1560),
        Line("CF2", center: 688.7, fwhm: 1.9, area: 1300),
    ], from: 680, to: 695, step: 0.05)

    /// The true LiF fraction: the LiF line's area over all areas.
    public var lifFraction: Double {
        (lines.first { $0.name == "LiF" }?.area ?? 0) / lines.reduce(0) { $0 + $1.area }
    }

    /// Expected counts (no noise).
    public func expected() -> [Double] {
        let shape = XPSLineShape.glProduct(m: 0.3), k = shape.unitArea
        let peaks = energies.map { e in lines.reduce(0.0) { $0 + $1.area / ($1.fwhm * k) * shape.profile((e - $1.center) / $1.fwhm).value } }
        var cum = 0.0
        return energies.indices.map { i in
            if i > 0 { cum += 0.5 * (peaks[i] + peaks[i - 1]) * (energies[i] - energies[i - 1]) }
            return peaks[i] + offset + slope * (energies[i] - energies[0]) + shirley * cum
        }
    }

    /// Poisson counts.
    public func counts(seed: UInt64) -> [Double] {
        var rng = ReplicaRandom(seed: seed)
        return expected().map { rng.poisson($0) }
    }

    /// A region of Poisson counts drawn with `seed`, ready for ``XPSFitter``.
    public func region(seed: UInt64, name: String = "F 1s") throws(XPSError) -> XPSRegion {
        try XPSRegion(name: name, bindingEnergy: energies, intensity: counts(seed: seed), intensityKind: .counts,
                      countsPerUnit: 1, source: "synthetic (seed \(seed))")
    }

    /// Two-column CSV: binding energy (eV), counts.
    public func csv(seed: UInt64) -> String {
        "Binding Energy (eV),Counts\n" + zip(energies, counts(seed: seed)).map { String(format: "%.2f,%.0f", $0, $1) }.joined(separator: "\n") + "\n"
    }
}
