// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

extension XPSLineShape {
    /// `scale`·s(uᵢ) (and `scale`·ds/du when `derivative` is given) at uᵢ = (xᵢ − center)/F for a whole
    /// grid: what a fit evaluates hundreds of times. The shape is decided once, not per point; the
    /// GL product, the shape of nearly every published F 1s fit, has its own loop:
    ///
    /// - Where its Gaussian factor is below e⁻⁴⁰ ≈ 4·10⁻¹⁸ of the height the value is taken as 0:
    ///   a double-precision sum that also holds a background cannot see it.
    /// - On an evenly spaced grid (`step`, the spacing, when the caller has checked it), the Gaussian
    ///   factor Eᵢ = exp(−g uᵢ²) follows the exact recurrence Eᵢ₊₁ = Eᵢ·Rᵢ, Rᵢ₊₁ = Rᵢ·Q with
    ///   Rᵢ = exp(−g(2uᵢδ + δ²)), Q = exp(−2gδ²), δ = step/F: two products per point instead of an
    ///   exponential. It restarts from a fresh exp every 16 points, so rounding cannot build up beyond
    ///   about 16 ulp (a relative 4·10⁻¹⁵), and it is used only while δ ≤ 0.5, where R stays finite.
    func fill(x: UnsafePointer<Double>, count: Int, center: Double, fwhm: Double, scale: Double, step: Double? = nil,
              value: UnsafeMutablePointer<Double>, derivative: UnsafeMutablePointer<Double>?) {
        forEachPoint(x: x, count: count, center: center, fwhm: fwhm, scale: scale, step: step) { i, _, s, ds in
            value[i] = s
            derivative?[i] = ds
        }
    }

    /// `body(i, uᵢ, scale·s(uᵢ), scale·ds/du(uᵢ))` for every point of the grid, in order: the loop
    /// ``fill(x:count:center:fwhm:scale:step:value:derivative:)`` runs, for callers (a Jacobian) that
    /// turn the value and slope into something else without storing them first.
    @inline(__always)
    func forEachPoint(x: UnsafePointer<Double>, count: Int, center: Double, fwhm: Double, scale: Double, step: Double?,
                      _ body: (Int, Double, Double, Double) -> Void) {
        let invF = 1 / fwhm
        switch self {
        case .glProduct(let m):
            let g = 2.772588722239781 * (1 - m), fourM = 4 * m
            let delta = (step ?? .infinity) * invF
            let recur = abs(delta) <= 0.5
            let q = recur ? Foundation.exp(-2 * g * delta * delta) : 0
            var e = 0.0, r = 0.0
            for i in 0..<count {
                let u = (x[i] - center) * invF
                let u2 = u * u
                let t = g * u2
                if recur {
                    if i % 16 == 0 {
                        e = Foundation.exp(-t)
                        r = Foundation.exp(-g * (2 * u * delta + delta * delta))
                    }
                }
                guard t < 40 else {
                    body(i, u, 0, 0)
                    if recur { e *= r; r *= q }
                    continue
                }
                let invQ = 1 / (1 + fourM * u2)
                let gaussian: Double
                if recur {
                    gaussian = e
                    e *= r; r *= q
                } else {
                    gaussian = Foundation.exp(-t)
                }
                let s = scale * gaussian * invQ
                body(i, u, s, s * (-2 * g * u - 2 * fourM * u * invQ))
            }
        default:
            for i in 0..<count {
                let u = (x[i] - center) * invF
                let (s, ds) = profile(u)
                body(i, u, scale * s, scale * ds)
            }
        }
    }

    /// The spacing of `x` if every point lies within 10⁻¹⁰ of a step of the even grid, else nil. Grids
    /// parsed from text deviate by about 10⁻¹² of a step; at the limit the recurrence of
    /// ``fill(x:count:center:fwhm:scale:step:value:derivative:)`` differs from exp by under 10⁻¹⁰
    /// relative, far below any counting noise.
    static func evenStep(_ x: [Double]) -> Double? {
        guard x.count >= 3 else { return nil }
        let h = (x[x.count - 1] - x[0]) / Double(x.count - 1)
        guard h != 0, h.isFinite else { return nil }
        for i in 0..<x.count where abs(x[i] - (x[0] + Double(i) * h)) > 1e-10 * abs(h) { return nil }
        return h
    }
}
