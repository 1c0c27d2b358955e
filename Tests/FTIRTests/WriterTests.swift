// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import FTIR

@Suite("Spectrum writers")
struct WriterTests {
    static func samples() throws -> [Spectrum] {
        var rng = SplitMix64(seed: 4)
        let even = stride(from: 4000.0, through: 400, by: -0.9642493).map { $0 }
        var uneven: [Double] = []
        for i in 0..<300 { uneven.append(400 + Double(i) * 3 + 0.37 * Double(i % 7)) }
        var evenY: [Double] = [], unevenY: [Double] = []
        for _ in even { evenY.append(rng.normal() * 1e-3 + 0.5) }
        for _ in uneven { unevenY.append(Double.random(in: 0...100, using: &rng)) }
        return [
            try Spectrum(name: "even grid", x: even, y: evenY, xKind: .wavenumber, yKind: .absorbance),
            try Spectrum(name: "uneven", x: uneven, y: unevenY, xKind: .wavenumber, yKind: .transmittance, yUnit: .percent),
            try Spectrum(name: "tiny and huge", x: [1, 2, 3], y: [1e-300, -2.5e300, 0.1 + 0.2], xKind: .wavenumber, yKind: .absorbance),
        ]
    }

    @Test("JCAMP-DX AFFN round-trips exactly, on even grids (XYDATA) and uneven ones (XYPOINTS)")
    func jcampRoundTrip() throws {
        for s in try Self.samples() {
            let text = SpectrumWriter.jcamp(s)
            let back = try JCAMPReader().parse(Array(text.utf8), path: "rt.jdx")
            #expect(back.warnings.isEmpty, "\(back.warnings)")
            let r = back.spectra[0]
            #expect(r.x == s.x && r.y == s.y && r.name == s.name && r.xKind == s.xKind && r.yKind == s.yKind, "\(s.name)")
        }
        #expect(SpectrumWriter.jcamp(try Self.samples()[1]).contains("##XYPOINTS=(XY..XY)"))
    }

    @Test("CSV round-trips exactly and names its axes; the units line is not read as column names, nor its ';' as the separator")
    func csvRoundTrip() throws {
        for s in try Self.samples() {
            let text = SpectrumWriter.csv(s)
            let r = try DelimitedSpectrumReader().parse(Array(text.utf8), path: "rt.csv")[0]
            #expect(r.x == s.x && r.y == s.y && r.xKind == .wavenumber && r.yKind == s.yKind && r.yUnit == s.yUnit)
            // The writer's first line names the spectrum; its second ("# x: …; y: …") gives units.
            #expect(r.name == s.name, "\(r.name)")
            #expect(r.provenance.first?.parameters["separator"] == "comma")
        }
        // A header of column names is still read as one.
        let named = try DelimitedSpectrumReader().parse(Array("wavenumber;absorbance\n1000;0.5\n1001;0.6\n".utf8), path: "n.csv")[0]
        #expect(named.name == "absorbance" && named.provenance.first?.parameters["separator"] == "semicolon")
    }

    @Test("a real file survives JCAMP-DX → JCAMP-DX and SPC → CSV unchanged", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func fixtures() throws {
        if let p = TestData.shared("ftir/nzhagen_jcamp/lancashire/jtpolysd.jdx") {
            let s = try JCAMPReader().read(p).spectra[0]
            let r = try JCAMPReader().parse(Array(SpectrumWriter.jcamp(s).utf8)).spectra[0]
            #expect(r.x == s.x && r.y == s.y)
        }
        if let p = TestData.shared("ftir/spectrochempy_data/galacticdata/TOLUENE.SPC") {
            let s = try SPCReader().read(p)[0]
            let r = try DelimitedSpectrumReader().parse(Array(SpectrumWriter.csv(s).utf8))[0]
            #expect(r.x == s.x && r.y == s.y)
        }
    }
}
