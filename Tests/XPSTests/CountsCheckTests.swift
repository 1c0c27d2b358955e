// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import XPS

/// Poisson weights assume detected counts. Intensities that are not (scaled, normalised, per second
/// without the dwell time) leave the fit's reduced chi-square far below 1 and its intervals too
/// wide: the fit says so, and the counts per unit put it right.
@Suite struct CountsCheckTests {
    static let components = XPSPreset.f1sSEI.components

    @Test("counts fit without the warning; the same spectra divided by 5 (counts per second of a 5 s dwell) warn and over-cover, and counts per unit 5 restores the counts' interval")
    func scaledCounts() throws {
        let truth = SyntheticF1s.threeComponents
        var scaledWidths: [Double] = [], countWidths: [Double] = [], scaledCovered = 0
        for seed in UInt64(1)...12 {
            let counts = try truth.region(seed: seed)
            let fit = try XPSFitter().fit(counts, components: Self.components)
            #expect(!fit.warnings.contains { $0.contains("not the detected counts") }, "seed \(seed): \(fit.warnings)")
            let perSecond = try XPSRegion(name: "F 1s", bindingEnergy: counts.bindingEnergy, intensity: counts.intensity.map { $0 / 5 },
                                          intensityKind: .countsPerSecond, countsPerUnit: 1, source: "scaled")
            let scaled = try XPSFitter().fit(perSecond, components: Self.components)
            #expect(scaled.warnings.contains { $0.contains("not the detected counts") }, "seed \(seed): χ²ν \(scaled.reducedChiSquare)")
            let declared = try XPSRegion(name: "F 1s", bindingEnergy: counts.bindingEnergy, intensity: perSecond.intensity,
                                         intensityKind: .countsPerSecond, countsPerUnit: 5, source: "declared")
            let right = try XPSFitter().fit(declared, components: Self.components)
            #expect(!right.warnings.contains { $0.contains("not the detected counts") })
            let a = try #require(fit.lifFraction), b = try #require(scaled.lifFraction), c = try #require(right.lifFraction)
            #expect(abs(c.value - a.value) < 1e-6 && abs(c.uncertainty - a.uncertainty) < 1e-6 * max(a.uncertainty, 1e-3))
            countWidths.append(a.ci95.upperBound - a.ci95.lowerBound)
            scaledWidths.append(b.ci95.upperBound - b.ci95.lowerBound)
            if b.ci95.contains(truth.lifFraction) { scaledCovered += 1 }
        }
        // What the warning is about: intervals √5 wider than the counts give.
        let ratio = scaledWidths.reduce(0, +) / countWidths.reduce(0, +)
        #expect(abs(ratio - 5.0.squareRoot()) < 0.25, "interval width ratio \(ratio)")
        #expect(scaledCovered == 12)
    }

    @Test("the criterion: more than 4√(2/ν) below 1 and under 0.7, with at least 20 degrees of freedom")
    func criterion() {
        #expect(XPSFitter.countsBelowPoisson(0.9, degreesOfFreedom: 311) == nil)  // the lowest real Poisson fit in the fixtures
        #expect(XPSFitter.countsBelowPoisson(0.6, degreesOfFreedom: 300) != nil)
        #expect(XPSFitter.countsBelowPoisson(0.3, degreesOfFreedom: 30) == nil)   // 1 − 4·0.26 < 0: chance at 30
        #expect(XPSFitter.countsBelowPoisson(0.0, degreesOfFreedom: 19) == nil)
        #expect(XPSFitter.countsBelowPoisson(0.01, degreesOfFreedom: 120) != nil)
    }
}

/// A window outside the region says what the region spans, and names kinetic energies when the
/// region is the window's kinetic energies for an Al or Mg Kα source.
@Suite struct RegionWindowTests {
    static func message(_ r: XPSRegion, _ window: ClosedRange<Double>) -> String {
        do { _ = try r.cropped(to: window); return "" } catch { return "\(error)" }
    }

    @Test("kinetic energies of the F 1s window (Al Kα, Mg Kα) are named as such; a window merely outside a binding-energy region is not")
    func kineticEnergies() throws {
        let be = stride(from: 680.0, through: 695.0, by: 0.05).map { $0 }
        let counts = be.map { _ in 100.0 }
        let window = 680.0...695.0
        for (hv, name) in [(1486.6, "Al Kα"), (1253.6, "Mg Kα")] {
            let ke = try XPSRegion(name: "F 1s", bindingEnergy: be.map { hv - $0 }.reversed(), intensity: counts, intensityKind: .counts,
                                   countsPerUnit: 1, source: "ke")
            let text = Self.message(ke, window)
            #expect(text.contains(name) && text.contains("680–695 eV") && text.contains("export binding energies"), "\(text)")
        }
        let region = try XPSRegion(name: "F 1s", bindingEnergy: be, intensity: counts, intensityKind: .counts, countsPerUnit: 1, source: "be")
        let text = Self.message(region, 600...610)
        #expect(text.contains("the region spans 680–695 eV") && !text.contains("kinetic"), "\(text)")
    }
}
