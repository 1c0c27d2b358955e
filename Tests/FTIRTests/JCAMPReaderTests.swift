// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import FTIR

/// Values from ../shared/fixtures/README.md (files nobody here wrote).
@Suite("JCAMP-DX reader")
struct JCAMPReaderTests {
    static func read(_ relative: String) throws -> JCAMPDocument? {
        guard let p = TestData.shared("ftir/nzhagen_jcamp/" + relative) else { return nil }
        return try JCAMPReader().read(p)
    }

    @Test("jtpolys.jdx (FIX, AFFN integers): 1844 points, Y range and first Y", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func jtpolys() throws {
        guard let d = try Self.read("lancashire/jtpolys.jdx") else { return }
        let s = try #require(d.spectra.first)
        #expect(s.count == 1844 && s.xKind == .wavenumber && s.yKind == .transmittance)
        #expect(abs(s.yMin - 0.342853) < 1e-6 && abs(s.yMax - 1.02282) < 1e-5 && abs(s.y[0] - 0.981633) < 1e-6)
        #expect(d.warnings.isEmpty)
    }

    @Test("jtpolysd.jdx (DIFDUP with a YFACTOR typo): same points ×1.0017754, and a FIRSTY warning", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func jtpolysd() throws {
        guard let a = try Self.read("lancashire/jtpolys.jdx"), let b = try Self.read("lancashire/jtpolysd.jdx") else { return }
        let sa = a.spectra[0], sb = b.spectra[0]
        #expect(sb.count == 1844)
        for i in sa.y.indices where abs(sa.y[i]) > 1e-3 { #expect(abs(sb.y[i] / sa.y[i] - 1.0017754) < 2e-6) }
        #expect(b.warnings.contains { $0.contains("FIRSTY") })
    }

    @Test("fixinc2 (absorbance, FIX) equals −log10 of xyinc1 (transmittance, XY pairs) where T > 0.002", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func absorbanceVersusTransmittance() throws {
        guard let a = try Self.read("lancashire/fixinc2.jdx"), let t = try Self.read("lancashire/xyinc1.jdx") else { return }
        let sa = a.spectra[0], st = t.spectra[0]
        #expect(sa.count == 3601 && st.count == 3601)
        var checked = 0
        for i in sa.x.indices where st.y[i] > 0.002 {
            #expect(abs(sa.x[i] - st.x[i]) < 1e-9)
            #expect(abs(sa.y[i] + Foundation.log10(st.y[i])) < 5e-5)
            checked += 1
        }
        #expect(checked > 3000)
    }

    @Test("pacdec1 (PAC, %T) equals 100 × PE1800.DX", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func pac() throws {
        guard let pac = try Self.read("lancashire/pacdec1.jdx"), let pe = try Self.read("isas_official/PE1800.DX") else { return }
        let a = pac.spectra[0], b = pe.spectra[0]
        #expect(a.count == 3301 && b.count == 3301 && a.yUnit == .percent)
        for i in a.y.indices { #expect(abs(a.y[i] - 100 * b.y[i]) < 1e-9 * max(abs(a.y[i]), 1)) }
    }

    @Test("BRUKAFFN and BRUKSQZ decode to identical arrays of 16384 points", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func affnVersusSqz() throws {
        guard let a = try Self.read("isas_official/BRUKAFFN.DX"), let b = try Self.read("isas_official/BRUKSQZ.DX") else { return }
        #expect(a.spectra[0].count == 16384)
        #expect(a.spectra[0].y == b.spectra[0].y && a.spectra[0].x == b.spectra[0].x)
    }

    @Test("SPECFILE.DX: 1801 points and its malformed last line reported, not fatal", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func malformedLastLine() throws {
        guard let d = try Self.read("isas_official/SPECFILE.DX") else { return }
        #expect(d.spectra[0].count == 1801 && abs(d.spectra[0].x[0] - 400) < 1e-9)
        #expect(d.warnings.contains { $0.contains("malformed last line") })
    }

    @Test("the specification's 53-point example: AFFN and DIFDUP decode to the same values (max 12.8)", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func specExample() throws {
        guard let a = try Self.read("edge_cases/noencoding_example.jdx"), let b = try Self.read("edge_cases/difdup_example.jdx") else { return }
        #expect(a.spectra[0].count == 53 && a.spectra[0].y == b.spectra[0].y && a.spectra[0].yMax == 12.8)
        #expect(a.warnings.contains { $0.contains("not closed") }) // its "(X++(Y..Y)" lacks a parenthesis
    }

    @Test("scientific notation in AFFN and comma decimals in free text", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func edgeFiles() throws {
        if let d = try Self.read("edge_cases/scientific_notation_example.jdx") {
            let s = d.spectra[0]
            #expect(s.count == Int(d.blocks[0].labels["NPOINTS"]!.trimmingCharacters(in: .whitespaces))!)
            #expect(s.y.contains { abs($0 - 4.6e-5) < 1e-12 })
        }
        if let d = try Self.read("edge_cases/example_multiline_datasets.jdx") {
            #expect(d.spectra[0].count == 1919 && d.spectra[0].xKind == .wavenumber)
        }
    }

    @Test("compression tokens: SQZ, DIF, DUP (of a DIF), E as a digit, exponent only in AFFN")
    func tokens() throws {
        typealias T = JCAMPCompression.Token
        #expect(try JCAMPCompression.tokenize(Array("4@VKT%TLkj%J".utf8)).get() == [.value(4), .value(0), .duplicate(4), .difference(2), .duplicate(2), .difference(0), .duplicate(2), .difference(3), .difference(-2), .difference(-1), .difference(0), .difference(1)])
        #expect(try JCAMPCompression.tokenize(Array("100E12e3".utf8)).get() == [.value(100), .value(512), .value(-53)])
        #expect(try JCAMPCompression.tokenize(Array("1.5E+02 4.6e-5".utf8)).get() == [.value(150), .value(4.6e-5)])
        #expect(try JCAMPCompression.tokenize(Array("10+20-3".utf8)).get() == [.value(10), .value(20), .value(-3)])
        var d = JCAMPYDecoder(limit: 1 << 24)
        try d.add(JCAMPCompression.tokenize(Array("1A0J5U".utf8)).get(), line: 1)   // 10, 25, 40, 55 (DUP repeats the DIF)
        try d.add(JCAMPCompression.tokenize(Array("5E5j".utf8)).get(), line: 2)     // Y-check 55 dropped, then 54
        #expect(d.values == [10, 25, 40, 55, 54] && d.checkFailures.isEmpty)
    }

    @Test("malformed files give typed errors with the line")
    func errors() {
        #expect(throws: JCAMPError.notJCAMP(path: "x")) { try JCAMPReader().parse(Array("just,a,csv\n1,2,3\n".utf8), path: "x") }
        let bad = "##TITLE=t\n##JCAMP-DX=4.24\n##XUNITS=1/CM\n##FIRSTX=1\n##LASTX=3\n##NPOINTS=3\n##XYDATA=(X++(Y..Y))\n1 5 6 ~7\n##END=\n"
        #expect(throws: JCAMPError.malformedData(path: "b", line: 8, reason: "column 7: cannot decode '~'")) { try JCAMPReader().parse(Array(bad.utf8), path: "b") }
        let missing = bad.replacingOccurrences(of: "~7", with: "?")
        #expect(throws: JCAMPError.unsupported(path: "m", line: 8, what: "a missing value '?'")) { try JCAMPReader().parse(Array(missing.utf8), path: "m") }
        let noLast = bad.replacingOccurrences(of: "~7", with: "7").replacingOccurrences(of: "##LASTX=3\n", with: "")
        #expect(throws: JCAMPError.missingLabel(path: "n", line: 1, label: "LASTX", needed: "for the X axis of ##XYDATA")) { try JCAMPReader().parse(Array(noLast.utf8), path: "n") }
        let badFactor = bad.replacingOccurrences(of: "~7", with: "7").replacingOccurrences(of: "##NPOINTS=3", with: "##NPOINTS=3\n##YFACTOR=abc")
        #expect(throws: JCAMPError.badNumber(path: "f", line: 7, text: "abc", label: "YFACTOR")) { try JCAMPReader().parse(Array(badFactor.utf8), path: "f") }
    }

    @Test("LINK files: every child block with data becomes a spectrum")
    func linkFile() throws {
        let text = """
        ##TITLE=compound
        ##JCAMP-DX=5.01
        ##DATA TYPE=LINK
        ##BLOCKS=2
        ##TITLE=first
        ##DATA TYPE=INFRARED SPECTRUM
        ##XUNITS=1/CM
        ##YUNITS=ABSORBANCE
        ##FIRSTX=1000
        ##LASTX=1003
        ##NPOINTS=4
        ##XYDATA=(X++(Y..Y))
        1000 1 2 3 4
        ##END=
        ##TITLE=second
        ##XUNITS=1/CM
        ##YUNITS=ABSORBANCE
        ##XYPOINTS=(XY..XY)
        10, 1; 20, 4; 30, 9
        ##END=
        ##END=
        """
        let d = try JCAMPReader().parse(Array(text.utf8), path: "link.jdx")
        #expect(d.blocks.map(\.title) == ["compound", "first", "second"])
        #expect(d.spectra.map(\.name) == ["first", "second"])
        #expect(d.spectra[0].x == [1000, 1001, 1002, 1003] && d.spectra[1].y == [1, 4, 9])
    }

    /// Found by libFuzzer (out of memory, session 3): a 22 kB JCAMP file with a DUP count that asked
    /// for a 1 GB array. A DUP may not make more values than ##NPOINTS (plus the Y-check repeats).
    @Test(.enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures")) func fuzzRegressionDupCountBeyondNPointsIsRefused() throws {
        do {
            _ = try JCAMPReader().read(TestData.local("fuzz-oom-jcamp-dup.jdx"))
            Issue.record("accepted")
        } catch {
            #expect("\(error)".contains("line 70") && "\(error)".contains("DUP count") && "\(error)".contains("NPOINTS=1844"), "\(error)")
        }
        // Without ##NPOINTS the cap is 2^24 values; an absurd ##NPOINTS is refused, not trapped on.
        let base = "##TITLE=t\n##JCAMP-DX=4.24\n##DATA TYPE=INFRARED SPECTRUM\n##XUNITS=1/CM\n##YUNITS=ABSORBANCE\n##FIRSTX=400\n##LASTX=401\n##XFACTOR=1\n##YFACTOR=1\n"
        let dup = base + "##XYDATA=(X++(Y..Y))\n400 5V99999999\n##END=\n"
        do { _ = try JCAMPReader().parse(Array(dup.utf8), path: "dup.jdx"); Issue.record("accepted") }
        catch { #expect("\(error)".contains("more than 16777216 values"), "\(error)") }
        let huge = base + "##NPOINTS=1E300\n##XYDATA=(X++(Y..Y))\n400 5 6\n##END=\n"
        do { _ = try JCAMPReader().parse(Array(huge.utf8), path: "huge.jdx"); Issue.record("accepted") }
        catch { #expect("\(error)".contains("is not a point count"), "\(error)") }
    }
}
