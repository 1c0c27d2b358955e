// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import RealModule

/// A band found, fitted and assigned.
public struct AnalysedBand: Sendable, Codable {
    public var band: FittedBand
    public var assignments: [BandAssignment]
    public var warnings: [String]
}

/// The FTIR band pipeline: absorbance → baseline → peaks → fit → assignment.
///
///     let result = try BandAnalysis().run(spectrum)
///     for b in result.bands { print(b.band.position, b.assignments.first?.species ?? "?") }
public struct BandAnalysis: Sendable {
    /// nil: arPLS with λ = (100 cm⁻¹ / step)⁴, stiff over ~100 cm⁻¹ whatever the point spacing.
    public var baseline: BaselineMethod?
    /// Choose arPLS's λ by the extended-range method (``AutomaticLambda``) instead of the spacing rule.
    public var automaticLambda = false
    /// Also seed bands at significant minima of the second derivative that have no maximum of their
    /// own (shoulders, e.g. PMMA 750 cm⁻¹ under PVDF 763 cm⁻¹).
    public var detectShoulders = true
    /// nil: the larger of 5 × the noise level and 1 % of the band range. Peaks narrower than two
    /// sample steps are dropped as unresolved noise.
    public var minimumProminence: Double?
    public var fitter = BandFitter()
    public var assigner = BandAssigner()

    public init() {}

    public struct Result: Sendable {
        public var absorbance: Spectrum
        public var baseline: [Double]
        public var corrected: Spectrum
        public var noise: Double
        public var bands: [AnalysedBand]
        public var warnings: [String]

        /// β-phase fraction of PVDF from the fitted heights at ~840 and ~763 cm⁻¹ (Gregorio & Cestari),
        /// when both bands were found.
        public var pvdfBetaFraction: Double? {
            let b840 = bands.first { abs($0.band.position - 840) <= 5 }, b763 = bands.first { abs($0.band.position - 763) <= 5 }
            guard let b840, let b763 else { return nil }
            return BandAssigner.pvdfBetaFraction(absorbance840: b840.band.height, absorbance763: b763.band.height)
        }
    }

    /// Minima of the Savitzky–Golay second derivative (window ≈ 9 cm⁻¹, cubic) deeper than 8× its
    /// noise, on a band above the detection threshold, with no detected maximum within half a width.
    func shoulders(of s: Spectrum, besides peaks: [Peak], step: Double, threshold: Double) throws -> [Peak] {
        var window = max(7, Int((9 / step).rounded()))
        if window % 2 == 0 { window += 1 }
        guard s.count > 3 * window else { return [] }
        let d2 = try SavitzkyGolay(window: window, order: 3, derivative: 2).apply(s.y, spacing: step).map { -$0 }
        let diffs = (1..<d2.count).map { abs(d2[$0] - d2[$0 - 1]) }
        let noise = Statistics.median(diffs) / (2.0.squareRoot() * 0.6745)
        var out: [Peak] = []
        for c in PeakFinder(minimumProminence: 8 * noise).find(x: s.x, y: d2) where d2[c.index] > 0 && s.y[c.index] > threshold {
            let near = peaks.contains { abs($0.position - c.position) < max(0.5 * $0.width, 3 * step) }
            if near { continue }
            // The −y'' lobe of a Gaussian spans about half its FWHM at half depth: width ≈ 2 × lobe width.
            out.append(Peak(index: c.index, position: c.position, height: s.y[c.index], prominence: s.y[c.index],
                            leftBase: c.leftBase, rightBase: c.rightBase, width: max(2 * c.width, 2 * step), leftX: c.leftX, rightX: c.rightX))
        }
        return out
    }

    public func run(_ input: Spectrum) throws -> Result {
        var s = input
        var warnings: [String] = []
        if s.yKind == .transmittance {
            let f = s.yUnit == .percent ? 0.01 : 1
            guard s.y.allSatisfy({ $0 * f > 0 }) else { throw BaselineError.invalidParameter("transmittance ≤ 0 cannot become absorbance") }
            s = try s.replacingY(s.y.map { -Double.log10($0 * f) }, kind: .absorbance, step: ProcessingStep("absorbance", ["from": "transmittance"]))
        } else if s.yKind != .absorbance {
            warnings.append("y is \(s.yKind.rawValue), not absorbance: bands are taken as maxima")
        }
        let step = abs(s.x[s.count - 1] - s.x[0]) / Double(s.count - 1)
        var method = baseline ?? .arpls(lambda: Double.pow(100 / step, 4))
        var base: [Double]
        if automaticLambda && baseline == nil {
            let auto = try AutomaticLambda.extendedRange(x: s.x, y: s.y) { .arpls(lambda: $0) }
            method = .arpls(lambda: auto.lambda)
            base = auto.baseline
        } else {
            base = try method.baseline(of: s)
        }
        let corrected = try s.replacingY(zip(s.y, base).map { $0 - $1 }, step: ProcessingStep("baseline." + method.name, ["parameters": "\(method)"]))
        // Noise: median absolute first difference, scaled to σ of white noise (√2 × 0.6745).
        let diffs = (1..<corrected.count).map { abs(corrected.y[$0] - corrected.y[$0 - 1]) }
        let noise = Statistics.median(diffs) / (2.0.squareRoot() * 0.6745)
        let threshold = minimumProminence ?? max(5 * noise, 0.01 * (corrected.yMax - corrected.yMin))
        // A band narrower than two sample steps is not resolved by the measurement: it is noise.
        var peaks = corrected.peaks(PeakFinder(minimumProminence: threshold)).filter { $0.width >= 2 * step }
        if detectShoulders { peaks += try shoulders(of: corrected, besides: peaks, step: step, threshold: threshold) }
        let fitted = try fitter.fit(x: corrected.x, y: corrected.y, peaks: peaks)
        warnings += fitted.warnings
        // Keep bands whose fitted area is significant (≥ 3 standard errors); say which were dropped.
        var kept: [FittedBand] = []
        for b in fitted.bands {
            if let e = b.areaError, b.area >= 3 * e { kept.append(b) } else {
                warnings.append(String(format: "band near %.1f cm⁻¹ dropped: area %.3g ± %@ is not significant", b.position, b.area, b.areaError.map { String(format: "%.2g", $0) } ?? "undetermined"))
            }
        }
        let assigned = assigner.assign(kept.map(\.position))
        let bands = zip(kept, assigned).map { AnalysedBand(band: $0, assignments: $1.candidates, warnings: $1.warnings) }
        return Result(absorbance: s, baseline: base, corrected: corrected, noise: noise, bands: bands.sorted { $0.band.position > $1.band.position }, warnings: warnings)
    }
}
