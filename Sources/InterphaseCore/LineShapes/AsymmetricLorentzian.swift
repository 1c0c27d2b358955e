// SPDX-License-Identifier: GPL-3.0-or-later
import RealModule

/// CasaXPS LA(α, β, m): a Lorentzian L = 1/(1 + 4 (d/F_L)²) raised to the power α on the high-x
/// side (d > 0; the high-binding-energy side on a BE axis) and β on the low-x side, then convolved
/// with a unit-area Gaussian. A larger exponent gives a shorter tail.
///
/// `fwhm` is the FWHM of the un-convolved shape; the Lorentzian width follows as
/// F_L = 2·FWHM / (√(2^{1/α} − 1) + √(2^{1/β} − 1)). The Gaussian is given by its FWHM in x units
/// (`gaussianFWHM`, 0 for none); CasaXPS's integer m is a channel count whose mapping to energy is
/// left to the XPS module. The area is finite only for α, β > ½ and is preserved by the convolution:
/// h·F_L/2·[I(α) + I(β)], I(p) = √π Γ(p − ½) / (2 Γ(p)).
public struct AsymmetricLorentzian: LineShape, Codable, Hashable {
    public var center: Double
    public var fwhm: Double
    /// The exponent α on the high-x side.
    public var alpha: Double
    /// The exponent β on the low-x side.
    public var beta: Double
    /// The FWHM of the Gaussian the shape is convolved with, in x units (0 for none).
    public var gaussianFWHM: Double
    /// Height of the un-convolved shape at `center`.
    public var height: Double

    /// The LA(α, β) shape of FWHM `fwhm` and height `height` at `center`, convolved with a Gaussian of FWHM `gaussianFWHM`.
    public init(center: Double, fwhm: Double, alpha: Double, beta: Double, gaussianFWHM: Double = 0, height: Double) {
        self.center = center
        self.fwhm = fwhm
        self.alpha = alpha
        self.beta = beta
        self.gaussianFWHM = gaussianFWHM
        self.height = height
    }

    /// The Lorentzian width F_L that gives the un-convolved shape its FWHM.
    public var lorentzianWidth: Double {
        2 * fwhm / ((Double.pow(2, 1 / alpha) - 1).squareRoot() + (Double.pow(2, 1 / beta) - 1).squareRoot())
    }

    /// The un-convolved profile.
    public func unconvolvedValue(at x: Double) -> Double {
        let d = x - center
        let u = 2 * d / lorentzianWidth
        return height * Double.pow(1 + u * u, -(d >= 0 ? alpha : beta))
    }

    public func value(at x: Double) -> Double {
        guard gaussianFWHM > 0 else { return unconvolvedValue(at: x) }
        let s = gaussianFWHM / Gaussian.fwhmPerSigma
        let norm = 1 / (s * (2 * Double.pi).squareRoot())
        let integrand: (Double) -> Double = { t in
            self.unconvolvedValue(at: x - t) * norm * Double.exp(-0.5 * t * t / (s * s))
        }
        let lo = -8 * s, hi = 8 * s, kink = x - center
        let tol = 1e-13 * height
        if kink > lo && kink < hi {
            return Quadrature.adaptiveSimpson(integrand, lo, kink, tolerance: tol) + Quadrature.adaptiveSimpson(integrand, kink, hi, tolerance: tol)
        }
        return Quadrature.adaptiveSimpson(integrand, lo, hi, tolerance: tol)
    }

    static func halfIntegral(_ p: Double) -> Double {
        Double.pi.squareRoot() * Double.gamma(p - 0.5) / (2 * Double.gamma(p))
    }

    public var area: Double {
        guard alpha > 0.5, beta > 0.5 else { return .infinity }
        return height * lorentzianWidth / 2 * (Self.halfIntegral(alpha) + Self.halfIntegral(beta))
    }

    /// The FWHM of the convolved profile (equal to ``fwhm`` when `gaussianFWHM` is 0), found numerically.
    public var convolvedFWHM: Double {
        gaussianFWHM > 0 ? Quadrature.fwhm({ value(at: $0) }, center: center, scale: fwhm + gaussianFWHM) : fwhm
    }
}

/// Doniach–Šunjić metal line: amplitude/π · Γ(1−α) cos[πα/2 + (1−α) arctan(ε/γ)] / (ε² + γ²)^{(1−α)/2}
/// (Doniach & Šunjić, J. Phys. C 3 (1970) 285), with ε = c − x so that the tail lies at higher x
/// (higher binding energy), or ε = x − c when `tailTowardHigherX` is false.
/// For α = 0 it is a Lorentzian of half width γ and area `amplitude`; for α > 0 the area diverges
/// (``area`` is `.infinity`): use ``LineShape/integral(from:to:)`` over a stated window.
public struct DoniachSunjic: LineShape, Codable, Hashable {
    public var center: Double
    /// Lorentzian half width γ (lifetime broadening).
    public var gamma: Double
    /// Asymmetry α in [0, 1).
    public var alpha: Double
    /// The area of the α = 0 Lorentzian; the scale of the profile otherwise.
    public var amplitude: Double
    /// Whether the tail runs to higher x (higher binding energy on a BE axis).
    public var tailTowardHigherX: Bool

    /// A Doniach–Šunjić profile at `center` with half width `gamma` and asymmetry `alpha`.
    public init(center: Double, gamma: Double, alpha: Double, amplitude: Double, tailTowardHigherX: Bool = true) {
        self.center = center
        self.gamma = gamma
        self.alpha = alpha
        self.amplitude = amplitude
        self.tailTowardHigherX = tailTowardHigherX
    }

    public func value(at x: Double) -> Double {
        let e = tailTowardHigherX ? center - x : x - center
        let a = alpha
        return amplitude / Double.pi * Double.gamma(1 - a) * Double.cos(Double.pi * a / 2 + (1 - a) * Double.atan(e / gamma))
            / Double.pow(e * e + gamma * gamma, (1 - a) / 2)
    }

    public var area: Double { alpha == 0 ? amplitude : .infinity }

    public var fwhm: Double { Quadrature.fwhm({ value(at: $0) }, center: center, scale: gamma) }
}
