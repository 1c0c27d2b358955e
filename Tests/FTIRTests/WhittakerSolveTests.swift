// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import FTIR

/// The banded solves behind every Whittaker-family baseline, checked by their residual: the
/// solution z must satisfy (diag(w) + λ DᵀD) z = w ∘ y, with the product formed directly from the
/// three stored diagonals, which no factorisation touches.
@Suite("Whittaker banded solves")
struct WhittakerSolveTests {
    /// The normwise backward error max|A z − b| / (‖A‖∞‖z‖∞ + ‖b‖∞), b = w∘y, with A applied
    /// from its diagonals. A backward-stable solve keeps it near the rounding unit whatever A's
    /// condition (λ = 1e9 on thousands of points makes κ huge, so the forward error proves little).
    static func residual(_ sys: WhittakerSystem, z: [Double], y: [Double], w: [Double], lambda: Double) -> Double {
        let n = sys.n
        var worst = 0.0, normA = 0.0, normZ = 0.0, normB = 0.0
        for i in 0..<n {
            var entries: [(Double, Int)] = [(w[i] + lambda * sys.d0[i], i)]
            if i >= 1 { entries.append((lambda * sys.d1[i - 1], i - 1)) }
            if i >= 2 { entries.append((lambda * sys.d2[i - 2], i - 2)) }
            if i + 1 < n { entries.append((lambda * sys.d1[i], i + 1)) }
            if i + 2 < n { entries.append((lambda * sys.d2[i], i + 2)) }
            let v = entries.reduce(0) { $0 + $1.0 * z[$1.1] }
            worst = max(worst, abs(v - w[i] * y[i]))
            normA = max(normA, entries.reduce(0) { $0 + abs($1.0) })
            normZ = max(normZ, abs(z[i]))
            normB = max(normB, abs(w[i] * y[i]))
        }
        return worst / (normA * normZ + normB)
    }

    @Test("serial and twisted solves satisfy the system, on even and uneven axes, at every size and λ")
    func residuals() {
        var rng = SplitMix64(seed: 42)
        for n in [3, 4, 5, 7, 8, 9, 15, 16, 17, 18, 31, 100, 101, 7000] {
            for uneven in [false, true] {
                var x = [0.0]
                for _ in 1..<n { x.append(x.last! + (uneven ? 0.2 + 1.6 * Double.random(in: 0..<1, using: &rng) : 1)) }
                let sys = WhittakerSystem(x: x)
                let y = (0..<n).map { _ in rng.normal() + 3 }
                // AsLS-like weights: mostly small, some near 1.
                let w = (0..<n).map { _ in Double.random(in: 0..<1, using: &rng) < 0.3 ? 0.999 : 0.001 }
                for lambda in [0.0, 1.0, 1e4, 1e9] {
                    let serialR: Double
                    var zs = [Double](repeating: 0, count: n), scratch = WhittakerSystem.Scratch(n: n)
                    y.withUnsafeBufferPointer { yp in w.withUnsafeBufferPointer { wp in zs.withUnsafeMutableBufferPointer { zp in
                        sys.solveSerial(y: yp.baseAddress!, w: wp.baseAddress!, lambda: lambda, into: zp.baseAddress!, scratch: &scratch)
                    } } }
                    serialR = Self.residual(sys, z: zs, y: y, w: w, lambda: lambda)
                    #expect(serialR < 1e-13, "serial n=\(n) λ=\(lambda): backward error \(serialR)")
                    if n >= 8 {
                        var zt = [Double](repeating: 0, count: n)
                        y.withUnsafeBufferPointer { yp in w.withUnsafeBufferPointer { wp in zt.withUnsafeMutableBufferPointer { zp in
                            sys.solveTwisted(y: yp.baseAddress!, w: wp.baseAddress!, lambda: lambda, into: zp.baseAddress!, scratch: &scratch)
                        } } }
                        let r = Self.residual(sys, z: zt, y: y, w: w, lambda: lambda)
                        #expect(r < 1e-13, "twisted n=\(n) uneven=\(uneven) λ=\(lambda): backward error \(r), serial \(serialR)")
                        // A wrong Schur complement or a swapped index shows as an O(1) error here.
                        var diff = 0.0, scale = 0.0
                        for i in 0..<n { diff = max(diff, abs(zt[i] - zs[i])); scale = max(scale, abs(zs[i])) }
                        if lambda <= 1 { #expect(diff <= 1e-10 * scale, "twisted vs serial n=\(n) λ=\(lambda): \(diff)") }
                    }
                }
            }
        }
    }
}
