// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import InterphaseCore
import ComplexModule
import _TestSupport
@testable import XPS

@Suite struct XPSVoigtTests {
    /// scipy.special.voigt_profile(u, σ, γ)/voigt_profile(0, σ, γ) (scipy 1.17.1), with σ and γ from
    /// the Olivero–Longbothum split of a unit FWHM at Lorentzian share r.
    static let scipy: [(r: Double, u: [Double], v: [Double])] = [
        (0.2, [0.25, 0.5, 1, 3], [0.837595413424, 0.499846524436, 0.0889983184666, 0.00428739154326]),
        (0.5, [0.25, 0.5, 1, 3], [0.83060029034, 0.499939046929, 0.130783201702, 0.0117723048931]),
        (0.8, [0.25, 0.5, 1, 3], [0.817851704952, 0.500076991285, 0.173177250358, 0.0205536115312]),
    ]

    @Test func profileMatchesScipyVoigt() {
        for row in Self.scipy {
            let shape = XPSLineShape.voigt(lorentzFraction: row.r)
            for (u, v) in zip(row.u, row.v) {
                #expect(abs(shape.profile(u).value - v) < 1e-9, "r \(row.r) u \(u)")
                #expect(abs(shape.profile(-u).value - v) < 1e-9)
            }
        }
    }

    @Test func limitsAreGaussianAndLorentzian() {
        let g = XPSLineShape.voigt(lorentzFraction: 0), l = XPSLineShape.voigt(lorentzFraction: 1)
        for u in stride(from: -3.0, through: 3.0, by: 0.37) {
            #expect(abs(g.profile(u).value - exp(-4 * log(2.0) * u * u)) < 1e-9)
            #expect(abs(l.profile(u).value - 1 / (1 + 4 * u * u)) < 1e-9)
        }
        #expect(abs(g.unitArea - 0.5 * (Double.pi / log(2.0)).squareRoot()) < 1e-9)
        #expect(abs(l.unitArea - Double.pi / 2) < 1e-12)
    }

    @Test(arguments: [0.1, 0.3, 0.6, 0.9]) func fwhmIsOneAndAreaIsTheIntegral(r: Double) {
        let shape = XPSLineShape.voigt(lorentzFraction: r)
        // Half height crossing by bisection on [0, 1].
        var a = 0.0, b = 1.0
        for _ in 0..<60 { let m = 0.5 * (a + b); if shape.profile(m).value > 0.5 { a = m } else { b = m } }
        #expect(abs(2 * a - 1) < 3e-4, "FWHM \(2 * a) at r \(r)") // Olivero–Longbothum: 0.02 %
        // ∫ s(u) du = ∫ s(tan θ) sec²θ dθ over (−π/2, π/2): a midpoint sum, smooth for Lorentzian tails.
        let m = 20_000, h = Double.pi / Double(m)
        var s = 0.0
        for k in 0..<m {
            let th = -Double.pi / 2 + (Double(k) + 0.5) * h, c = cos(th)
            s += shape.profile(tan(th)).value / (c * c) * h
        }
        #expect(abs(s - shape.unitArea) < 1e-5 * shape.unitArea, "∫ \(s) vs \(shape.unitArea)")
    }

    @Test func casaNotationRoundTrips() {
        #expect(XPSLineShape(casa: "Voigt(30)") == .voigt(lorentzFraction: 0.3))
        #expect(XPSLineShape(casa: "V(50)") == .voigt(lorentzFraction: 0.5))
        #expect(XPSLineShape(casa: "Voigt(130)") == nil)
        #expect(XPSLineShape.voigt(lorentzFraction: 0.3).description == "Voigt(30)")
        #expect(XPSLineShape.voigt(lorentzFraction: 0.3).isFittable)
    }

    @Test func jacobianMatchesFiniteDifferences() {
        let shapes: [XPSLineShape] = [.voigt(lorentzFraction: 0.3), .voigt(lorentzFraction: 0.7)]
        #expect(XPSPeakModelTests.worstJacobianError(shapes, [685.1, 1.7, 3000, 688.0, 1.5, 1500, 300, 4, 0.06], active: true) < 1e-4)
    }

    /// Voigt truth from the foundation's scipy-checked `Voigt` (area-normalised), Poisson counts on
    /// a linear background: the fit recovers centres, areas and the LiF fraction within 3σ.
    @Test func fitRecoversVoigtTruth() throws {
        let x = stride(from: 680.0, through: 695.0, by: 0.05).map { $0 }
        let lif = Voigt(center: 685.1, sigma: 0.55, gamma: 0.18, area: 3000)
        let cf = Voigt(center: 688.2, sigma: 0.6, gamma: 0.2, area: 2000)
        var rng = SplitMix64(seed: 7)
        let y = x.map { rng.poisson(lif.value(at: $0) + cf.value(at: $0) + 200) }
        let region = try XPSRegion(name: "F 1s", bindingEnergy: x, intensity: y, intensityKind: .counts, countsPerUnit: 1, source: "synthetic")
        var a = XPSComponent("LiF", shape: .voigt(lorentzFraction: 0.3), center: 685.3, centerRange: 684...686.5, fwhm: 1.5)
        var b = XPSComponent("CF2", shape: .voigt(lorentzFraction: 0.3), center: 688.0, centerRange: 687...689.5, fwhm: 1.5)
        a.justification = "test"; b.justification = "test"
        var options = XPSFitOptions(); options.background = .linear
        let r = try XPSFitter(options: options).fit(region, components: [a, b])
        let f = try #require(r.lifFraction)
        #expect(abs(f.value - 0.6) < 3 * f.uncertainty + 1e-3, "LiF \(f.value) ± \(f.uncertainty)")
        #expect(abs(r.components[0].center - 685.1) < 0.02)
        #expect(abs(r.components[0].area - 3000) < 3 * (r.components[0].areaError ?? 0) + 30)
        #expect(abs(r.components[0].fwhm - lif.fwhm) < 0.05, "fwhm \(r.components[0].fwhm) vs \(lif.fwhm)")
        #expect(r.reducedChiSquare < 1.3)
    }
}

@Suite struct XPSTransmissionTests {
    /// Truth by construction: the spectrometer multiplies the true signal by T(E), rising 0.5 → 1.5
    /// across the window (exaggerated). Corrected, the fit recovers the true LiF fraction; not
    /// corrected, it is biased toward the high-transmission side.
    @Test func correctionRecoversTheTrueFraction() throws {
        let truth = SyntheticF1s.twoComponents
        let x = truth.energies, n = x.count
        let t = x.indices.map { 0.5 + Double($0) / Double(n - 1) }
        var rng = SplitMix64(seed: 11)
        let y = zip(truth.expected(), t).map { rng.poisson(10 * $0 * $1) }
        let region = try XPSRegion(name: "F 1s", bindingEnergy: x, intensity: y, intensityKind: .counts,
                                   countsPerUnit: 1, transmission: t, source: "synthetic")
        let model = XPSFitTests.model(2)
        var options = XPSFitOptions(); options.background = .active
        let raw = try XPSFitter(options: options).fit(region, components: model)
        options.transmissionCorrection = true
        let corrected = try XPSFitter(options: options).fit(region, components: model)
        let fc = try #require(corrected.lifFraction), fr = try #require(raw.lifFraction)
        #expect(abs(fc.value - truth.lifFraction) < 3 * fc.uncertainty, "corrected \(fc.value) ± \(fc.uncertainty)")
        #expect(abs(fr.value - truth.lifFraction) > 5 * fr.uncertainty, "uncorrected \(fr.value) ± \(fr.uncertainty)")
        #expect(corrected.reducedChiSquare < 1.5)
        #expect(corrected.weighting == "poisson")
    }

    @Test func correctionWithoutATransmissionFunctionIsAnError() throws {
        let truth = SyntheticF1s.twoComponents
        let region = try XPSRegion(name: "F 1s", bindingEnergy: truth.energies, intensity: truth.expected(),
                                   intensityKind: .counts, countsPerUnit: 1, source: "nofunction.csv")
        var options = XPSFitOptions(); options.transmissionCorrection = true
        #expect(throws: XPSError.self) { try XPSFitter(options: options).fit(region, components: XPSFitTests.model(2)) }
        do { _ = try region.transmissionCorrected(); Issue.record("no error") } catch {
            #expect("\(error)".contains("nofunction.csv"))
        }
    }

    @Test(.enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures")) func fixtureTransmissionDividesChannelByChannel() throws {
        guard let d = try VAMASReaderTests.read("pynxtools-xps/regular.vms") else { return }
        let region = try XPSRegion(d.blocks[0], source: "regular.vms#1")
        let c = try region.transmissionCorrected()
        let t = try #require(region.transmission)
        for i in [0, region.count / 2, region.count - 1] {
            #expect(abs(c.intensity[i] * t[i] - region.intensity[i]) < 1e-9 * max(1, region.intensity[i]))
            #expect(abs(c.countsPerUnitPerChannel![i] - region.countsPerUnit! * t[i]) < 1e-9 * t[i])
        }
    }
}

@Suite struct XPSMonteCarloDeterminismTests {
    /// Replica r uses seed + r and fills slot r, so the Monte Carlo interval is the same bits for
    /// 1 and 8 threads.
    @Test func monteCarloIsBitIdenticalFor1And8Threads() throws {
        let region = try SyntheticF1s.twoComponents.region(seed: 5)
        var options = XPSFitOptions(); options.monteCarlo = 40
        func run(_ n: Int) throws -> XPSFitResult {
            let saved = Parallelism.workers
            Parallelism.workers = n
            defer { Parallelism.workers = saved }
            return try XPSFitter(options: options).fit(region, components: XPSFitTests.model(2))
        }
        let a = try run(1), b = try run(8)
        let fa = try #require(a.lifFraction), fb = try #require(b.lifFraction)
        #expect(fa.method == .monteCarlo)
        #expect(fa.uncertainty.bitPattern == fb.uncertainty.bitPattern && fa.value.bitPattern == fb.value.bitPattern)
        #expect(zip(a.components, b.components).allSatisfy { $0.areaFractionUncertainty == $1.areaFractionUncertainty })
    }
}

@Suite struct XPSVoigtHeightTests {
    /// The closed form used for the Voigt's height equals the complex Faddeeva function on the
    /// imaginary axis (Weideman, checked against scipy), across the switch to the asymptotic series.
    @Test func closedFormMatchesFaddeeva() {
        for y in [0.0, 0.01, 0.3, 1, 3, 10, 24.9, 25.1, 60, 400] {
            let a = XPSLineShape.faddeevaOnImaginaryAxis(y), b = Faddeeva.w(Complex(0, y)).real
            #expect(abs(a - b) <= 1e-11 * b, "y \(y): \(a) vs \(b)")
        }
    }
}
