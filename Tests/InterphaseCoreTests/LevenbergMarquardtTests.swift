// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import InterphaseCore

@Suite("Levenberg–Marquardt")
struct LevenbergMarquardtTests {
    /// NIST StRD nonlinear regression "Misra1a" (lower difficulty), start 1: certified values.
    /// https://www.itl.nist.gov/div898/strd/nls/data/misra1a.shtml
    @Test("NIST StRD Misra1a: certified estimates, standard errors and residual sum of squares")
    func nistMisra1a() throws {
        let x = [77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3, 536.8, 593.1, 689.1, 760.0]
        let y = [10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05, 61.01, 66.40, 75.47, 81.78]
        var lm = LevenbergMarquardt()
        lm.chiSquareTolerance = 1e-15
        lm.stepTolerance = 1e-15
        let fit = try lm.curveFit(x: x, y: y, parameters: [FitParameter("b1", 500), FitParameter("b2", 1e-4)]) { x, p in
            p[0] * (1 - Foundation.exp(-p[1] * x))
        }
        #expect(fit.converged)
        #expect(relativeError(fit.value("b1")!, 2.3894212918E+02) < 1e-7)
        #expect(relativeError(fit.value("b2")!, 5.5015643181E-04) < 1e-7)
        #expect(relativeError(fit.standardError("b1")!, 2.7070075241E+00) < 1e-5)
        #expect(relativeError(fit.standardError("b2")!, 7.2668688436E-06) < 1e-5)
        #expect(relativeError(fit.chiSquare, 1.2455138894E-01) < 1e-8)
        #expect(fit.degreesOfFreedom == 12)
    }

    static func gaussianData(seed: UInt64, sigma: Double) -> (x: [Double], y: [Double]) {
        var rng = SplitMix64(seed: seed)
        let x = (0..<121).map { Double($0) * 0.1 }
        let y = x.map { 10 * Foundation.exp(-($0 - 5.7) * ($0 - 5.7) / (2 * 1.3 * 1.3)) + 0.5 + sigma * rng.normal() }
        return (x, y)
    }

    static let gaussianParameters = [
        FitParameter("a", 8), FitParameter("c", 5), FitParameter("s", 1, lower: 0.01), FitParameter("b", 0),
    ]

    static func gaussianModel(_ x: Double, _ p: UnsafeBufferPointer<Double>) -> Double {
        p[0] * Foundation.exp(-(x - p[1]) * (x - p[1]) / (2 * p[2] * p[2])) + p[3]
    }

    @Test("recovers exact parameters from noise-free data")
    func exactRecovery() throws {
        let (x, y) = Self.gaussianData(seed: 0, sigma: 0)
        let fit = try LevenbergMarquardt().curveFit(x: x, y: y, parameters: Self.gaussianParameters, model: Self.gaussianModel)
        #expect(fit.converged)
        #expect(abs(fit.value("a")! - 10) < 1e-8)
        #expect(abs(fit.value("c")! - 5.7) < 1e-8)
        #expect(abs(fit.value("s")! - 1.3) < 1e-8)
        #expect(abs(fit.value("b")! - 0.5) < 1e-8)
    }

    /// Over many seeded noise draws the interval value ± 1.96·SE must contain the truth ~95 % of the time.
    @Test("standard errors have the right coverage (scaled, absolute sigma, and Poisson weights)")
    func coverage() throws {
        let draws = 300
        var hitsScaled = [0, 0, 0, 0], hitsAbsolute = [0, 0, 0, 0]
        let truth = [10, 5.7, 1.3, 0.5]
        for seed in 0..<draws {
            let (x, y) = Self.gaussianData(seed: UInt64(1000 + seed), sigma: 0.4)
            let f1 = try LevenbergMarquardt().curveFit(x: x, y: y, parameters: Self.gaussianParameters, model: Self.gaussianModel)
            let f2 = try LevenbergMarquardt().curveFit(x: x, y: y, weighting: .sigma([Double](repeating: 0.4, count: x.count)),
                                                       parameters: Self.gaussianParameters, model: Self.gaussianModel)
            #expect(f1.converged && f2.converged)
            #expect(!f2.covarianceScaled && f1.covarianceScaled)
            for k in 0..<4 {
                if abs(f1.parameters[k].value - truth[k]) < 1.96 * f1.parameters[k].standardError! { hitsScaled[k] += 1 }
                if abs(f2.parameters[k].value - truth[k]) < 1.96 * f2.parameters[k].standardError! { hitsAbsolute[k] += 1 }
            }
        }
        // Binomial(300, 0.95): SD 1.26 %; accept 0.91–0.99 (more than 3 SD).
        for k in 0..<4 {
            #expect((0.91...0.99).contains(Double(hitsScaled[k]) / Double(draws)), "scaled coverage of parameter \(k): \(hitsScaled[k])/\(draws)")
            #expect((0.91...0.99).contains(Double(hitsAbsolute[k]) / Double(draws)), "absolute coverage of parameter \(k): \(hitsAbsolute[k])/\(draws)")
        }
        // Poisson counts: a peak of 400 counts on 50 background, weights 1/√y.
        var hitsPoisson = 0
        for seed in 0..<draws {
            var rng = SplitMix64(seed: UInt64(5000 + seed))
            let x = (0..<121).map { Double($0) * 0.1 }
            let y = x.map { rng.poisson(400 * Foundation.exp(-($0 - 5.7) * ($0 - 5.7) / (2 * 1.3 * 1.3)) + 50) }
            let fit = try LevenbergMarquardt().curveFit(x: x, y: y, weighting: .poisson, parameters: [
                FitParameter("a", 300), FitParameter("c", 5), FitParameter("s", 1, lower: 0.01), FitParameter("b", 40),
            ], model: Self.gaussianModel)
            if abs(fit.value("c")! - 5.7) < 1.96 * fit.standardError("c")! { hitsPoisson += 1 }
        }
        #expect((0.91...0.99).contains(Double(hitsPoisson) / Double(draws)), "Poisson coverage \(hitsPoisson)/\(draws)")
    }

    @Test("bounds hold, fixed parameters stay, linked parameters follow their source")
    func constraints() throws {
        let (x, y) = Self.gaussianData(seed: 1, sigma: 0.05)
        // The true centre 5.7 lies outside [4, 5]: the fit must stop on the bound and say so.
        var params = Self.gaussianParameters
        params[1] = FitParameter("c", 4.5, lower: 4, upper: 5)
        let bounded = try LevenbergMarquardt().curveFit(x: x, y: y, parameters: params, model: Self.gaussianModel)
        #expect(bounded.value("c")! <= 5 && bounded.value("c")! >= 4)
        #expect(bounded.parameters[1].atBound)
        #expect(bounded.warnings.contains { $0.contains("bound") })
        // Fixed background.
        params = Self.gaussianParameters
        params[3] = FitParameter("b", 0.5, fixed: true)
        let fixed = try LevenbergMarquardt().curveFit(x: x, y: y, parameters: params, model: Self.gaussianModel)
        #expect(fixed.value("b") == 0.5 && fixed.standardError("b") == nil && fixed.freeParameterNames.count == 3)
        // Two peaks with area ratio fixed at 1:2 (a spin-orbit doublet) and a fixed 1.5 offset.
        var rng = SplitMix64(seed: 2)
        let xs = (0..<200).map { Double($0) * 0.05 }
        let ys = xs.map { 4 * Foundation.exp(-($0 - 4) * ($0 - 4) / 0.5) + 2 * Foundation.exp(-($0 - 5.5) * ($0 - 5.5) / 0.5) + 0.02 * rng.normal() }
        let fit = try LevenbergMarquardt().curveFit(x: xs, y: ys, parameters: [
            FitParameter("h1", 3), FitParameter("c1", 3.8),
            FitParameter("h2", 0, link: .init(to: "h1", scale: 0.5)),
            FitParameter("c2", 0, link: .init(to: "c1", offset: 1.5)),
        ]) { x, p in p[0] * Foundation.exp(-(x - p[1]) * (x - p[1]) / 0.5) + p[2] * Foundation.exp(-(x - p[3]) * (x - p[3]) / 0.5) }
        #expect(abs(fit.value("h2")! - 0.5 * fit.value("h1")!) < 1e-12)
        #expect(abs(fit.value("c2")! - fit.value("c1")! - 1.5) < 1e-12)
        #expect(abs(fit.value("h1")! - 4) < 0.02)
        #expect(abs(fit.standardError("h2")! - 0.5 * fit.standardError("h1")!) < 1e-15)
    }

    @Test("an analytic Jacobian gives the same fit as the numerical one, in fewer evaluations")
    func analyticJacobian() throws {
        let (x, y) = Self.gaussianData(seed: 4, sigma: 0.2)
        let numeric = try LevenbergMarquardt().curveFit(x: x, y: y, parameters: Self.gaussianParameters, model: Self.gaussianModel)
        let analytic = try LevenbergMarquardt().fit(observations: y, parameters: Self.gaussianParameters, model: { p, out in
            for i in x.indices { out[i] = Self.gaussianModel(x[i], p) }
        }, jacobian: { p, J in
            let m = x.count
            for i in 0..<m {
                let d = x[i] - p[1], e = Foundation.exp(-d * d / (2 * p[2] * p[2]))
                J[i] = e
                J[m + i] = p[0] * e * d / (p[2] * p[2])
                J[2 * m + i] = p[0] * e * d * d / (p[2] * p[2] * p[2])
                J[3 * m + i] = 1
            }
        })
        for k in 0..<4 {
            #expect(relativeError(analytic.parameters[k].value, numeric.parameters[k].value) < 1e-6)
            #expect(relativeError(analytic.parameters[k].standardError!, numeric.parameters[k].standardError!) < 1e-4)
        }
        #expect(analytic.evaluations < numeric.evaluations)
    }

    @Test("failures are reported: non-finite model, no convergence, bad setup")
    func failures() throws {
        let x = (0..<20).map(Double.init), y = x.map { 2 * $0 + 1 }
        #expect(throws: FitError.self) {
            _ = try LevenbergMarquardt().curveFit(x: x, y: y, parameters: [FitParameter("a", 1)]) { _, _ in .nan }
        }
        let (gx, gy) = Self.gaussianData(seed: 7, sigma: 0.3)
        var lm = LevenbergMarquardt()
        lm.maxIterations = 2
        let short = try lm.curveFit(x: gx, y: gy, parameters: Self.gaussianParameters, model: Self.gaussianModel)
        #expect(!short.converged && short.stopReason == .maxIterations)
        #expect(throws: FitError.didNotConverge(reason: "maxIterations", iterations: 2)) { try short.requireConverged() }
        #expect(throws: FitError.invalidBounds(parameter: "a", lower: 2, upper: 1)) {
            _ = try LevenbergMarquardt().curveFit(x: x, y: y, parameters: [FitParameter("a", 1, lower: 2, upper: 1)]) { x, p in p[0] * x }
        }
        #expect(throws: FitError.unknownLinkSource(parameter: "b", source: "zz")) {
            _ = try LevenbergMarquardt().curveFit(x: x, y: y, parameters: [FitParameter("a", 1), FitParameter("b", 1, link: .init(to: "zz"))]) { x, p in p[0] * x }
        }
        #expect(throws: FitError.tooFewPoints(points: 1, freeParameters: 2)) {
            _ = try LevenbergMarquardt().curveFit(x: [1], y: [1], parameters: [FitParameter("a", 1), FitParameter("b", 1)]) { x, p in p[0] * x + p[1] }
        }
        #expect(throws: FitError.invalidWeight(index: 0, value: 0)) {
            _ = try LevenbergMarquardt().curveFit(x: x, y: y, weighting: .sigma([Double](repeating: 0, count: 20)), parameters: [FitParameter("a", 1)]) { x, p in p[0] * x }
        }
        // A Jacobian with the wrong sign points every step uphill: the fit must end unconverged.
        let stuck = try LevenbergMarquardt().fit(observations: y, parameters: [FitParameter("a", 0.5), FitParameter("b", 0)], model: { p, out in
            for i in 0..<20 { out[i] = p[0] * x[i] + p[1] }
        }, jacobian: { _, J in
            for i in 0..<20 { J[i] = -x[i]; J[20 + i] = -1 }
        })
        #expect(!stuck.converged && stuck.stopReason == .noImprovement)
        #expect(stuck.warnings.contains { $0.contains("not converged") })
        // A linear model with two identical columns is not identifiable: no standard errors, a warning.
        let degenerate = try LevenbergMarquardt().curveFit(x: x, y: y, parameters: [FitParameter("a", 1), FitParameter("b", 1)]) { x, p in (p[0] + p[1]) * x }
        #expect(degenerate.covariance == nil && degenerate.standardError("a") == nil)
        #expect(degenerate.warnings.contains { $0.contains("singular") })
    }
}
