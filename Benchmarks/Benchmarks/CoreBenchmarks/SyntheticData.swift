// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Deterministic inputs shared with Benchmarks/peers/peers.py (same formulas, no RNG), so both
/// sides fit exactly the same numbers.
enum SyntheticData {
    /// Pseudo-noise in [−1, 1]: fractional part of sin(i·12.9898)·43758.5453, rescaled.
    static func noise(_ i: Int) -> Double {
        let v = sin(Double(i) * 12.9898) * 43758.5453
        return 2 * (v - v.rounded(.down)) - 1
    }

    struct Band { var center, fwhm, area, eta: Double }

    static func pseudoVoigt(_ x: Double, _ b: Band) -> Double {
        let g = b.fwhm / 2
        let lor = b.area / Double.pi * g / ((x - b.center) * (x - b.center) + g * g)
        let s = b.fwhm / 2.3548200450309493
        let gau = b.area / (s * 2.5066282746310002) * exp(-0.5 * (x - b.center) * (x - b.center) / (s * s))
        return b.eta * lor + (1 - b.eta) * gau
    }

    /// 3 bands + line over 1600–1800 cm⁻¹ (389 points) and 8 bands + line over 800–1800 (1944 points).
    static let three: [Band] = [Band(center: 1726, fwhm: 18, area: 20, eta: 0.4), Band(center: 1690, fwhm: 22, area: 6, eta: 0.4), Band(center: 1640, fwhm: 25, area: 8, eta: 0.4)]
    static let eight: [Band] = [
        Band(center: 1726, fwhm: 18, area: 20, eta: 0.4), Band(center: 1640, fwhm: 25, area: 8, eta: 0.4),
        Band(center: 1450, fwhm: 20, area: 6, eta: 0.3), Band(center: 1400, fwhm: 16, area: 5, eta: 0.3),
        Band(center: 1240, fwhm: 24, area: 9, eta: 0.5), Band(center: 1191, fwhm: 22, area: 10, eta: 0.5),
        Band(center: 1148, fwhm: 22, area: 12, eta: 0.5), Band(center: 877, fwhm: 14, area: 4, eta: 0.3),
    ]

    static func spectrum(_ bands: [Band], from lo: Double, to hi: Double, count: Int) -> (x: [Double], y: [Double]) {
        let x = (0..<count).map { lo + (hi - lo) * Double($0) / Double(count - 1) }
        let y = x.indices.map { i in bands.reduce(0.02 + 1e-5 * (x[i] - lo)) { $0 + pseudoVoigt(x[i], $1) } + 0.004 * noise(i) }
        return (x, y)
    }

    /// Starting values: every centre 4 cm⁻¹ off, widths 20 % wide, areas 30 % low, η 0.5.
    static func start(_ bands: [Band]) -> [Double] {
        bands.flatMap { [$0.center + 4, $0.fwhm * 1.2, $0.area * 0.7, 0.5] } + [0.0, 0.0]
    }
}
