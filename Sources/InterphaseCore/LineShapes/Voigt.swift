// SPDX-License-Identifier: GPL-3.0-or-later
import ComplexModule
import RealModule

/// Voigt profile: a Gaussian (standard deviation σ) convolved with a Lorentzian (half width γ),
/// of area A: V(x) = A · Re w(z) / (σ√(2π)), z = (x − c + iγ)/(σ√2). Uses ``Faddeeva``.
///
///     Voigt(center: 685.1, sigma: 0.6, gamma: 0.2, area: 1000).fwhm
public struct Voigt: LineShape, Codable, Hashable {
    public var center: Double
    /// The Gaussian's standard deviation σ.
    public var sigma: Double
    /// The Lorentzian's half width γ.
    public var gamma: Double
    public var area: Double

    /// A Voigt profile of area `area` at `center`.
    public init(center: Double, sigma: Double, gamma: Double, area: Double) {
        self.center = center
        self.sigma = sigma
        self.gamma = gamma
        self.area = area
    }

    @inlinable
    public func value(at x: Double) -> Double {
        if gamma == 0 { return Gaussian(center: center, fwhm: sigma * 2.3548200450309493, area: area).value(at: x) }
        if sigma == 0 { return Lorentzian(center: center, fwhm: 2 * gamma, area: area).value(at: x) }
        let s2 = sigma * 1.4142135623730951
        let z = Complex((x - center) / s2, gamma / s2)
        return area * Faddeeva.w(z).real / (sigma * 2.5066282746310002)
    }

    /// The exact FWHM, found numerically to ~1e-13 relative.
    public var fwhm: Double {
        Quadrature.fwhm({ value(at: $0) }, center: center, scale: max(approximateFWHM, 1e-300))
    }

    /// Olivero–Longbothum approximation, 0.5346 f_L + √(0.2166 f_L² + f_G²); within 0.02 %.
    public var approximateFWHM: Double {
        let fl = 2 * gamma, fg = sigma * Gaussian.fwhmPerSigma
        return 0.5346 * fl + (0.2166 * fl * fl + fg * fg).squareRoot()
    }

    /// The value at the centre.
    public var height: Double { value(at: center) }
}
