// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// A seedable generator for Monte Carlo replicas (SplitMix64, Steele, Lea & Flood 2014): one per
/// replica, seeded from the replica index, so results do not depend on the thread count.
struct ReplicaRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Standard normal deviate (Box–Muller).
    mutating func normal() -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// Poisson deviate: exact inversion of the CDF for λ ≤ 500; above, the normal approximation
    /// rounded to an integer (its skewness 1/√λ is below 4.5 %).
    mutating func poisson(_ lambda: Double) -> Double {
        guard lambda > 0 else { return 0 }
        if lambda > 500 { return max(0, (lambda + lambda.squareRoot() * normal()).rounded()) }
        var k = 0.0, p = Foundation.exp(-lambda), cdf = p
        let u = Double.random(in: 0..<1, using: &self)
        while u > cdf {
            k += 1
            p *= lambda / k
            cdf += p
            // Past the mode, once the terms no longer change the sum, rounding kept the CDF below u.
            if k > lambda && p < 1e-17 * cdf { break }
        }
        return k
    }
}
