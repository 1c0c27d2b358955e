// SPDX-License-Identifier: GPL-3.0-or-later
import RealModule

/// A peak profile with an exact area and full width at half maximum.
///
/// Symmetric analytic shapes (``Gaussian``, ``Lorentzian``, ``PseudoVoigt``, ``Voigt``) are
/// parameterised by their **area** (lmfit's `amplitude` convention). The CasaXPS shapes
/// (``GLProduct``, ``GLSum``, ``AsymmetricLorentzian``) are parameterised by their **height** at the
/// position, as CasaXPS defines them; their ``area`` is the full-line area, never clipped to a window.
public protocol LineShape: Sendable {
    /// The position parameter (for asymmetric shapes this is not the maximum).
    var center: Double { get }
    /// The profile at `x`.
    func value(at x: Double) -> Double
    /// ∫ f dx over the whole real line. `.infinity` for shapes whose integral diverges.
    var area: Double { get }
    /// The full width at half of the maximum.
    var fwhm: Double { get }
}

extension LineShape {
    /// The profile at each of `xs`.
    public func values(at xs: [Double]) -> [Double] { xs.map { value(at: $0) } }

    /// ∫ f dx over `[a, b]` by adaptive Simpson quadrature (relative tolerance ~1e-10).
    public func integral(from a: Double, to b: Double) -> Double {
        Quadrature.adaptiveSimpson({ value(at: $0) }, a, b, tolerance: 1e-12 * max(abs(value(at: center)), 1e-300) * max(b - a, 1))
    }
}

/// Numerical integration and width finding for line shapes without closed forms.
public enum Quadrature {
    /// Adaptive Simpson quadrature of `f` on `[a, b]` to absolute `tolerance`.
    public static func adaptiveSimpson(_ f: (Double) -> Double, _ a: Double, _ b: Double, tolerance: Double, maxDepth: Int = 50) -> Double {
        let fa = f(a), fb = f(b), m = (a + b) / 2, fm = f(m)
        let whole = (b - a) / 6 * (fa + 4 * fm + fb)
        return simpsonStep(f, a, b, fa, fm, fb, whole, tolerance, maxDepth)
    }

    private static func simpsonStep(_ f: (Double) -> Double, _ a: Double, _ b: Double, _ fa: Double, _ fm: Double, _ fb: Double,
                                    _ whole: Double, _ tol: Double, _ depth: Int) -> Double {
        let m = (a + b) / 2, lm = (a + m) / 2, rm = (m + b) / 2
        let flm = f(lm), frm = f(rm)
        let left = (m - a) / 6 * (fa + 4 * flm + fm)
        let right = (b - m) / 6 * (fm + 4 * frm + fb)
        let delta = left + right - whole
        if depth <= 0 || abs(delta) <= 15 * tol { return left + right + delta / 15 }
        return simpsonStep(f, a, m, fa, flm, fm, left, tol / 2, depth - 1) + simpsonStep(f, m, b, fm, frm, fb, right, tol / 2, depth - 1)
    }

    /// ∫ f over the real line through x = c + s·tan θ, which maps Lorentzian-like tails onto a bounded
    /// integrand on (−π/2, π/2). `breakpoints` (in x) split the range where f has a kink.
    public static func realLine(_ f: (Double) -> Double, center c: Double, scale s: Double, breakpoints: [Double] = [],
                                relativeTolerance: Double = 1e-12) -> Double {
        let g: (Double) -> Double = { t in
            let ct = Double.cos(t)
            if ct <= 1e-300 { return 0 }
            let x = c + s * Double.tan(t)
            return f(x) * s / (ct * ct)
        }
        let lim = Double.pi / 2
        var cuts = [-lim] + breakpoints.map { Double.atan(($0 - c) / s) }.sorted() + [lim]
        cuts = cuts.reduce(into: [Double]()) { acc, v in if acc.last.map({ v > $0 }) ?? true { acc.append(v) } }
        let scaleValue = abs(f(c)) * s + 1e-300
        var total = 0.0
        for i in 0..<(cuts.count - 1) {
            total += adaptiveSimpson(g, cuts[i], cuts[i + 1], tolerance: relativeTolerance * scaleValue / Double(cuts.count - 1))
        }
        return total
    }

    /// The maximum of `f` near `center` (searched over ±`reach`), refined by golden-section search.
    public static func maximum(_ f: (Double) -> Double, near center: Double, reach: Double) -> (x: Double, value: Double) {
        let n = 4000
        var bestX = center, bestV = f(center)
        for i in 0...n {
            let x = center - reach + 2 * reach * Double(i) / Double(n)
            let v = f(x)
            if v > bestV { bestV = v; bestX = x }
        }
        var a = bestX - 2 * reach / Double(n), b = bestX + 2 * reach / Double(n)
        let phi = (5.0.squareRoot() - 1) / 2
        var x1 = b - phi * (b - a), x2 = a + phi * (b - a)
        var f1 = f(x1), f2 = f(x2)
        for _ in 0..<200 where b - a > 1e-15 * max(abs(bestX), 1) {
            if f1 > f2 { b = x2; x2 = x1; f2 = f1; x1 = b - phi * (b - a); f1 = f(x1) }
            else { a = x1; x1 = x2; f1 = f2; x2 = a + phi * (b - a); f2 = f(x2) }
        }
        let x = (a + b) / 2, v = f(x)
        return v >= bestV ? (x, v) : (bestX, bestV)
    }

    /// Full width at half maximum of a unimodal `f`, by bracketing and bisection to ~1e-13 relative.
    /// `scale` is a rough width used to step outward.
    public static func fwhm(_ f: (Double) -> Double, center: Double, scale: Double) -> Double {
        let (xm, vm) = maximum(f, near: center, reach: 5 * scale)
        let half = vm / 2
        func crossing(_ direction: Double) -> Double {
            var inner = xm, step = scale / 64
            var outer = xm + direction * step
            var guardCount = 0
            while f(outer) > half && guardCount < 2000 {
                inner = outer
                step *= 1.5
                outer = xm + direction * (abs(outer - xm) + step)
                guardCount += 1
            }
            for _ in 0..<200 {
                let mid = (inner + outer) / 2
                if f(mid) > half { inner = mid } else { outer = mid }
                if abs(outer - inner) <= 1e-14 * max(abs(xm), scale) { break }
            }
            return (inner + outer) / 2
        }
        return crossing(1) - crossing(-1)
    }
}
