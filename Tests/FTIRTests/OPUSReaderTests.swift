// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import FTIR

@Suite("OPUS reader")
struct OPUSReaderTests {
    @Test("test.0000: blocks by OPUS name, AB value at 2303.8694 cm⁻¹, clipped maximum, parameters", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func fixture() throws {
        guard let p = TestData.shared("ftir/spectrochempy_data/irdata/OPUS/test.0000") else { return }
        let d = try OPUSReader().read(p)
        #expect(Set(d.blocks.map(\.name)) == ["AB", "ScSm", "ScRf", "IgSm", "IgRf", "PhSm"])
        let ab = try d.block("AB").spectrum
        #expect(ab.count == 2567 && ab.yKind == .absorbance && ab.xKind == .wavenumber)
        #expect(abs(ab.x.first! - 3998.3449) < 1e-4 && abs(ab.x.last! - 699.3890) < 1e-4)
        let i = ab.x.indices.min { abs(ab.x[$0] - 2303.8694) < abs(ab.x[$1] - 2303.8694) }!
        #expect(abs(ab.x[i] - 2303.8694) < 1e-3 && abs(ab.y[i] - 2.72740) <= 1e-5)
        #expect(ab.yMax == 6.0) // OPUS clips absorbance where the single channel is ~0
        // The data block holds 2568 words for NPT=2567: the padding is trimmed.
        #expect(d.blocks.first { $0.name == "AB" }!.status["NPT"] == "2567")
        let ig = try d.block("IgSm").spectrum
        #expect(ig.count == 3177 && ig.yKind == .interferogram && ig.xKind == .dataPoint)
        #expect(ig.metadata["status.CSF"] == "0.0078125")
        // Sample and reference single channels come on different grids.
        #expect(try d.block("ScRf").spectrum.count == 2573 && d.block("ScSm").spectrum.count == 2567)
        #expect(d.parameters["instrument.LWN"] == "15797.962252" && d.parameters["fourierTransform.APF"] == "B3")
        #expect(d.parameters["fourierTransform.ZFF"] == "2" && d.parameters["instrument.SSP"] == "3")
        #expect(throws: OPUSError.self) { try d.block("TR") }
    }

    @Test("malformed OPUS files are typed errors, never crashes", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func malformed() throws {
        #expect(throws: OPUSError.notOPUS(path: "x")) { try OPUSReader().parse([1, 2, 3, 4, 5, 6], path: "x") }
        var header = [UInt8](repeating: 0, count: 24)
        header[0] = 0x0A; header[1] = 0x0A; header[2] = 0xFE; header[3] = 0xFE
        header[12] = 24; header[20] = 3
        #expect(throws: OPUSError.truncated(path: "h", byte: 24, needed: 36, size: 24)) { try OPUSReader().parse(header, path: "h") }
        guard let p = TestData.shared("ftir/spectrochempy_data/irdata/OPUS/test.0000") else { return }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: p)))
        for cut in [30, 300, 20000, bytes.count - 100] {
            #expect(throws: OPUSError.self) { try OPUSReader().parse(Array(bytes.prefix(cut)), path: "cut.0") }
        }
        var rng = SplitMix64(seed: 5)
        for _ in 0..<200 {
            var m = bytes
            for _ in 0..<6 { m[Int.random(in: 0..<2000, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            do { _ = try OPUSReader().parse(m, path: "m.0") } catch { #expect(!error.description.isEmpty) }
        }
    }
}
