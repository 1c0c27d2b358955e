// SPDX-License-Identifier: GPL-3.0-or-later
import RealModule

/// Gaussian of given area and FWHM: A/(σ√(2π)) · exp(−(x−c)²/(2σ²)), σ = FWHM/(2√(2 ln 2)).
///
///     Gaussian(center: 1726, fwhm: 18, area: 12).value(at: 1726)
@frozen
public struct Gaussian: LineShape, Codable, Hashable {
    public var center: Double
    public var fwhm: Double
    public var area: Double

    /// A Gaussian of area `area` and FWHM `fwhm` at `center`.
    @inlinable
    public init(center: Double, fwhm: Double, area: Double) {
        self.center = center
        self.fwhm = fwhm
        self.area = area
    }

    /// FWHM / σ = 2√(2 ln 2).
    public static let fwhmPerSigma = 2 * (2 * Double.log(2)).squareRoot()

    /// The standard deviation σ = FWHM / (2√(2 ln 2)).
    public var sigma: Double { fwhm / Self.fwhmPerSigma }
    /// The value at the centre: A / (σ√(2π)).
    public var height: Double { area / (sigma * (2 * Double.pi).squareRoot()) }

    @inlinable
    public func value(at x: Double) -> Double {
        let s = fwhm / 2.3548200450309493
        let u = (x - center) / s
        return area / (s * 2.5066282746310002) * Double.exp(-0.5 * u * u)
    }
}

/// Lorentzian (Cauchy) of given area and FWHM: A/π · γ/((x−c)² + γ²), γ = FWHM/2.
@frozen
public struct Lorentzian: LineShape, Codable, Hashable {
    public var center: Double
    public var fwhm: Double
    public var area: Double

    /// A Lorentzian of area `area` and FWHM `fwhm` at `center`.
    @inlinable
    public init(center: Double, fwhm: Double, area: Double) {
        self.center = center
        self.fwhm = fwhm
        self.area = area
    }

    /// The value at the centre: 2A / (π·FWHM).
    public var height: Double { 2 * area / (Double.pi * fwhm) }

    @inlinable
    public func value(at x: Double) -> Double {
        let g = fwhm / 2
        let d = x - center
        return area / Double.pi * g / (d * d + g * g)
    }
}

/// Pseudo-Voigt: η·Lorentzian + (1 − η)·Gaussian with the same FWHM and total area A.
/// Its FWHM is exactly the shared FWHM (both components are at half height there).
@frozen
public struct PseudoVoigt: LineShape, Codable, Hashable {
    public var center: Double
    public var fwhm: Double
    /// Lorentzian fraction η in [0, 1].
    public var fraction: Double
    public var area: Double

    /// A pseudo-Voigt of area `area`, FWHM `fwhm` and Lorentzian fraction `fraction` at `center`.
    @inlinable
    public init(center: Double, fwhm: Double, fraction: Double, area: Double) {
        self.center = center
        self.fwhm = fwhm
        self.fraction = fraction
        self.area = area
    }

    /// The value at the centre.
    public var height: Double {
        fraction * Lorentzian(center: center, fwhm: fwhm, area: area).height + (1 - fraction) * Gaussian(center: center, fwhm: fwhm, area: area).height
    }

    @inlinable
    public func value(at x: Double) -> Double {
        fraction * Lorentzian(center: center, fwhm: fwhm, area: area).value(at: x)
            + (1 - fraction) * Gaussian(center: center, fwhm: fwhm, area: area).value(at: x)
    }
}

extension PseudoVoigt {
    /// The value and its partial derivatives with respect to centre, FWHM, area and Lorentzian
    /// fraction, for analytic Jacobians in fits (one exp per call).
    ///
    ///     let (v, dc, dw, da, deta) = pv.valueAndGradient(at: x)
    @inlinable
    public func valueAndGradient(at x: Double) -> (value: Double, dCenter: Double, dFWHM: Double, dArea: Double, dFraction: Double) {
        let d = x - center
        let g = fwhm / 2
        let q = d * d + g * g
        let l1 = g / (Double.pi * q)                       // unit-area Lorentzian
        let s = fwhm / 2.3548200450309493
        let g1 = Double.exp(-0.5 * d * d / (s * s)) / (s * 2.5066282746310002) // unit-area Gaussian
        let eta = fraction
        let value = area * (eta * l1 + (1 - eta) * g1)
        // ∂/∂c: L' = 2d·l1/q, G' = d·g1/s²
        let dc = area * (eta * 2 * d * l1 / q + (1 - eta) * d * g1 / (s * s))
        // ∂/∂w: Lorentzian through g = w/2: ∂l1/∂g = (d² − g²)/(π q²); Gaussian through s = w/k: ∂g1/∂s = g1 (d²/s³ − 1/s)
        let dlw = 0.5 * (d * d - g * g) / (Double.pi * q * q)
        let dgw = g1 * (d * d / (s * s * s) - 1 / s) / 2.3548200450309493
        let dw = area * (eta * dlw + (1 - eta) * dgw)
        return (value, dc, dw, eta * l1 + (1 - eta) * g1, area * (l1 - g1))
    }
}
