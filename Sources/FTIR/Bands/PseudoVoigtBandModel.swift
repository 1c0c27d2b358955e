// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// n pseudo-Voigt bands on a straight background, as a least-squares model with its analytic
/// Jacobian. Parameter order: (centre, FWHM, area, η) for each band, then intercept and slope of
/// the background about `x0`.
///
///     let model = PseudoVoigtBandModel(x: x, bands: 3, x0: 1700)
///     let fit = try LevenbergMarquardt().fit(observations: y, parameters: p, model: model.evaluate, jacobian: model.jacobian)
///
/// Both functions run band by band over contiguous memory with each band's constants computed
/// once. The Gaussian part is not evaluated where it is below e⁻⁴⁰ ≈ 4·10⁻¹⁸ of its own height
/// (beyond 8.9 σ): there it changes no double-precision sum that also holds the band's Lorentzian
/// wing or the background, and skipping it saves most of the exponentials of a wide window.
public struct PseudoVoigtBandModel: Sendable {
    /// The abscissa the model is evaluated on.
    public let x: [Double]
    /// The number of bands.
    public let bands: Int
    /// The abscissa the straight background is referred to.
    public let x0: Double

    /// A model of `bands` bands on `x`, background about `x0`.
    public init(x: [Double], bands: Int, x0: Double) {
        self.x = x
        self.bands = bands
        self.x0 = x0
    }

    /// −ln of the Gaussian fraction of its peak below which it is taken as zero.
    static let gaussianCut = 40.0

    /// One band's constants: σ-free forms of the unit-area Lorentzian and Gaussian.
    struct Band {
        let c, area, eta, g, g2, halfInvS2, gNorm, invS, invS2: Double
        init(_ p: UnsafeBufferPointer<Double>, _ k: Int) {
            c = p[4 * k]
            let w = p[4 * k + 1]
            area = p[4 * k + 2]
            eta = p[4 * k + 3]
            g = w / 2
            g2 = g * g
            let s = w / 2.3548200450309493
            invS = 1 / s
            invS2 = invS * invS
            halfInvS2 = 0.5 * invS2
            gNorm = invS / 2.5066282746310002
        }
    }

    /// The model at every x.
    public func evaluate(_ p: UnsafeBufferPointer<Double>, _ out: UnsafeMutableBufferPointer<Double>) {
        let m = x.count, n = bands
        let b0 = p[4 * n], b1 = p[4 * n + 1]
        x.withUnsafeBufferPointer { xb in
            let xs = xb.baseAddress!, o = out.baseAddress!
            for i in 0..<m { o[i] = b0 + b1 * (xs[i] - x0) }
            for k in 0..<n {
                let b = Band(p, k)
                let lScale = b.area * b.eta * b.g / Double.pi, gScale = b.area * (1 - b.eta) * b.gNorm
                for i in 0..<m {
                    let d = xs[i] - b.c
                    let t = d * d * b.halfInvS2
                    var v = lScale / (d * d + b.g2)
                    if t < Self.gaussianCut { v += gScale * Foundation.exp(-t) }
                    o[i] += v
                }
            }
        }
    }

    /// Column-major ∂model/∂parameter: each band fills its four contiguous columns.
    public func jacobian(_ p: UnsafeBufferPointer<Double>, _ J: UnsafeMutableBufferPointer<Double>) {
        let n = bands, m = x.count
        x.withUnsafeBufferPointer { xb in
            let xs = xb.baseAddress!, base = J.baseAddress!
            for k in 0..<n {
                let b = Band(p, k)
                let jc = base + (4 * k) * m, jw = jc + m, ja = jw + m, je = ja + m
                let gOverPi = b.g / Double.pi, oneMinusEta = 1 - b.eta
                for i in 0..<m {
                    let d = xs[i] - b.c
                    let d2 = d * d
                    let invQ = 1 / (d2 + b.g2)
                    let l1 = gOverPi * invQ                       // unit-area Lorentzian
                    let t = d2 * b.halfInvS2
                    let g1 = t < Self.gaussianCut ? b.gNorm * Foundation.exp(-t) : 0   // unit-area Gaussian
                    // ∂/∂c: L' = 2d·l1/q, G' = d·g1/s². ∂/∂w: through g = w/2, ∂l1/∂g = (d² − g²)/(π q²);
                    // through s = w/k, ∂g1/∂s = g1 (d²/s³ − 1/s).
                    jc[i] = b.area * (b.eta * 2 * d * l1 * invQ + oneMinusEta * d * g1 * b.invS2)
                    let dlw = 0.5 * (d2 - b.g2) * invQ * invQ / Double.pi
                    let dgw = g1 * (d2 * b.invS2 - 1) * b.invS / 2.3548200450309493
                    jw[i] = b.area * (b.eta * dlw + oneMinusEta * dgw)
                    ja[i] = b.eta * l1 + oneMinusEta * g1
                    je[i] = b.area * (l1 - g1)
                }
            }
            let j0 = base + (4 * n) * m, j1 = j0 + m
            for i in 0..<m {
                j0[i] = 1
                j1[i] = xs[i] - x0
            }
        }
    }
}
