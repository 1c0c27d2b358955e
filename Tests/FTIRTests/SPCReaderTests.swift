// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import FTIR

@Suite("SPC reader")
struct SPCReaderTests {
    static func read(_ name: String) throws -> [Spectrum]? {
        guard let p = TestData.shared("ftir/spectrochempy_data/galacticdata/" + name) else { return nil }
        return try SPCReader().read(p)
    }

    /// European Pharmacopoeia polystyrene wavenumber check (fixtures README): certified positions.
    /// This recording sits 0.3–0.6 cm⁻¹ from them whatever the interpolation; the deviations are
    /// printed, and the test holds the pharmacopoeia tolerance of ±1.0 cm⁻¹.
    @Test("polystyrene film: absorbance, 1844 points, certified bands within ±1.0 cm⁻¹ by sub-grid peaks", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func polystyrene() throws {
        guard let s = try Self.read("SINGLE_POLYMER_FILM.SPC")?.first else { return }
        #expect(s.count == 1844 && s.yKind == .absorbance && s.xKind == .wavenumber)
        #expect(abs(s.x.first! - 447.48) < 0.01 && abs(s.x.last! - 4002.28) < 0.01)
        let peaks = s.peaks(PeakFinder(minimumProminence: 0.001))
        for certified in [3060.0, 2849.5, 1942.9, 1601.2, 1583.0, 1154.5, 1028.3] {
            let nearest = try #require(peaks.min { abs($0.position - certified) < abs($1.position - certified) })
            let deviation = nearest.position - certified
            print(String(format: "polystyrene %.1f cm⁻¹: found %.2f (deviation %+.2f)", certified, nearest.position, deviation))
            #expect(abs(deviation) <= 1.0, "band \(certified): found \(nearest.position)")
        }
    }

    @Test("two polymer films equal −log10(T) of jtpolys.jdx to 5.4e-7 (two formats, one measurement)", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func twoFilmsAgreeWithJCAMP() throws {
        guard let a = try Self.read("TWO_POLYMER_FILMS.SPC")?.first,
              let p = TestData.shared("ftir/nzhagen_jcamp/lancashire/jtpolys.jdx") else { return }
        let t = try JCAMPReader().read(p).spectra[0]
        #expect(a.count == t.count)
        var worst = 0.0
        for i in a.y.indices { worst = max(worst, abs(a.y[i] + Foundation.log10(t.y[i]))) }
        #expect(worst <= 5.4e-7, "max |A + log10 T| = \(worst)")
    }

    @Test("toluene: 801 points from 3700 to 500 cm⁻¹ with its known bands", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func toluene() throws {
        guard let s = try Self.read("TOLUENE.SPC")?.first else { return }
        #expect(s.count == 801 && s.x.first == 3700 && s.x.last == 500)
        let peaks = s.peaks(PeakFinder(minimumProminence: 0.01))
        for band in [3028.0, 2920, 1604, 1496, 1460, 1080, 1032, 728, 692] {
            #expect(peaks.contains { abs($0.position - band) < 4 }, "no band near \(band)")
        }
    }

    @Test("interferogram and single-beam files: point counts, axis, and the CO₂ dip", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func interferograms() throws {
        if let ig = try Self.read("IG_SAMP.SPC")?.first {
            #expect(ig.count == 4645 && ig.yKind == .interferogram && ig.xKind == .dataPoint)
            // The centre burst dominates: the largest |y| lies far above the typical level.
            let sorted = ig.y.map(abs).sorted()
            #expect(sorted.last! > 20 * sorted[sorted.count / 2])
        }
        if let bg = try Self.read("IG_BKGND.SPC")?.first {
            #expect(bg.count == 4096 && bg.x.first == 0 && abs(bg.x.last! - 7900.41) < 0.01)
            let co2 = try bg.cropped(to: 2330...2370).yMin
            let shoulders = max(try bg.cropped(to: 2250...2280).yMax, try bg.cropped(to: 2400...2430).yMax)
            #expect(co2 < 0.5 * shoulders, "CO₂ absorption near 2350 cm⁻¹ should dip the single beam")
        }
    }

    @Test("malformed SPC: wrong magic, old format, truncation and impossible counts are typed errors", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func errors() throws {
        var header = [UInt8](repeating: 0, count: 512)
        header[1] = 0x4B
        header[4] = 10 // 10 points, no data following
        header[3] = 0x80
        #expect(throws: SPCError.truncated(path: "t", byte: 512, needed: 32, size: 512)) { try SPCReader().parse(header, path: "t") }
        header[1] = 0x4D
        #expect(throws: SPCError.unsupported(path: "o", what: "the old SPC format (version 0x4D, pre-1996 GRAMS)")) { try SPCReader().parse(header, path: "o") }
        header[1] = 0x41
        #expect(throws: SPCError.notSPC(path: "n", byte: 1, found: 0x41)) { try SPCReader().parse(header, path: "n") }
        header[1] = 0x4B
        header[0] = 0x04
        header[24] = 0xFF; header[25] = 0xFF; header[26] = 0xFF; header[27] = 0x7F
        #expect(throws: SPCError.impossible(path: "i", byte: 24, reason: "2147483647 subfiles")) { try SPCReader().parse(header, path: "i") }
        if let p = TestData.shared("ftir/spectrochempy_data/galacticdata/TOLUENE.SPC") {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: p)))
            #expect(throws: SPCError.self) { try SPCReader().parse(Array(bytes.prefix(2000)), path: "cut.spc") }
        }
    }
}

/// SPC variants without a fixture, written byte by byte from the Galactic specification (FTIR.md §2.4).
@Suite("SPC layouts from the specification")
struct SPCLayoutTests {
    static func header(flags: UInt8, exp: Int8, npts: Int, first: Double, last: Double, nsub: Int, xType: UInt8 = 1, yType: UInt8 = 2) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 512)
        h[0] = flags; h[1] = 0x4B; h[3] = UInt8(bitPattern: exp)
        func put32(_ v: UInt32, _ o: Int) { for k in 0..<4 { h[o + k] = UInt8((v >> (8 * UInt32(k))) & 0xFF) } }
        func put64(_ v: Double, _ o: Int) { let b = v.bitPattern; for k in 0..<8 { h[o + k] = UInt8((b >> (8 * UInt64(k))) & 0xFF) } }
        put32(UInt32(npts), 4); put64(first, 8); put64(last, 16); put32(UInt32(nsub), 24)
        h[28] = xType; h[29] = yType
        for (k, c) in "layout test".utf8.enumerated() { h[88 + k] = c }
        return h
    }
    static func f32(_ v: [Float]) -> [UInt8] { v.flatMap { f in (0..<4).map { UInt8((f.bitPattern >> (8 * UInt32($0))) & 0xFF) } } }
    static func i32(_ v: [Int32]) -> [UInt8] { v.flatMap { i in (0..<4).map { UInt8((UInt32(bitPattern: i) >> (8 * UInt32($0))) & 0xFF) } } }
    static func sub(exp: Int8, npts: Int = 0) -> [UInt8] {
        var s = [UInt8](repeating: 0, count: 32)
        s[1] = UInt8(bitPattern: exp)
        for k in 0..<4 { s[16 + k] = UInt8((UInt32(npts) >> (8 * UInt32(k))) & 0xFF) }
        return s
    }

    @Test("explicit (uneven) X with float Y")
    func unevenX() throws {
        let x: [Float] = [400, 401.5, 405, 410.25], y: [Float] = [0.1, 0.5, -0.25, 1e-3]
        let bytes = Self.header(flags: 0x80, exp: -128, npts: 4, first: 400, last: 410.25, nsub: 1) + Self.f32(x) + Self.sub(exp: -128) + Self.f32(y)
        let s = try SPCReader().parse(bytes, path: "xy.spc")[0]
        #expect(s.x == x.map(Double.init) && s.y == y.map(Double.init) && s.name == "layout test")
    }

    @Test("multifile, even X, 32-bit integer Y scaled by 2^(exp−32)")
    func multifile() throws {
        let a: [Int32] = [1 << 27, -(1 << 26), 3 << 25], b: [Int32] = [5, 0, -7]
        let bytes = Self.header(flags: 0x04, exp: 0, npts: 3, first: 1000, last: 1002, nsub: 2)
            + Self.sub(exp: 5) + Self.i32(a) + Self.sub(exp: 32) + Self.i32(b)
        let s = try SPCReader().parse(bytes, path: "multi.spc")
        #expect(s.count == 2 && s[0].x == [1000, 1001, 1002])
        #expect(s[0].y == [1, -0.5, 0.75]) // 2^27 · 2^(5−32) = 1, −2^26 · 2^−27 = −0.5, 3·2^25 · 2^−27 = 0.75
        #expect(s[1].y == [5, 0, -7])  // exponent 32: the integers themselves
    }

    @Test("XYXY: every subfile with its own X array and length")
    func xyxy() throws {
        let bytes = Self.header(flags: 0x80 | 0x40 | 0x04, exp: -128, npts: 0, first: 0, last: 0, nsub: 2)
            + Self.sub(exp: -128, npts: 2) + Self.f32([10, 20]) + Self.f32([1, 2])
            + Self.sub(exp: -128, npts: 3) + Self.f32([5, 6, 8]) + Self.f32([7, 8, 9])
        let s = try SPCReader().parse(bytes, path: "xyxy.spc")
        #expect(s.count == 2 && s[0].x == [10, 20] && s[1].x == [5, 6, 8] && s[1].y == [7, 8, 9])
        let truncated = Array(bytes.dropLast(4))
        #expect(throws: SPCError.self) { try SPCReader().parse(truncated, path: "cut.spc") }
    }

    /// Found by libFuzzer (a 10 s timeout, before this session's guard): a 554-byte SPC claims
    /// 7.8 million points per subfile, and the x axis was built before the data were checked.
    @Test(.enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures")) func fuzzRegressionPointCountBeyondTheFileIsRefusedAtOnce() throws {
        let started = Date()
        do {
            _ = try SPCReader().read(TestData.local("fuzz-timeout-spc-points.spc"))
            Issue.record("accepted")
        } catch {
            #expect("\(error)".contains("bytes needed at byte"), "\(error)")
        }
        #expect(Date().timeIntervalSince(started) < 1)
    }
}
