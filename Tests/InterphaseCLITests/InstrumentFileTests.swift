// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
import Interphase

/// `InstrumentFile` routes by content: the bundled TIFF is a micrograph, the bundled OPUS and SPC
/// files are spectra, a VAMAS file gives XPS regions, and the file name decides nothing.
@Suite("InstrumentFile: any file by content")
struct InstrumentFileTests {
    static func read(_ path: String, as name: String) throws -> InstrumentFile {
        try InstrumentFile.read(bytes: try readFileBytes(path), path: name)
    }

    @Test("bundled image and spectra, whatever they are called")
    func bundled() throws {
        let root = TestData.packageRoot
        guard case .micrograph(let m) = try Self.read(root + "/Images/nanofiber_diameterj.tif", as: "a.spa") else {
            Issue.record("the TIFF was not read as a micrograph"); return
        }
        #expect(m.width == 512 && m.height == 512)
        guard case .spectra(let opus) = try Self.read(root + "/Spectra/opus_test.0000", as: "b.tif") else {
            Issue.record("the OPUS file was not read as spectra"); return
        }
        #expect(opus.format == "OPUS" && opus.spectra.contains { $0.name == "AB" })
        guard case .spectra(let spc) = try Self.read(root + "/Spectra/polystyrene_film.SPC", as: "c") else {
            Issue.record("the SPC file was not read as spectra"); return
        }
        #expect(spc.spectra[0].xKind == .wavenumber)
    }

    @Test("a VAMAS file gives regions", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func vamas() throws {
        guard case .regions(let file) = try Self.read(TestData.sharedPath("xps/cheminfo-vamas/multiplex.vms"), as: "x.png") else {
            Issue.record("the VAMAS file was not read as XPS regions"); return
        }
        #expect(file.format == "VAMAS" && !file.regions.isEmpty)
    }
}
