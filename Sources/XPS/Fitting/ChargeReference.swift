// SPDX-License-Identifier: GPL-3.0-or-later

/// Charge referencing to adventitious carbon: the shift that puts the C–C/C–H component of C 1s at
/// 284.8 eV (or a given energy). The shift is applied by ``XPSRegion/shifted(by:reason:)`` and recorded;
/// raw energies are never changed silently. IUPAC and Greczynski & Hultman warn that adventitious
/// carbon does not measure the true charging potential, least of all on Li metal or an SEI: the
/// result says so.
public enum ChargeReference {
    /// The shift and what it was measured from.
    public struct Result: Sendable, Hashable, Codable {
        /// Add this to every measured binding energy (eV).
        public var shift: Double
        /// Where the C–C/C–H component was found before the shift.
        public var measuredPosition: Double
        /// The energy the C–C/C–H component is put at (eV).
        public var reference: Double
        /// The caution every adventitious-carbon shift carries (see the type's description).
        public var warning: String
    }

    /// The shift that puts the C–C/C–H component of `c1s` at `reference`: the largest net peak located coarsely, then a fitted GL(30) centre.
    public static func adventitiousCarbon(_ c1s: XPSRegion, reference: Double = 284.8) throws(XPSError) -> Result {
        // 1. Coarse: the largest net intensity above a line between the ends.
        let x = c1s.bindingEnergy, y = c1s.intensity, n = x.count
        let line = x.map { y[0] + (y[n - 1] - y[0]) * ($0 - x[0]) / (x[n - 1] - x[0]) }
        let i = (0..<n).max { y[$0] - line[$0] < y[$1] - line[$1] }!
        let coarse = reference - x[i]
        // 2. Fine: fit the C 1s preset on the coarsely shifted region; C–C/C–H gives the final shift.
        var options = XPSFitOptions()
        options.selectComponents = true
        var shift = coarse
        // A shift moves the data across the windows, which can change the selected model: iterate.
        for _ in 0..<4 {
            let fit = try XPSFitter(options: options).fit(XPSPreset.c1s.crop(c1s.shifted(by: shift, reason: "C 1s referencing")),
                                                          components: XPSPreset.c1s.components)
            guard let cc = fit.component("C-C/C-H") else { throw .fitFailed("\(c1s.source): no C-C/C-H component in the C 1s fit") }
            shift += reference - cc.center
            if abs(reference - cc.center) < 0.005 { break }
        }
        return Result(shift: shift, measuredPosition: reference - shift, reference: reference,
                      warning: "charge referenced to adventitious C 1s at \(reference) eV (shift \(String(format: "%+.2f", shift)) eV); this does not measure the true charging potential on Li metal or an SEI (Greczynski & Hultman 2020; Oswald 2018)")
    }
}

extension ChargeReference {
    /// Charge referencing to a component of the region's own model: the shift that puts
    /// `component` (e.g. LiF at 685.0 eV, or C–C at 284.8) at `reference`. Shifting moves the data
    /// across the components' windows, so the fit is repeated until the shift settles (at most 6 times).
    public static func component(_ name: String, at reference: Double, in region: XPSRegion, components: [XPSComponent],
                                 options: XPSFitOptions = XPSFitOptions()) throws(XPSError) -> Result {
        guard components.contains(where: { $0.name.lowercased() == name.lowercased() }) else {
            throw .invalidModel("no component named \(name) in the model (\(components.map(\.name).joined(separator: ", ")))")
        }
        var shift = 0.0, found = Double.nan
        var options = options
        options.modelSpace = nil // the reference needs the one model's centre, not averaged fractions
        for _ in 0..<6 {
            let fit = try XPSFitter(options: options).fit(region.shifted(by: shift, reason: "referencing to \(name)"), components: components)
            guard let c = fit.components.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw .fitFailed("\(region.source): the model selection dropped \(name): it cannot serve as the charge reference")
            }
            found = c.center - shift
            let step = reference - c.center
            shift += step
            if abs(step) < 0.005 { break }
        }
        return Result(shift: shift, measuredPosition: found, reference: reference,
                      warning: String(format: "charge referenced to %@ at %.2f eV (measured %.2f eV, shift %+.2f eV)", name, reference, found, shift))
    }
}
