// SPDX-License-Identifier: GPL-3.0-or-later
import ComplexModule
import Foundation
import Testing
import _TestSupport
@testable import InterphaseCore

/// Independent checks: composite Simpson on x = c + s·tan θ (a fixed grid, not the library's
/// adaptive quadrature) and a dense scan for the half-maximum crossings.
enum Reference {
    /// Composite midpoint rule: never evaluates θ = ±π/2, where Lorentzian tails leave a finite,
    /// non-zero limit of the substituted integrand.
    static func area(_ f: (Double) -> Double, center c: Double, scale s: Double, n: Int = 200_000) -> Double {
        let a = -Double.pi / 2, h = Double.pi / Double(n)
        var sum = 0.0
        for i in 0..<n {
            let t = a + (Double(i) + 0.5) * h
            let ct = Foundation.cos(t)
            sum += f(c + s * Foundation.tan(t)) * s / (ct * ct)
        }
        return sum * h
    }

    static func fwhm(_ f: (Double) -> Double, from lo: Double, to hi: Double, steps: Int = 400_000) -> Double {
        let dx = (hi - lo) / Double(steps)
        var ys = [Double](repeating: 0, count: steps + 1)
        for i in 0...steps { ys[i] = f(lo + Double(i) * dx) }
        let m = ys.indices.max { ys[$0] < ys[$1] }!
        let half = ys[m] / 2
        var l = m; while l > 0 && ys[l] > half { l -= 1 }
        var r = m; while r < steps && ys[r] > half { r += 1 }
        let xl = lo + (Double(l) + (half - ys[l]) / (ys[l + 1] - ys[l])) * dx
        let xr = lo + (Double(r) - (half - ys[r]) / (ys[r - 1] - ys[r])) * dx
        return xr - xl
    }
}

@Suite("Line shapes")
struct LineShapeTests {
    @Test("areas equal independent numerical integration")
    func areas() {
        let shapes: [(String, any LineShape, Double)] = [
            ("Gaussian", Gaussian(center: 1726, fwhm: 18, area: 12.5), 18),
            ("Lorentzian", Lorentzian(center: 685.1, fwhm: 1.2, area: 3000), 1.2),
            ("pseudo-Voigt", PseudoVoigt(center: 1640, fwhm: 25, fraction: 0.35, area: 7), 25),
            ("Voigt", Voigt(center: 687, sigma: 0.6, gamma: 0.25, area: 1000), 1.6),
            ("GL(30)", GLProduct(center: 685, width: 1.7, casaM: 30, height: 2000), 1.7),
            ("GL(80)", GLProduct(center: 685, width: 1.7, casaM: 80, height: 2000), 1.7),
            ("SGL(30)", GLSum(center: 688.6, fwhm: 1.9, casaM: 30, height: 900), 1.9),
            ("LA(1.53,243-like)", AsymmetricLorentzian(center: 228, fwhm: 0.8, alpha: 1.53, beta: 1.53, height: 50), 0.8),
            ("LA(1.3,2.5) unconvolved", AsymmetricLorentzian(center: 31.4, fwhm: 0.6, alpha: 1.3, beta: 2.5, height: 10), 0.6),
            ("DS(α=0)", DoniachSunjic(center: 84, gamma: 0.2, alpha: 0, amplitude: 5), 0.4),
        ]
        for (name, shape, scale) in shapes {
            let ref = Reference.area({ shape.value(at: $0) }, center: shape.center, scale: scale)
            #expect(relativeError(shape.area, ref) < 1e-7, "\(name): area \(shape.area) vs \(ref)")
        }
        // Convolved LA: the Gaussian convolution preserves the area (fewer reference points: each value is a quadrature).
        let la = AsymmetricLorentzian(center: 31.4, fwhm: 0.6, alpha: 1.3, beta: 2.5, gaussianFWHM: 0.4, height: 10)
        let ref = Reference.area({ la.value(at: $0) }, center: la.center, scale: 0.6, n: 6000)
        #expect(relativeError(la.area, ref) < 2e-5, "LA convolved: \(la.area) vs \(ref)")
        #expect(DoniachSunjic(center: 0, gamma: 1, alpha: 0.1, amplitude: 1).area == .infinity)
        #expect(AsymmetricLorentzian(center: 0, fwhm: 1, alpha: 0.5, beta: 1, height: 1).area == .infinity)
    }

    @Test("FWHM equals an independent half-maximum scan")
    func widths() {
        let shapes: [(String, any LineShape)] = [
            ("Gaussian", Gaussian(center: 0, fwhm: 2.3, area: 1)),
            ("Lorentzian", Lorentzian(center: 0, fwhm: 2.3, area: 1)),
            ("pseudo-Voigt", PseudoVoigt(center: 0, fwhm: 2.3, fraction: 0.6, area: 1)),
            ("Voigt", Voigt(center: 0, sigma: 0.7, gamma: 0.4, area: 1)),
            ("GL(30)", GLProduct(center: 0, width: 2.3, casaM: 30, height: 1)),
            ("SGL(50)", GLSum(center: 0, fwhm: 2.3, casaM: 50, height: 1)),
            ("LA(1.3,2.5)", AsymmetricLorentzian(center: 0, fwhm: 2.3, alpha: 1.3, beta: 2.5, height: 1)),
            ("DS(0.2)", DoniachSunjic(center: 0, gamma: 0.5, alpha: 0.2, amplitude: 1)),
        ]
        for (name, shape) in shapes {
            let ref = Reference.fwhm({ shape.value(at: $0) }, from: -8, to: 8)
            #expect(relativeError(shape.fwhm, ref) < 1e-6, "\(name): FWHM \(shape.fwhm) vs \(ref)")
        }
        let la = AsymmetricLorentzian(center: 0, fwhm: 1.5, alpha: 1.3, beta: 2.5, gaussianFWHM: 0.5, height: 1)
        #expect(relativeError(la.convolvedFWHM, Reference.fwhm({ la.value(at: $0) }, from: -5, to: 5, steps: 20_000)) < 1e-4)
        // Olivero–Longbothum is within 0.02 % of the exact Voigt width.
        let v = Voigt(center: 0, sigma: 0.7, gamma: 0.4, area: 1)
        #expect(relativeError(v.approximateFWHM, v.fwhm) < 2.5e-4)
    }

    /// Reference values: scipy.special.voigt_profile(x, sigma, gamma), scipy 1.17.1 (Faddeeva package).
    @Test("Voigt equals tabulated values to 1e-6 relative",
          arguments: [
              (0.0, 1.0, 0.5, 0.27895547038929436), (0.7, 1.0, 0.5, 0.23661690669708654),
              (3.0, 1.0, 0.5, 0.028336408162199005), (12.0, 1.0, 0.5, 0.0011270507482501505),
              (0.0, 0.3, 2.0, 0.15579206328170675), (5.0, 0.3, 2.0, 0.022120829260320485),
              (40.0, 0.3, 2.0, 0.000396961725381229), (1.2, 2.0, 0.01, 0.16607231123659705),
              (8.0, 2.0, 0.01, 0.0001318257916148045), (0.3, 0.05, 0.001, 0.0038834847715366046),
              (200.0, 1.0, 1.0, 7.958145071796536e-06),
          ])
    func voigtTable(x: Double, sigma: Double, gamma: Double, expected: Double) {
        let v = Voigt(center: 0, sigma: sigma, gamma: gamma, area: 1).value(at: x)
        #expect(relativeError(v, expected) < 1e-6)
    }

    /// w(z) against scipy.special.wofz and, on the imaginary axis, e^{y²} erfc(y) from the C library.
    @Test("Faddeeva function against reference values")
    func faddeeva() {
        let table: [(Double, Double, Double, Double)] = [
            (1.0, 1.0, 0.30474420525691254, 0.2082189382028316), (0.5, 2.0, 0.2452759902263585, 0.0515214783436358),
            (3.0, 0.1, 0.007942680998770001, 0.20074234309867764), (10.0, 10.0, 0.028279467454232453, 0.0281384332763369),
            (5.0, 0.001, 2.4080463967103584e-05, 0.11524595667450457),
        ]
        for (re, im, wr, wi) in table {
            let w = Faddeeva.w(Complex(re, im))
            #expect(relativeError(w.real, wr) < 1e-6 && relativeError(w.imaginary, wi) < 1e-6, "w(\(re)+\(im)i)")
        }
        for y in [0.0, 0.25, 0.5, 1, 2, 5, 20] {
            #expect(relativeError(Faddeeva.w(Complex(0, y)).real, Foundation.exp(y * y) * Foundation.erfc(y)) < 1e-9)
        }
    }

    @Test("limits and definitions of the CasaXPS shapes")
    func casaDefinitions() {
        // GL(m) at u = ½ is 2^−(1−m)/(1+m): 0.4738 for m = 0.3 (XPS.md §3.2).
        let gl = GLProduct(center: 10, width: 2, casaM: 30, height: 1)
        #expect(abs(gl.value(at: 11) - Foundation.pow(2, -0.7) / 1.3) < 1e-14)
        #expect(gl.fwhm < 2)
        // GL(0) and SGL(0) are the Gaussian, GL(100) and SGL(100) the Lorentzian, all at height 1.
        let g = Gaussian(center: 10, fwhm: 2, area: 1), l = Lorentzian(center: 10, fwhm: 2, area: 1)
        for x in stride(from: 5.0, through: 15, by: 0.37) {
            #expect(abs(GLProduct(center: 10, width: 2, mixing: 0, height: 1).value(at: x) - g.value(at: x) / g.height) < 1e-14)
            #expect(abs(GLSum(center: 10, fwhm: 2, mixing: 1, height: 1).value(at: x) - l.value(at: x) / l.height) < 1e-14)
            #expect(abs(AsymmetricLorentzian(center: 10, fwhm: 2, alpha: 1, beta: 1, height: 1).value(at: x) - l.value(at: x) / l.height) < 1e-14)
            #expect(abs(DoniachSunjic(center: 10, gamma: 1, alpha: 0, amplitude: 1).value(at: x) - l.value(at: x)) < 1e-14)
        }
        #expect(GLSum(center: 0, fwhm: 1.9, casaM: 30, height: 1).fwhm == 1.9)
        // Asymmetric shapes put their tail on the high-x (high binding energy) side.
        let ds = DoniachSunjic(center: 0, gamma: 0.3, alpha: 0.2, amplitude: 1)
        #expect(ds.value(at: 3) > 5 * ds.value(at: -3))
        let la = AsymmetricLorentzian(center: 0, fwhm: 1, alpha: 1.2, beta: 3, height: 1)
        #expect(la.value(at: 2) > 3 * la.value(at: -2))
        // Voigt tends to its Gaussian and Lorentzian limits.
        #expect(relativeError(Voigt(center: 0, sigma: 1, gamma: 1e-9, area: 1).value(at: 0.8), Gaussian(center: 0, fwhm: 2.3548200450309493, area: 1).value(at: 0.8)) < 1e-7)
        #expect(relativeError(Voigt(center: 0, sigma: 1e-6, gamma: 1, area: 1).value(at: 0.8), Lorentzian(center: 0, fwhm: 2, area: 1).value(at: 0.8)) < 1e-6)
    }
}

@Suite("Line-shape gradients")
struct LineShapeGradientTests {
    @Test("pseudo-Voigt analytic gradient equals central finite differences")
    func pseudoVoigtGradient() {
        let p = PseudoVoigt(center: 1726, fwhm: 18, fraction: 0.37, area: 12)
        for x in stride(from: 1680.0, through: 1770, by: 3.7) {
            let (v, dc, dw, da, de) = p.valueAndGradient(at: x)
            #expect(abs(v - p.value(at: x)) < 1e-15)
            // Step 1e-4 of the band's natural scale (its width, or 1 for area and fraction), not of the
            // value: a 1726-scaled step would leave a truncation error of ~1e-7 of the height.
            func fd(_ f: (Double) -> PseudoVoigt, _ v0: Double, scale natural: Double = 1) -> Double {
                let h = 1e-4 * natural
                return (f(v0 + h).value(at: x) - f(v0 - h).value(at: x)) / (2 * h)
            }
            let scale = p.height
            #expect(abs(dc - fd({ PseudoVoigt(center: $0, fwhm: 18, fraction: 0.37, area: 12) }, 1726, scale: 18)) < 1e-8 * scale)
            #expect(abs(dw - fd({ PseudoVoigt(center: 1726, fwhm: $0, fraction: 0.37, area: 12) }, 18, scale: 18)) < 1e-8 * scale)
            #expect(abs(da - fd({ PseudoVoigt(center: 1726, fwhm: 18, fraction: 0.37, area: $0) }, 12)) < 1e-9 * scale)
            #expect(abs(de - fd({ PseudoVoigt(center: 1726, fwhm: 18, fraction: $0, area: 12) }, 0.37)) < 1e-9 * scale)
        }
    }
}
