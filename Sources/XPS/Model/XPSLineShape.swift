// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import RealModule
import ComplexModule

/// A component line shape in CasaXPS notation, with the parameters CasaXPS writes:
/// `GL(30)` (product, m = 0.30), `SGL(30)` (sum), `LA(α,β,m)`, `LF(α,β,w,m[,n])`, `DS(α,n)`, and
/// `Voigt(r)` (CasaXPS has no Voigt keyword; r is the Lorentzian share of the FWHM in per cent).
/// XPS.md §3.2 gives the formulas; ``profile(_:)`` evaluates the shape at u = (x − E)/F with unit
/// height at u = 0.
public enum XPSLineShape: Sendable, Hashable, Codable, CustomStringConvertible {
    /// GL(m): exp(−4 ln2 (1 − m) u²) / (1 + 4 m u²), m in [0, 1].
    case glProduct(m: Double)
    /// SGL(m): (1 − m)·exp(−4 ln2 u²) + m/(1 + 4u²).
    case glSum(m: Double)
    /// LA(α, β, m): asymmetric Lorentzian powers (α toward higher binding energy), Gaussian width
    /// index m (0 for none).
    case la(alpha: Double, beta: Double, m: Double)
    /// LF(α, β, w, m[, n]): LA with a damping width w, as CasaXPS writes it. Read and shown; not fitted.
    case lf(alpha: Double, beta: Double, w: Double, m: Double, n: Double?)
    /// DS(α, n): Doniach–Šunjić; read and shown; its area diverges.
    case ds(alpha: Double, n: Double)
    /// Voigt(r): a Gaussian convolved with a Lorentzian, through the Faddeeva function (XPS.md §3.2).
    /// The Lorentzian FWHM is r·F and the Gaussian FWHM follows from Olivero & Longbothum,
    /// F = 0.5346 f_L + √(0.2166 f_L² + f_G²), so F is the FWHM to within 0.02 %; r in [0, 1].
    case voigt(lorentzFraction: Double)

    public var description: String {
        func f(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e6 ? String(Int(v)) : String(v) }
        switch self {
        case .glProduct(let m): return "GL(\(f(m * 100)))"
        case .glSum(let m): return "SGL(\(f(m * 100)))"
        case .la(let a, let b, let m): return a == b ? "LA(\(f(a)),\(f(m)))" : "LA(\(f(a)),\(f(b)),\(f(m)))"
        case .lf(let a, let b, let w, let m, let n):
            return "LF(\(f(a)),\(f(b)),\(f(w)),\(f(m))" + (n.map { ",\(f($0))" } ?? "") + ")"
        case .ds(let a, let n): return "DS(\(f(a)),\(f(n)))"
        case .voigt(let r): return "Voigt(\(f(r * 100)))"
        }
    }

    /// Parses CasaXPS notation (`GL(30)`, `SGL(30)`, `LA(1.53,243)`, `LA(1.3,2.5,11)`,
    /// `LF(0.54,10,80,100,6)`, `DS(0.1,20)`); also `Gaussian` (GL(0)) and `Lorentzian` (GL(100)).
    public init?(casa text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        switch t.lowercased() {
        case "gaussian", "g": self = .glProduct(m: 0); return
        case "lorentzian", "l": self = .glProduct(m: 1); return
        default: break
        }
        guard let open = t.firstIndex(of: "("), t.hasSuffix(")") else { return nil }
        let name = t[..<open].uppercased()
        let args = t[t.index(after: open)..<t.index(before: t.endIndex)]
            .split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !args.isEmpty, args.allSatisfy({ $0 != nil && $0!.isFinite }) else { return nil }
        let a = args.map { $0! }
        switch (name, a.count) {
        case ("GL", 1) where (0...100).contains(a[0]): self = .glProduct(m: a[0] / 100)
        case ("SGL", 1) where (0...100).contains(a[0]): self = .glSum(m: a[0] / 100)
        case ("LA", 1): self = .la(alpha: a[0], beta: a[0], m: 0)
        case ("LA", 2): self = .la(alpha: a[0], beta: a[0], m: a[1])
        case ("LA", 3): self = .la(alpha: a[0], beta: a[1], m: a[2])
        case ("LF", 4): self = .lf(alpha: a[0], beta: a[1], w: a[2], m: a[3], n: nil)
        case ("LF", 5): self = .lf(alpha: a[0], beta: a[1], w: a[2], m: a[3], n: a[4])
        case ("DS", 1): self = .ds(alpha: a[0], n: 0)
        case ("DS", 2): self = .ds(alpha: a[0], n: a[1])
        case ("VOIGT", 1) where (0...100).contains(a[0]), ("V", 1) where (0...100).contains(a[0]):
            self = .voigt(lorentzFraction: a[0] / 100)
        default: return nil
        }
    }

    /// Whether ``XPSFitter`` can fit this shape (closed-form profile and derivative).
    public var isFittable: Bool {
        switch self {
        case .glProduct, .glSum, .voigt: true
        case .la(let a, let b, let m): m == 0 && a > 0.5 && b > 0.5
        default: false
        }
    }

    /// Unit-height profile s(u) and ds/du at u = (x − E)/F, u > 0 toward higher binding energy.
    @inlinable
    public func profile(_ u: Double) -> (value: Double, derivative: Double) {
        let a = 2.772588722239781 // 4 ln 2
        switch self {
        case .glProduct(let m):
            let q = 1 + 4 * m * u * u
            let s = Double.exp(-a * (1 - m) * u * u) / q
            return (s, s * (-2 * a * (1 - m) * u - 8 * m * u / q))
        case .glSum(let m):
            let g = Double.exp(-a * u * u), q = 1 + 4 * u * u
            return ((1 - m) * g + m / q, (1 - m) * g * (-2 * a * u) - m * 8 * u / (q * q))
        case .la(let alpha, let beta, _):
            // F is the FWHM: the Lorentzian width follows from the half widths of L^α and L^β.
            let fl = 2 / ((Double.pow(2, 1 / alpha) - 1).squareRoot() + (Double.pow(2, 1 / beta) - 1).squareRoot())
            let p = u >= 0 ? alpha : beta
            let v = u / fl, q = 1 + 4 * v * v
            let s = Double.pow(q, -p)
            return (s, -p * s * 8 * v / (q * fl))
        case .voigt(let r):
            let (sigma, gamma) = Self.voigtWidths(r)
            if sigma == 0 { let q = 1 + 4 * u * u; return (1 / q, -8 * u / (q * q)) }
            // s(u) = Re w(z)/Re w(z₀), z = (u + iγ)/(σ√2); w'(z) = −2z w(z) + 2i/√π.
            let s2 = sigma * 1.4142135623730951
            let z = Complex(u / s2, gamma / s2)
            let w = Faddeeva.w(z)
            let w0 = Self.faddeevaOnImaginaryAxis(gamma / s2)
            let dw = -2 * z * w + Complex(0, 1.1283791670955126)
            return (w.real / w0, dw.real / (s2 * w0))
        case .lf, .ds:
            return (0, 0)
        }
    }

    /// w(iy) = exp(y²)·erfc(y) for y ≥ 0, the Voigt's height factor: closed form, so a profile
    /// evaluation costs one complex Faddeeva call, not two. Above y = 25 (exp(y²) overflows near 26.6)
    /// the asymptotic series 1/(y√π)·Σ (−1)ⁿ(2n−1)!!/(2y²)ⁿ, to n = 7, is exact to 1e−16.
    @inlinable
    static func faddeevaOnImaginaryAxis(_ y: Double) -> Double {
        if y < 25 { return Double.exp(y * y) * Foundation.erfc(y) }
        let q = 1 / (2 * y * y)
        let series = 1 - q * (1 - q * (3 - q * (15 - q * (105 - q * (945 - q * (10395 - q * 135135))))))
        return series / (y * 1.7724538509055159)
    }

    /// Gaussian σ and Lorentzian half width γ, in units of F, of ``voigt(lorentzFraction:)``.
    @inlinable
    static func voigtWidths(_ r: Double) -> (sigma: Double, gamma: Double) {
        let fl = min(max(r, 0), 1)
        let fg2 = (1 - 0.5346 * fl) * (1 - 0.5346 * fl) - 0.2166 * fl * fl
        let fg = fg2 > 1e-12 ? fg2.squareRoot() : 0
        return (fg / 2.3548200450309493, fl / 2)
    }

    /// ∫ s(u) du over the real line: the area of a unit-height, unit-width component.
    public var unitArea: Double {
        switch self {
        case .glSum(let m): return (1 - m) * 0.5 * (Double.pi / Double.log(2)).squareRoot() + m * Double.pi / 2
        case .glProduct(let m):
            if m == 0 { return 0.5 * (Double.pi / Double.log(2)).squareRoot() }
            if m == 1 { return Double.pi / 2 }
            // The integral depends on m alone and every model construction asks for it: computed
            // once per m (it was 30 % of a batch of F 1s fits).
            return glProductAreas.value(for: m) { Quadrature.realLine({ profile($0).value }, center: 0, scale: 1) }
        case .la(let alpha, let beta, _):
            let fl = 2 / ((Double.pow(2, 1 / alpha) - 1).squareRoot() + (Double.pow(2, 1 / beta) - 1).squareRoot())
            func half(_ p: Double) -> Double { Double.pi.squareRoot() * Double.gamma(p - 0.5) / (2 * Double.gamma(p)) }
            return fl / 2 * (half(alpha) + half(beta))
        case .voigt(let r):
            let (sigma, gamma) = Self.voigtWidths(r)
            if sigma == 0 { return Double.pi / 2 }
            // ∫ Re w(z) dx = σ√(2π) for the normalised Voigt; divide by the height at u = 0.
            let s2 = sigma * 1.4142135623730951
            return sigma * 2.5066282746310002 / Self.faddeevaOnImaginaryAxis(gamma / s2)
        case .lf, .ds: return .nan
        }
    }
}

/// Unit areas of GL(m) products, by m, computed once each (thread-safe).
let glProductAreas = MemoTable()

final class MemoTable: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Double: Double] = [:]

    func value(for key: Double, _ compute: () -> Double) -> Double {
        lock.lock()
        if let v = values[key] { lock.unlock(); return v }
        lock.unlock()
        let v = compute()
        lock.lock(); values[key] = v; lock.unlock()
        return v
    }
}
