// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import FTIR

@Suite("OMNIC groups (.spg), series and truncated files")
struct OMNICGroupTests {
    static let group = "ftir/spectrochempy_data/irdata/omnic_group/CO@Mo_Al2O3.SPG"

    @Test("the real group: 19 members of 3112 points, 3999.706 to 999.926 cm⁻¹, absorbance, Latin-1 titles in order",
          .enabled(if: TestData.hasShared(group)))
    func realGroup() throws {
        let g = try OMNICReader().readGroup(TestData.sharedPath(Self.group))
        #expect(g.title == "Group sust Mo_Al2O3_base line.SPG")
        #expect(g.members.count == 19)
        for m in g.members {
            #expect(m.spectrum.count == 3112 && m.spectrum.yKind == .absorbance && m.spectrum.xKind == .wavenumber)
            #expect(abs(m.spectrum.x[0] - 3999.706) < 1e-3 && abs(m.spectrum.x[3111] - 999.926) < 1e-3)
        }
        let prefix = "*Résultat de Soustraction:04_Mo_Al2O3_calc_"
        #expect(g.members[0].title.hasPrefix(prefix + "1.004torr_LT_after"))
        #expect(g.members[1].title.hasPrefix(prefix + "0.905torr"))
        #expect(g.members[2].title.hasPrefix(prefix + "0.801torr"))
        // The acquisition time stored beside each title agrees, within minutes, with the time written
        // in the title ("Oct 18 18:03:41 2016 (GMT+02:00)" = 16:03:41 UTC; the stored time is
        // 16:06:37, the subtraction result's own time).
        #expect(g.members[0].spectrum.metadata["acquired"]?.hasPrefix("2016-10-18T16:0") == true, "\(g.members[0].spectrum.metadata["acquired"] ?? "none")")
        #expect(g.members[1].spectrum.metadata["acquired"]?.hasPrefix("2016-10-18T16:0") == true || g.members[1].spectrum.metadata["acquired"]?.hasPrefix("2016-10-18T15:5") == true)
        // Members differ (a series of pressures), so none is a copy of the first.
        #expect(g.members[0].spectrum.y != g.members[18].spectrum.y)
        // The single-spectrum reader refuses a group rather than returning its first member.
        #expect(throws: OMNICError.group(path: TestData.sharedPath(Self.group), members: 19)) {
            try OMNICReader().read(TestData.sharedPath(Self.group))
        }
    }

    @Test("an .spa is the one-member group: both readers agree",
          .enabled(if: TestData.hasShared("ftir/spectrochempy_data/irdata/interferogram/spectre.SPA")))
    func singleIsGroupOfOne() throws {
        let path = TestData.sharedPath("ftir/spectrochempy_data/irdata/interferogram/spectre.SPA")
        let single = try OMNICReader().read(path), group = try OMNICReader().readGroup(path)
        #expect(group.members.count == 1 && group.members[0].spectrum.y == single.spectrum.y && group.members[0].spectrum.name == single.spectrum.name)
    }

    /// A synthetic key table: `headers` key-2 records and `data` key-3 records.
    static func synthetic(headers: Int, data: Int, points: Int = 8) -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 304)
        b.replaceSubrange(0..<18, with: Array("Spectral Data File".utf8))
        let records = headers + data
        b[294] = UInt8(records)
        var table: [UInt8] = []
        var payload: [UInt8] = []
        let base = 304 + 16 * records
        func u32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
        func record(_ key: UInt8, _ bytes: [UInt8]) {
            table += [key, 0] + u32(base + payload.count) + u32(bytes.count) + [0, 0, 0, 0, 0, 0]
            payload += bytes
        }
        for _ in 0..<headers {
            var h = [UInt8](repeating: 0, count: 140)
            h.replaceSubrange(4..<8, with: u32(points))
            h.replaceSubrange(8..<12, with: u32(1))
            h.replaceSubrange(12..<16, with: u32(17))
            h.replaceSubrange(16..<20, with: withUnsafeBytes(of: Float(4000).bitPattern.littleEndian, Array.init))
            h.replaceSubrange(20..<24, with: withUnsafeBytes(of: Float(400).bitPattern.littleEndian, Array.init))
            record(2, h)
        }
        for k in 0..<data { record(3, (0..<points).flatMap { i in withUnsafeBytes(of: Float(i + k).bitPattern.littleEndian, Array.init) }) }
        return b + table + payload
    }

    @Test("headers and data records that do not pair up, and .srs series, are refused as not supported")
    func unsupportedLayouts() throws {
        let two = try OMNICReader().parseGroup(Self.synthetic(headers: 2, data: 2), path: "two.spg")
        #expect(two.members.count == 2 && two.members[1].spectrum.y[0] == 1)
        #expect(throws: OMNICError.self) { try OMNICReader().parseGroup(Self.synthetic(headers: 2, data: 3), path: "odd.spg") }
        #expect(throws: OMNICError.self) { try OMNICReader().parseGroup(Self.synthetic(headers: 1, data: 1), path: "series.srs") }
        do {
            _ = try OMNICReader().parseGroup(Self.synthetic(headers: 2, data: 3), path: "odd.spg")
        } catch {
            #expect(error.category == .unreadableInput && error.description.contains("not supported"))
        }
        // Every cut of a group is refused, never read as fewer members.
        let whole = Self.synthetic(headers: 3, data: 3)
        for cut in stride(from: 300, to: whole.count, by: 37) {
            #expect(throws: OMNICError.self) { try OMNICReader().parseGroup(Array(whole.prefix(cut)), path: "cut.spg") }
        }
    }
}

@Suite("Truncated JCAMP-DX files")
struct JCAMPTruncationTests {
    static let file = "ftir/nzhagen_jcamp/lancashire/jtpolys.jdx"

    @Test("a file cut anywhere before ##END= is an error naming the line; lenient mode reads it with warnings",
          .enabled(if: TestData.hasShared(file)))
    func cuts() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TestData.sharedPath(Self.file))))
        let whole = try JCAMPReader().parse(bytes, path: "whole.jdx")
        #expect(whole.spectra[0].count == 1844)
        let end = Array("##END=".utf8)
        let endAt = (0..<(bytes.count - end.count)).last { Array(bytes[$0..<($0 + end.count)]) == end }!
        for fraction in [0.05, 0.2, 0.5, 0.8, 0.99] {
            let cut = Array(bytes.prefix(Int(Double(endAt) * fraction)))
            do {
                _ = try JCAMPReader().parse(cut, path: "cut.jdx")
                Issue.record("a file cut at \(Int(fraction * 100)) % was read")
            } catch let e as JCAMPError {
                guard case .truncated(_, let line, _) = e else { Issue.record("cut at \(fraction): \(e)"); continue }
                #expect(line >= 1 && e.description.contains("lenient mode"))
            } catch { Issue.record("\(error)") }
            if fraction >= 0.2 {
                let lenient = try JCAMPReader(lenient: true).parse(cut, path: "cut.jdx")
                #expect(lenient.spectra.first.map { $0.count < 1844 } == true)
                #expect(lenient.warnings.contains { $0.contains("##END=") || $0.contains("NPOINTS") })
            }
        }
    }
}

@Suite("Truncated binary spectra")
struct BinaryTruncationTests {
    /// SPC, OPUS and OMNIC files whose declared sizes exceed the file are refused at every cut, with
    /// the byte offset, never read as a shorter spectrum.
    @Test("every cut of an SPC, OPUS or SPA file is an error naming a byte",
          .enabled(if: TestData.hasShared("ftir/spectrochempy_data/irdata/OPUS/test.0000")))
    func cuts() throws {
        let files = ["ftir/spectrochempy_data/galacticdata/SINGLE_POLYMER_FILM.SPC", "ftir/spectrochempy_data/irdata/OPUS/test.0000",
                     "ftir/spectrochempy_data/irdata/carroucell/3-SILICA_0.SPA"]
        for f in files {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TestData.sharedPath(f))))
            for fraction in [0.1, 0.5, 0.9, 0.999] {
                let cut = Array(bytes.prefix(Int(Double(bytes.count) * fraction)))
                do {
                    if f.hasSuffix(".SPC") { _ = try SPCReader().parse(cut, path: "cut") }
                    else if f.hasSuffix(".SPA") { _ = try OMNICReader().parse(cut, path: "cut") }
                    else { _ = try OPUSReader().parse(cut, path: "cut") }
                    Issue.record("\(f) cut at \(fraction) was read")
                } catch let e as any InterphaseError {
                    #expect(e.category == .unreadableInput && e.description.contains("byte"), "\(f): \(e.description)")
                }
            }
        }
    }
}
