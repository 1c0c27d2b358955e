// SPDX-License-Identifier: GPL-3.0-or-later
import RealModule

/// CasaXPS GL(m): the **product** of a Gaussian and a Lorentzian,
/// h · exp(−4 ln2 (1 − m) u²) / (1 + 4 m u²), u = (x − c)/F, m ∈ [0, 1] (CasaXPS writes GL(30) for m = 0.3).
/// F is the width parameter; the true FWHM is slightly smaller for 0 < m < 1 (``fwhm`` is the true one).
public struct GLProduct: LineShape, Codable, Hashable {
    public var center: Double
    /// The width parameter F (equal to the FWHM only for m = 0 or 1).
    public var width: Double
    /// The Lorentzian share m in [0, 1] (CasaXPS's GL(30) is 0.3).
    public var mixing: Double
    /// The height at `center`.
    public var height: Double

    /// The GL(m) product at `center` with width parameter `width`, mixing m and height `height`.
    public init(center: Double, width: Double, mixing: Double, height: Double) {
        self.center = center
        self.width = width
        self.mixing = mixing
        self.height = height
    }

    /// CasaXPS notation: `GLProduct(casaM: 30, ...)` is GL(30).
    public init(center: Double, width: Double, casaM: Double, height: Double) {
        self.init(center: center, width: width, mixing: casaM / 100, height: height)
    }

    @inlinable
    public func value(at x: Double) -> Double {
        let u = (x - center) / width
        return height * Double.exp(-2.772588722239781 * (1 - mixing) * u * u) / (1 + 4 * mixing * u * u)
    }

    /// True FWHM: the root of exp(−4 ln2 (1−m) u²) = (1 + 4 m u²)/2, solved by bisection.
    public var fwhm: Double {
        if mixing == 0 || mixing == 1 { return width }
        var lo = 0.0, hi = 0.5
        for _ in 0..<200 {
            let u = (lo + hi) / 2
            if Double.exp(-2.772588722239781 * (1 - mixing) * u * u) / (1 + 4 * mixing * u * u) > 0.5 { lo = u } else { hi = u }
        }
        return 2 * (lo + hi) / 2 * width
    }

    /// Full area. No closed form for 0 < m < 1: integrated over the real line to ~1e-12.
    public var area: Double {
        if mixing == 0 { return height * width * (Double.pi / (4 * Double.log(2))).squareRoot() }
        if mixing == 1 { return height * Double.pi * width / 2 }
        return Quadrature.realLine({ value(at: $0) }, center: center, scale: width)
    }
}

/// CasaXPS SGL(m): the **sum** (1 − m)·G + m·L with a common FWHM F and common height h.
/// Its FWHM is exactly F; area h·F·[(1 − m)·½√(π/ln 2) + m·π/2].
public struct GLSum: LineShape, Codable, Hashable {
    public var center: Double
    public var fwhm: Double
    /// The Lorentzian share m in [0, 1] (CasaXPS's SGL(30) is 0.3).
    public var mixing: Double
    /// The common height of both parts at `center`.
    public var height: Double

    /// The SGL(m) sum at `center` with FWHM `fwhm`, mixing m and height `height`.
    public init(center: Double, fwhm: Double, mixing: Double, height: Double) {
        self.center = center
        self.fwhm = fwhm
        self.mixing = mixing
        self.height = height
    }

    /// CasaXPS notation: SGL(30) is m = 0.3.
    public init(center: Double, fwhm: Double, casaM: Double, height: Double) {
        self.init(center: center, fwhm: fwhm, mixing: casaM / 100, height: height)
    }

    @inlinable
    public func value(at x: Double) -> Double {
        let u = (x - center) / fwhm
        return height * ((1 - mixing) * Double.exp(-2.772588722239781 * u * u) + mixing / (1 + 4 * u * u))
    }

    public var area: Double {
        height * fwhm * ((1 - mixing) * 0.5 * (Double.pi / Double.log(2)).squareRoot() + mixing * Double.pi / 2)
    }
}
