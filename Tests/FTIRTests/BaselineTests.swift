// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import FTIR

/// A synthetic FTIR spectrum whose baseline is known by construction: PMMA/PVDF-like bands on a
/// curved, sloping baseline with white noise (σ = 0.003).
enum SyntheticFTIR {
    static let bands: [(c: Double, h: Double, w: Double)] = [(1726, 1.0, 22), (1640, 0.35, 30), (1450, 0.3, 20), (1400, 0.4, 18),
                                                              (1240, 0.45, 26), (1191, 0.55, 24), (1148, 0.7, 26), (877, 0.3, 14), (841, 0.25, 14)]
    static func baseline(_ x: Double) -> Double { 0.15 + 0.25 * Foundation.exp(-(x - 400) / 1400) + 4e-5 * (x - 400) }
    static func make(step: Double = 0.5, seed: UInt64 = 1, noise: Double = 0.003) -> (x: [Double], y: [Double], truth: [Double]) {
        var rng = SplitMix64(seed: seed)
        let x = stride(from: 400.0, through: 4000, by: step).map { $0 }
        let truth = x.map(baseline)
        var y: [Double] = []
        for (i, xi) in x.enumerated() {
            var v = truth[i]
            for b in bands { v += b.h * Foundation.exp(-4 * Foundation.log(2) * (xi - b.c) * (xi - b.c) / (b.w * b.w)) }
            y.append(v + noise * rng.normal())
        }
        return (x, y, truth)
    }
}

@Suite("Baselines and Whittaker smoothing")
struct BaselineTests {
    @Test("each method recovers a known baseline under PMMA/PVDF-like bands",
          arguments: [BaselineMethod.asls(lambda: 1e9, p: 0.002), .arpls(lambda: 1e9), .airpls(lambda: 1e9),
                      .modpoly(order: 3), .rubberband, .snip(halfWindow: 120)])
    func recovers(method: BaselineMethod) throws {
        let (x, y, truth) = SyntheticFTIR.make()
        let b = try method.baseline(x: x, y: y)
        let rmse = (zip(b, truth).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(b.count)).squareRoot()
        print(String(format: "baseline %@: RMSE %.4f (band heights 0.25–1.0)", method.name, rmse))
        #expect(rmse < 0.02, "\(method.name) RMSE \(rmse)")
    }

    @Test("rubberband honours an uneven axis: a convex baseline sampled irregularly is recovered")
    func rubberbandUneven() throws {
        var rng = SplitMix64(seed: 3)
        var x: [Double] = [400]
        while x.last! < 4000 { x.append(x.last! + Double.random(in: 0.2...3, using: &rng)) }
        let truth = x.map { 1e-7 * ($0 - 2200) * ($0 - 2200) + 0.1 }
        let y = zip(x, truth).map { xi, t in t + 0.8 * Foundation.exp(-((xi - 1726) / 15) * ((xi - 1726) / 15)) }
        let b = try BaselineMethod.rubberband.baseline(x: x, y: y)
        let worst = zip(b, truth).map { abs($0 - $1) }.max()!
        #expect(worst < 2e-3 * 0.8)
    }

    @Test("Whittaker: lines survive any λ (also on uneven x); noise is reduced; λ = 0 is the identity")
    func whittaker() throws {
        var rng = SplitMix64(seed: 2)
        var x: [Double] = [0]
        for _ in 0..<999 { x.append(x.last! + Double.random(in: 0.5...1.5, using: &rng)) }
        let line = x.map { 3 - 0.002 * $0 }
        let z = try WhittakerSmoother(lambda: 1e6).smooth(x: x, y: line)
        for i in x.indices { #expect(abs(z[i] - line[i]) < 1e-8) }
        let noisy = x.map { Foundation.sin($0 / 80) + 0.1 * rng.normal() }
        let s = try WhittakerSmoother(lambda: 1e3).smooth(x: x, y: noisy)
        let err = zip(s, x).map { $0 - Foundation.sin($1 / 80) }
        #expect(Statistics.standardDeviation(err) < 0.04)
        #expect(try WhittakerSmoother(lambda: 0).smooth(x: x, y: noisy) == noisy)
    }

    @Test("corrected spectra record the method; bad parameters are refused")
    func interface() throws {
        let (x, y, _) = SyntheticFTIR.make(step: 2)
        let s = try Spectrum(name: "pmma", x: x, y: y, xKind: .wavenumber, yKind: .absorbance)
        let c = try BaselineMethod.arpls(lambda: 1e8).corrected(s)
        #expect(c.provenance.last?.name == "baseline.arpls")
        #expect(throws: BaselineError.self) { try BaselineMethod.asls(lambda: 1e5, p: 1.5).baseline(of: s) }
        #expect(throws: BaselineError.self) { try BaselineMethod.snip(halfWindow: 0).baseline(of: s) }
        #expect(throws: BaselineError.tooShort(points: 2, needed: 4)) { try BaselineMethod.rubberband.baseline(x: [1, 2], y: [1, 2]) }
    }
}

@Suite("Automatic λ")
struct AutomaticLambdaTests {
    @Test("the extended-range choice of λ recovers the known baseline about as well as a hand-tuned λ")
    func extendedRange() throws {
        let (x, y, truth) = SyntheticFTIR.make(step: 1)
        let (lambda, base, _) = try AutomaticLambda.extendedRange(x: x, y: y) { .arpls(lambda: $0) }
        let rmse = (zip(base, truth).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(base.count)).squareRoot()
        print(String(format: "automatic λ = %.3g, baseline RMSE %.4f", lambda, rmse))
        #expect(rmse < 0.02)
        // Descending axes give the same baseline, reversed.
        let (lambda2, base2, _) = try AutomaticLambda.extendedRange(x: x.reversed(), y: y.reversed()) { .arpls(lambda: $0) }
        #expect(lambda2 == lambda && zip(base2.reversed(), base).allSatisfy { abs($0 - $1) < 1e-9 })
    }
}
