// SPDX-License-Identifier: GPL-3.0-or-later

/// The arrays a band analysis rests on, to redraw it or continue from it: the absorbance and its
/// baseline, the corrected trace, the fitted model (bands plus each group's local linear
/// background) and every band's own profile, all on the corrected trace's x.
public struct BandCurves: Sendable, Codable, Hashable {
    /// Wavenumbers (cm⁻¹) of the absorbance, baseline and corrected trace.
    public var x: [Double]
    /// The spectrum as analysed (absorbance), before the baseline.
    public var absorbance: [Double]
    /// The baseline.
    public var baseline: [Double]
    /// Absorbance − baseline.
    public var corrected: [Double]
    /// The fitted model: the bands plus the local background of the window each point lies in.
    public var fit: [Double]
    /// Each band's profile alone, in the order of the bands.
    public var bands: [[Double]]
}

extension BandAnalysis.Result {
    /// The analysis's arrays (``BandCurves``).
    public func curves() -> BandCurves {
        let x = corrected.x
        let fit = x.map { xi in
            bands.reduce(0) { $0 + $1.band.profile.value(at: xi) } + (localBackgrounds.first { $0.range.contains(xi) }?.value(at: xi) ?? 0)
        }
        return BandCurves(x: x, absorbance: absorbance.y, baseline: baseline, corrected: corrected.y, fit: fit,
                          bands: bands.map { b in x.map { b.band.profile.value(at: $0) } })
    }
}
