// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import FTIR

/// Bands are found on wavenumbers: a wavelength file is converted, an interferogram refused, and an
/// axis that cannot be infrared wavenumbers is said to look like wavelengths.
@Suite("band analysis: the x axis")
struct AxisCheckTests {
    static let holmium = "ftir/spectrochempy_data/galacticdata/HOLMIUM.SPC"

    @Test("a wavelength file (holmium oxide glass, nm) is analysed on 10⁷/λ, exactly as the same values given on wavenumbers",
          .enabled(if: TestData.hasShared(holmium), "needs ../shared/fixtures"))
    func wavelengthFile() throws {
        let s = try SPCReader().read(TestData.sharedPath(Self.holmium))[0]
        try #require(s.xKind == .wavelength && s.xUnit == .nanometre)
        let r = try BandAnalysis().run(s)
        #expect(r.warnings.first?.hasPrefix("x was wavelength (nm): converted to wavenumbers") == true, "\(r.warnings)")
        // The reference: the same values on the wavenumber axis the test computes.
        let onWavenumbers = try Spectrum(name: s.name, x: s.x.map { 1e7 / $0 }, y: s.y, xKind: .wavenumber, yKind: s.yKind, yUnit: s.yUnit)
        let reference = try BandAnalysis().run(onWavenumbers)
        #expect(r.bands.map(\.band.position) == reference.bands.map(\.band.position))
        #expect(r.bands.count >= 6 && r.bands.allSatisfy { $0.band.position > 14_000 }, "\(r.bands.map(\.band.position))")
        // The 536 nm band of holmium oxide, at 10⁷/536 cm⁻¹.
        #expect(r.bands.contains { abs(1e7 / $0.band.position - 536) < 2 }, "\(r.bands.map { 1e7 / $0.band.position })")
    }

    @Test("an interferogram (OPUS IgSm, data points) is refused and pointed to the transform")
    func interferogram() throws {
        let doc = try OPUSReader().read(TestData.packageRoot + "/Spectra/opus_test.0000")
        let ig = try #require(doc.blocks.first { $0.name == "IgSm" }?.spectrum)
        #expect(performing: { _ = try BandAnalysis().run(ig) }, throws: { error in
            "\(error)".contains("interferogram") && "\(error)".contains("ftir transform")
        })
    }

    @Test("arrays in µm or nm given as wavenumbers are analysed as given, with a warning naming the unit")
    func wavelengthsAsWavenumbers() throws {
        let wn = stride(from: 4000.0, through: 400.0, by: -1.0).map { $0 }
        let a = wn.map { 0.02 + 0.8 * exp(-pow(($0 - 1726) / 10, 2)) + 0.5 * exp(-pow(($0 - 1171) / 15, 2)) }
        let ok = try BandAnalysis().run(try Spectrum(name: "cm", x: wn, y: a, xKind: .wavenumber, yKind: .absorbance))
        #expect(!ok.warnings.contains { $0.hasPrefix("x ") })
        let um = try BandAnalysis().run(try Spectrum(name: "µm", x: wn.map { 1e4 / $0 }, y: a, xKind: .wavenumber, yKind: .absorbance))
        #expect(um.warnings.contains { $0.contains("if x is wavelength in µm") }, "\(um.warnings)")
        let nm = try BandAnalysis().run(try Spectrum(name: "nm", x: wn.map { 1e7 / $0 }, y: a, xKind: .unknown, yKind: .absorbance))
        #expect(nm.warnings.contains { $0.contains("if x is wavelength in nm") }, "\(nm.warnings)")
    }
}
