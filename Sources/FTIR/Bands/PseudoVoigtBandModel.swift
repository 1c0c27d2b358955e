// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// n pseudo-Voigt bands on a straight background, as a least-squares model with its analytic
/// Jacobian. Parameter order: (centre, FWHM, area, η) for each band, then intercept and slope of
/// the background about `x0`.
///
///     let model = PseudoVoigtBandModel(x: x, bands: 3, x0: 1700)
///     let fit = try LevenbergMarquardt().fit(observations: y, parameters: p, model: model.evaluate, jacobian: model.jacobian)
public struct PseudoVoigtBandModel: Sendable {
    public let x: [Double]
    public let bands: Int
    public let x0: Double

    public init(x: [Double], bands: Int, x0: Double) {
        self.x = x
        self.bands = bands
        self.x0 = x0
    }

    /// The model at every x.
    public func evaluate(_ p: UnsafeBufferPointer<Double>, _ out: UnsafeMutableBufferPointer<Double>) {
        let n = bands
        for i in x.indices {
            var v = p[4 * n] + p[4 * n + 1] * (x[i] - x0)
            for k in 0..<n { v += PseudoVoigt(center: p[4 * k], fwhm: p[4 * k + 1], fraction: p[4 * k + 3], area: p[4 * k + 2]).value(at: x[i]) }
            out[i] = v
        }
    }

    /// Column-major ∂model/∂parameter (one exp per band and point).
    public func jacobian(_ p: UnsafeBufferPointer<Double>, _ J: UnsafeMutableBufferPointer<Double>) {
        let n = bands, m = x.count
        for i in 0..<m {
            for k in 0..<n {
                let g = PseudoVoigt(center: p[4 * k], fwhm: p[4 * k + 1], fraction: p[4 * k + 3], area: p[4 * k + 2]).valueAndGradient(at: x[i])
                J[(4 * k) * m + i] = g.dCenter
                J[(4 * k + 1) * m + i] = g.dFWHM
                J[(4 * k + 2) * m + i] = g.dArea
                J[(4 * k + 3) * m + i] = g.dFraction
            }
            J[(4 * n) * m + i] = 1
            J[(4 * n + 1) * m + i] = x[i] - x0
        }
    }
}
