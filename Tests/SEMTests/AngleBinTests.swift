// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import SEM

/// The tensor's histogram bin found without libm's atan2 must be the bin of the exact Float angle,
/// including tensors whose angle lies on or next to a bin edge.
@Suite("SEM orientation: angle bins without atan2")
struct AngleBinTests {
    static func exactBin(_ a: Double, _ b: Double, _ c: Double, _ bins: Int) -> Int {
        OrientationAnalysis.bin(Double(OrientationAnalysis.angle(a, b, c)), bins)
    }

    @Test("the series is atan to 1e-10 on |u| ≤ √2 − 1")
    func series() {
        var worst = 0.0
        for i in 0...20_000 {
            let u = -0.414_213_562_373_095 + 0.828_427_124_746_19 * Double(i) / 20_000
            worst = max(worst, abs(OrientationAnalysis.atanSeries(u) - atan(u)))
        }
        #expect(worst < 1e-10, "\(worst)")
    }

    @Test("random tensors: the same bin as the exact angle", arguments: [180, 36, 181, 3600])
    func random(bins: Int) {
        var rng = SplitMix64(seed: UInt64(bins))
        var mismatches = 0
        for _ in 0..<200_000 {
            let scale = pow(10, Double.random(in: -6...6, using: &rng))
            let a = Double(Float(Double.random(in: 0...1, using: &rng) * scale))
            let b = Double(Float(Double.random(in: 0...1, using: &rng) * scale))
            let c = Double(Float(Double.random(in: -0.5...0.5, using: &rng) * scale))
            if OrientationAnalysis.angleBin(a, b, c, bins: bins) != Self.exactBin(a, b, c, bins) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test("tensors on and beside every bin edge, on the axes and at ±90°: the same bin as the exact angle", arguments: [180, 181])
    func edges(bins: Int) {
        var mismatches = 0
        for k in 0...bins {
            let edge = -90 + 180 * Double(k) / Double(bins)
            for offset in [-1e-4, -1e-6, -1e-9, 0, 1e-9, 1e-6, 1e-4] {
                // J with eigenvector angle θ: b − a = s·cos 2θ, 2c = s·sin 2θ (see ``angle``).
                let theta = (edge + offset) * Double.pi / 180
                for s in [1e-3, 1.0, 250.0] {
                    let a = 1.0, b = a + s * cos(2 * theta), c = 0.5 * s * sin(2 * theta)
                    if OrientationAnalysis.angleBin(a, b, c, bins: bins) != Self.exactBin(a, b, c, bins) { mismatches += 1 }
                }
            }
        }
        for (a, b, c) in [(1.0, 1.0, 0.0), (1.0, 2.0, 0.0), (2.0, 1.0, 0.0), (1.0, 1.0, 0.5), (1.0, 1.0, -0.5), (0.0, 0.0, 0.0)] {
            if OrientationAnalysis.angleBin(a, b, c, bins: bins) != Self.exactBin(a, b, c, bins) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}
