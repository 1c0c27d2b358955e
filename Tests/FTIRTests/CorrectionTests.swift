// SPDX-License-Identifier: GPL-3.0-or-later
import ComplexModule
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import FTIR

@Suite("Optical corrections")
struct CorrectionTests {
    /// A Lorentz oscillator (the C=O of PMMA at 1730 cm⁻¹) gives n and k by construction; its
    /// normal-incidence reflectance R = |(N−1)/(N+1)|² is what the KK analysis sees.
    static func oscillator() -> (x: [Double], n: [Double], k: [Double], r: [Double]) {
        let x = stride(from: 400.0, through: 4000, by: 2).map { $0 }
        var n: [Double] = [], k: [Double] = [], r: [Double] = []
        for nu in x {
            let eps = Complex(2.2, 0) + Complex(0.08 * 1730 * 1730, 0) / Complex(1730 * 1730 - nu * nu, -18 * nu)
            let N = Complex.sqrt(eps)
            n.append(N.real); k.append(N.imaginary)
            let rr = (N - 1) / (N + 1)
            r.append(rr.lengthSquared)
        }
        return (x, n, k, r)
    }

    @Test("Kramers–Kronig recovers n and k of a known oscillator from its reflectance")
    func kramersKronig() throws {
        let o = Self.oscillator()
        let s = try Spectrum(name: "R", x: o.x, y: o.r, xKind: .wavenumber, yKind: .reflectance)
        let kk = try KramersKronig.opticalConstants(reflectance: s)
        let kMax = kk.wavenumber[kk.k.indices.max { kk.k[$0] < kk.k[$1] }!]
        let truthMax = o.x[o.k.indices.max { o.k[$0] < o.k[$1] }!]
        #expect(abs(kMax - truthMax) <= 2, "k maximum at \(kMax), truth \(truthMax)")
        let inner = o.x.indices.filter { o.x[$0] > 800 && o.x[$0] < 3600 }
        let kErr = inner.map { abs(kk.k[$0] - o.k[$0]) }.max()!
        let nErr = inner.map { abs(kk.n[$0] - o.n[$0]) }.max()!
        print(String(format: "KK on a Lorentz oscillator: max |Δk| %.4f (peak k %.3f), max |Δn| %.4f", kErr, o.k.max()!, nErr))
        #expect(kErr < 0.05 * o.k.max()! && nErr < 0.03)
        #expect(kk.k[inner[0]...inner.last!].allSatisfy { $0 > -0.01 }) // the sign convention gives k ≥ 0
    }

    @Test("ATR penetration depth: diamond, n = 1.5, 45°, 1000 cm⁻¹ is 2.0 µm; correction scales by ν/ν_ref")
    func atr() throws {
        let atr = ATRCorrection(crystalIndex: 2.4, sampleIndex: 1.5, angleDegrees: 45, referenceWavenumber: 1000)
        #expect(abs(try atr.penetrationDepth(at: 1000) - 2.005) < 0.01)
        #expect(abs(try ATRCorrection(crystalIndex: 4.0).penetrationDepth(at: 1000) - 0.665) < 0.005) // germanium
        let s = try Spectrum(name: "a", x: [2000, 1000, 500], y: [1, 1, 1], xKind: .wavenumber, yKind: .absorbance)
        let c = try atr.apply(to: s)
        for (a, b) in zip(c.y, [2.0, 1, 0.5]) { #expect(abs(a - b) < 1e-12) }
        #expect(throws: CorrectionError.self) { try ATRCorrection(crystalIndex: 1.6, sampleIndex: 1.5, angleDegrees: 45).penetrationDepth(at: 1000) }
    }

    @Test("absorbance ↔ transmittance and Kubelka–Munk")
    func conversions() throws {
        let t = try Spectrum(name: "t", x: [1, 2, 3], y: [100, 10, 1], xKind: .wavenumber, yKind: .transmittance, yUnit: .percent)
        let a = try IntensityConversion.absorbance(fromTransmittance: t)
        #expect(a.y.enumerated().allSatisfy { abs($0.element - [0.0, 1, 2][$0.offset]) < 1e-12 })
        let back = try IntensityConversion.transmittance(fromAbsorbance: a)
        #expect(zip(back.y, [1.0, 0.1, 0.01]).allSatisfy { abs($0 - $1) < 1e-15 })
        let r = try Spectrum(name: "r", x: [1, 2], y: [0.5, 0.25], xKind: .wavenumber, yKind: .reflectance)
        #expect(try IntensityConversion.kubelkaMunk(fromReflectance: r).y == [0.25, 1.125])
        let zero = try Spectrum(name: "z", x: [1, 2], y: [0, 5], xKind: .wavenumber, yKind: .transmittance, yUnit: .percent)
        #expect(throws: CorrectionError.self) { try IntensityConversion.absorbance(fromTransmittance: zero) }
    }
}
