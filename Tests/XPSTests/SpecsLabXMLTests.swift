// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
import InterphaseCore
@testable import XPS

/// SpecsLab 2 XML (`pynxtools-xps/In-situ_PBTTT_XPS_SPECS.xml`): a survey and a C 1s region of a
/// PBTTT film, Mg Kα, a five-channel MCD detector.
@Suite struct SpecsLabXMLTests {
    static let path = TestData.sharedPath("xps/pynxtools-xps/In-situ_PBTTT_XPS_SPECS.xml")

    @Test(.enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func regionsEnergiesAndTheScanShortfall() throws {
        let doc = try XPSFile(path: Self.path)
        #expect(doc.format == "SpecsLab XML")
        #expect(doc.regions.map(\.name) == ["Survey", "C1s"])
        let c1s = try doc.region(block: nil, named: "C1s")
        #expect(c1s.count == 201)
        // Binding energy = hν − KE: 1253.6 − 963.6 = 290.0 down to 1253.6 − 973.6 = 280.0 (no work function).
        #expect(abs(c1s.bindingEnergy.max()! - 290.0) < 1e-9 && abs(c1s.bindingEnergy.min()! - 280.0) < 1e-9)
        #expect(doc.regions[0].count == 1403)
        // The file declares 15 C 1s scans and holds 2: said, not hidden.
        #expect(doc.warnings.contains { $0.contains("declares 15 scans and holds 2") })
        // Polymer carbon: the C 1s maximum lies where C–C/C–S of PBTTT is (≈ 284–285 eV, a bias of
        // about a volt in this in-situ cell aside); with the work function subtracted it would be near 279.6.
        let top = c1s.bindingEnergy[c1s.intensity.indices.max { c1s.intensity[$0] < c1s.intensity[$1] }!]
        #expect(top > 283.3 && top < 285.3, "\(top)")
    }

    /// The detector shifts: read here from the raw counts with a regular expression, independently of
    /// the reader, each detector's C 1s maximum sits at a different sweep step (they are shift·Eₚ
    /// apart); at the energy the detector sees (sweep energy + shift·Eₚ) they agree, and the
    /// reader's summed maximum is there too.
    @Test(.enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func detectorsAlignAtTheirShiftedEnergies() throws {
        let text = try String(contentsOfFile: Self.path, encoding: .utf8)
        let start = try #require(text.range(of: "<string name=\"name\">C1s</string>"))
        let rest = String(text[start.upperBound...])
        func value(_ name: String) throws -> Double {
            let r = try #require(rest.range(of: "name=\"\(name)\">"))
            let tail = rest[r.upperBound...]
            return try #require(Double(tail[..<tail.firstIndex(of: "<")!]))
        }
        let ke0 = try value("kinetic_energy"), delta = try value("scan_delta"), pass = try value("pass_energy"), head = try value("mcd_head")
        var shifts: [Double] = []
        var cursor = rest.startIndex
        for _ in 0..<5 {
            let r = try #require(rest.range(of: "name=\"shift\">", range: cursor..<rest.endIndex))
            let tail = rest[r.upperBound...]
            shifts.append(try #require(Double(tail[..<tail.firstIndex(of: "<")!])))
            cursor = r.upperBound
        }
        let c = try #require(rest.range(of: "type_name=\"Counts\">"))
        let counts = rest[c.upperBound...].prefix { $0 != "<" }.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        #expect(counts.count == 1320)
        let steps = counts.count / 5
        var raw: [Int] = [], seen: [Double] = []
        for d in 0..<5 {
            // A 5-step moving average against the counting noise.
            let series = (0..<steps).map { counts[$0 * 5 + d] }
            let smooth = (0..<steps).map { j in (max(0, j - 2)...min(steps - 1, j + 2)).map { series[$0] }.reduce(0, +) }
            let j = smooth.indices.max { smooth[$0] < smooth[$1] }!
            raw.append(j)
            seen.append(ke0 + (Double(j) - head) * delta + shifts[d] * pass)
        }
        #expect(raw.max()! - raw.min()! > 40, "\(raw)")
        #expect(seen.max()! - seen.min()! < 0.35, "\(seen)")
        let region = try XPSFile(path: Self.path).region(block: nil, named: "C1s")
        let top = region.bindingEnergy[region.intensity.indices.max { region.intensity[$0] < region.intensity[$1] }!]
        let mean = seen.reduce(0, +) / 5
        #expect(abs((1253.6 - mean) - top) < 0.3, "reader \(top), detectors \(1253.6 - mean)")
    }

    @Test(.enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func damagedFilesAreRefusedWithTheReason() throws {
        let bytes = try readFileBytes(Self.path)
        #expect {
            _ = try SpecsLabXMLReader().parse(Array(bytes.prefix(bytes.count / 2)), path: "cut.xml")
        } throws: { ($0 as? XPSReadError)?.description.contains("cut.xml") ?? false }
        var text = String(decoding: bytes, as: UTF8.self)
        text = text.replacingOccurrences(of: "<ulong name=\"mcd_head\">33</ulong>", with: "<ulong name=\"mcd_head\">34</ulong>")
        #expect {
            _ = try SpecsLabXMLReader().parse(Array(text.utf8), path: "edited.xml")
        } throws: { ($0 as? XPSReadError)?.description.contains("1320 counts") ?? false }
    }
}
