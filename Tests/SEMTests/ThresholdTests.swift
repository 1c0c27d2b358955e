// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import SEM

/// Reference levels computed with scikit-image 0.26.0 (`skimage.filters.threshold_*`) on images
/// rebuilt here from the same integer formulas.
@Suite("SEM thresholds against scikit-image")
struct ThresholdTests {
    static func skew() -> Raster<Float> {
        var px = [Float]()
        for y in 0..<200 { for x in 0..<300 { px.append(Float((255 * pow(Double((x * 37 + y * 91) % 1000) / 1000, 3)).rounded(.down))) } }
        return Raster(width: 300, height: 200, colorModel: .gray, samples: px)
    }

    static func bimodal() -> Raster<Float> {
        var px = [Float]()
        for y in 0..<200 { for x in 0..<300 {
            let base = ((x / 20) + (y / 25)) % 3 == 0 ? 180 : 60
            px.append(Float(min(255, max(0, base + (((x * 7 + y * 11) % 23) - 11) * 2))))
        } }
        return Raster(width: 300, height: 200, colorModel: .gray, samples: px)
    }

    /// Three grey populations (40, 120, 210) in tiles with the same integer ripple as ``bimodal()``.
    static func trimodal() -> Raster<Float> {
        var px = [Float]()
        for y in 0..<200 { for x in 0..<300 {
            let base = [40, 120, 210][((x / 20) + (y / 25)) % 3]
            px.append(Float(min(255, max(0, base + (((x * 7 + y * 11) % 23) - 11) * 2))))
        } }
        return Raster(width: 300, height: 200, colorModel: .gray, samples: px)
    }

    @Test("three-class Otsu: both levels as scikit-image's threshold_multiotsu(classes=3) gives them; otsu-top is the upper")
    func multiOtsu() throws {
        // scikit-image 0.26.0: skew [54, 146], trimodal [62, 142], the bundled nanofibre micrograph [70, 144].
        let m = try Micrograph(path: TestData.packageRoot + "/Images/nanofiber_diameterj.tif")
        for (img, lower, upper) in [(Self.skew().samples, 54, 146), (Self.trimodal().samples, 62, 142), (m.grey.float().samples, 70, 144)] {
            let levels = try #require(Threshold.multiOtsu3(img))
            #expect(levels.lower == Float(lower) && levels.upper == Float(upper), "\(levels) vs skimage [\(lower), \(upper)]")
            #expect(Threshold.level(.otsuTop, img) == Float(upper))
        }
        #expect(Threshold.multiOtsu3([Float](repeating: 3, count: 100)) == nil)
    }

    @Test("global levels: Otsu, Li, Triangle and mean as scikit-image gives them")
    func global() {
        let cases: [(Raster<Float>, [(Threshold.Method, Double, Double)])] = [
            (Self.skew(), [(.otsu, 94, 0), (.li, 52.881884180715915, 0.5), (.triangle, 9, 1), (.mean, 63.18606666666667, 1e-3)]),
            (Self.bimodal(), [(.otsu, 82, 0), (.li, 102.35254290735732, 0.5), (.triangle, 43, 1), (.mean, 100.00056666666667, 1e-3)]),
        ]
        for (img, refs) in cases {
            for (m, ref, tol) in refs {
                let v = Double(Threshold.level(m, img.samples)!)
                #expect(abs(v - ref) <= tol, "\(m): \(v) vs skimage \(ref)")
            }
        }
    }

    @Test("Sauvola and Niblack per-pixel levels (w = 15, k = 0.2; and w = 25, k = 0.3, R = 100) match scikit-image, edges included")
    func local() throws {
        let img = Self.bimodal()
        let s = try Threshold.localLevels(.sauvola, img)
        let n = try Threshold.localLevels(.niblack, img)
        let s2 = try Threshold.localLevels(.sauvola, img, window: 25, k: 0.3, dynamicRange: 100)
        let refs: [((Int, Int), Double, Double, Double)] = [
            ((0, 0), 147.37023038837964, 176.89585513474327, 133.02395208105443),
            ((10, 20), 103.76006584347418, 103.56523317315698, 104.01256403080274),
            ((199, 299), 147.7826338068555, 177.36280681049308, 133.03632768593755),
            ((50, 147), 111.20338250939339, 111.70906343660063, 96.92538587146421),
            ((120, 3), 49.28119426226741, 57.3750387952064, 44.44750158775384),
        ]
        for ((y, x), rs, rn, rs2) in refs {
            let i = y * 300 + x
            #expect(abs(Double(s[i]) - rs) < 1e-3, "sauvola (\(y),\(x)): \(s[i]) vs \(rs)")
            #expect(abs(Double(n[i]) - rn) < 1e-3, "niblack (\(y),\(x)): \(n[i]) vs \(rn)")
            #expect(abs(Double(s2[i]) - rs2) < 1e-3, "sauvola w25 (\(y),\(x)): \(s2[i]) vs \(rs2)")
        }
        #expect(throws: SEMError.self) { try Threshold.localLevels(.sauvola, img, window: 14) }
    }

    @Test("Huang separates two well-separated populations between their modes")
    func huang() {
        let img = Self.bimodal()
        let t = Double(Threshold.level(.huang, img.samples)!)
        #expect(t >= 82 && t < 158, "\(t)") // any level in the gap 83…157 (and 82, the last dark level) classifies identically
        let mask = Threshold.apply(img.samples, width: 300, height: 200, level: Float(t))
        var wrong = 0
        for y in 0..<200 { for x in 0..<300 where (mask[x, y]) != (((x / 20) + (y / 25)) % 3 == 0) { wrong += 1 } }
        #expect(wrong == 0)
    }

    @Test("a uniform image has no level")
    func uniform() {
        for m in Threshold.Method.allCases where !m.isLocal && m != .mean { #expect(Threshold.level(m, [Float](repeating: 4, count: 100)) == nil) }
    }

    /// The range and whole-number test decide between exact integer bins and 256 bins. The truth is
    /// by construction: every value is placed by hand, in the vector body and in the tail, on either
    /// side of 2²³ (where every float is whole) and at −0.
    @Test("range and integrality: extremes and whole-number detection, vector body and tail alike")
    func rangeAndIntegrality() {
        let n = (1 << 17) + 5 // parallel chunks, eight-lane body and a tail
        var v = [Float](repeating: 7, count: n)
        v[3] = -0.0; v[100] = 16_777_216; v[n - 1] = -12; v[n / 2] = 8_388_607
        let whole = Threshold.rangeAndIntegrality(v)!
        #expect(whole.lo == -12 && whole.hi == 16_777_216 && whole.integral)
        for (i, x) in [(5, Float(2.5)), (n - 2, -3.25), (n / 2 + 1, 8_388_606.5), (70_001, 0.0001)] {
            var w = v
            w[i] = x
            let r = Threshold.rangeAndIntegrality(w)!
            #expect(!r.integral, "\(x) at \(i)")
            #expect(r.lo == min(-12, x) && r.hi == 16_777_216)
        }
        #expect(Threshold.rangeAndIntegrality([Float](repeating: 1.5, count: 3))! == (1.5, 1.5, false))
        #expect(Threshold.rangeAndIntegrality([]) == nil)
    }

    @Test("range of 8- and 16-bit levels: extremes placed in the sixteen-byte body and in the tail")
    func integerRange() {
        let n = 16 * 1000 + 7
        var bytes = [UInt8](repeating: 100, count: n)
        bytes[17] = 3; bytes[n - 1] = 250
        #expect(Threshold.rangeAndIntegrality(bytes)! == (3, 250, true))
        bytes[17] = 100; bytes[n - 3] = 1; bytes[40] = 255
        #expect(Threshold.rangeAndIntegrality(bytes)! == (1, 255, true))
        #expect(Threshold.rangeAndIntegrality([UInt8](repeating: 9, count: 5))! == (9, 9, true))
        var words = [UInt16](repeating: 4000, count: 1001)
        words[0] = 65535; words[1000] = 12
        #expect(Threshold.rangeAndIntegrality(words)! == (12, 65535, true))
        #expect(Threshold.rangeAndIntegrality([UInt8]()) == nil)
    }
}
