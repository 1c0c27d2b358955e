// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import XPS

/// Scienta SES Igor binary waves against the SES text export of the same regions (fixtures README).
@Suite("Scienta Igor binary waves (.ibw)")
struct ScientaIBWTests {
    static let dir = "xps/pynxtools-xps/scienta/"
    static let pairs = [("Ag_0002Ag__002.ibw", "Ag_0002.txt")] + (1...5).map { ("Cu-HHTP_000\($0)Cu-HHTP__00\($0).ibw", "Cu-HHTP_000\($0).txt") }

    @Test("each .ibw gives the energies, counts, name, photon and pass energy of its .txt export",
          .enabled(if: TestData.hasShared(dir + pairs[0].0)), arguments: pairs.map { $0.0 + "|" + $0.1 })
    func matchesText(pair: String) throws {
        let names = pair.split(separator: "|").map(String.init)
        let ibw = try XPSFile(path: TestData.sharedPath(Self.dir + names[0]))
        let txt = try XPSFile(path: TestData.sharedPath(Self.dir + names[1]))
        #expect(ibw.format == "Scienta Igor binary wave" && txt.format == "Scienta text")
        let a = try #require(ibw.regions.first), b = try #require(txt.regions.first)
        #expect(ibw.regions.count == 1 && a.name == b.name && a.count == b.count, "\(a.name) \(a.count) vs \(b.name) \(b.count)")
        #expect(a.photonEnergy == b.photonEnergy && a.passEnergy == b.passEnergy)
        for i in a.bindingEnergy.indices {
            #expect(abs(a.bindingEnergy[i] - b.bindingEnergy[i]) < 1e-6, "\(names[0]) energy \(i)")
            // The text export prints about seven significant digits.
            #expect(abs(a.intensity[i] - b.intensity[i]) <= 1e-6 * max(abs(b.intensity[i]), 1e-3) + 1e-9, "\(names[0]) point \(i): \(a.intensity[i]) vs \(b.intensity[i])")
        }
    }

    /// A version-2 wave, big-endian, written by hand from TN003's layout: the reader must take the
    /// other byte order and the older header.
    @Test("version 2 and big-endian waves; truncated waves are refused")
    func version2() throws {
        var b = [UInt8](repeating: 0, count: 16 + 126 - 16)
        func put16(_ v: Int, _ o: Int) { b[o] = UInt8((v >> 8) & 0xFF); b[o + 1] = UInt8(v & 0xFF) }
        func put32(_ v: Int, _ o: Int) { for k in 0..<4 { b[o + k] = UInt8((v >> (24 - 8 * k)) & 0xFF) } }
        func put64(_ v: Double, _ o: Int) { let p = v.bitPattern; for k in 0..<8 { b[o + k] = UInt8((p >> (56 - 8 * UInt64(k))) & 0xFF) } }
        let values: [Float] = [1, 2.5, -3, 4e6, 5]
        let note = Array("Region Name=Test\rEnergy Scale=Kinetic\rExcitation Energy=100\r".utf8)
        put16(2, 0)
        put32(126 - 16 + 4 * values.count, 2)
        put32(note.count, 6)
        put16(2, 16) // NT_FP32
        for (k, c) in "w".utf8.enumerated() { b[16 + 6 + k] = c }
        put32(values.count, 16 + 42)
        put64(0.5, 16 + 48)
        put64(10, 16 + 56)
        for v in values { let p = v.bitPattern; b += [UInt8(p >> 24), UInt8((p >> 16) & 0xFF), UInt8((p >> 8) & 0xFF), UInt8(p & 0xFF)] }
        b += note
        let w = try IgorBinaryWave.parse(b, path: "v2.ibw")
        #expect(w.version == 2 && w.values == values.map(Double.init) && w.offset == [10] && w.delta == [0.5])
        let r = try ScientaIBWReader().parse(b, path: "v2.ibw")[0]
        // Kinetic 10…12 eV at hν 100: binding 90…88, ascending.
        #expect(r.name == "Test" && r.bindingEnergy == [88, 88.5, 89, 89.5, 90] && r.intensity == values.reversed().map(Double.init))
        for cut in [10, 40, 130, b.count - 3] {
            #expect(throws: XPSReadError.self) { try IgorBinaryWave.parse(Array(b.prefix(cut)), path: "cut.ibw") }
        }
    }

    /// Fuzzing found a wave whose dimensions multiply past Int.max (an arithmetic-overflow trap in
    /// the point-count check): now a typed error.
    @Test("fuzz regression: dimensions whose product overflows are refused, not trapped")
    func overflowingDimensions() throws {
        let bytes = try readFileBytes(TestData.local("fuzz-overflow-ibw-dimensions.ibw"))
        #expect(!IgorBinaryWave.hasSignature(bytes))
        var wave = [UInt8](repeating: 0, count: 400)
        wave[0] = 5
        func put32(_ v: Int32, _ o: Int) { withUnsafeBytes(of: v.littleEndian) { for (k, b) in $0.enumerated() { wave[o + k] = b } } }
        put32(1, 64 + 12)                                      // npnts
        for k in 0..<4 { put32(Int32.max, 64 + 68 + 4 * k) }   // four huge dimensions
        #expect(throws: XPSReadError.self) { try IgorBinaryWave.parse(wave, path: "huge.ibw") }
    }
}
