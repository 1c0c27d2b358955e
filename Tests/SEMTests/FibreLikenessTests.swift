// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import InterphaseCore
@testable import SEM
import _TestSupport

/// The warning that the edges could be measured at too small a share of the centre line: fibre mats
/// give two edges with background beside them almost everywhere; grains, pores and textures do not.
@Suite("SEM: a mask that is not separate fibres is said to be so")
struct FibreLikenessTests {
    static func edgeWarning(_ warnings: [String]) -> String? { warnings.first { $0.contains("the edges could be measured at only") } }

    static func measure(_ m: Micrograph) throws -> FiberAnalysis.Result {
        var task = SEMFiberMeasurement()
        task.sweep = false
        task.orientation = false
        return try task.measure(m).result
    }

    @Test("exact-coverage mats of 5.8–31 px, with the edge halo, crossings and beads, do not warn (edges, and widths along the centre line)",
          arguments: SubPixelWidthTests.cases)
    func syntheticMatsDoNotWarn(_ c: SubPixelWidthTests.Case) throws {
        let mat = SyntheticMat(size: c.size, meanWidth: c.width, count: c.count, seed: 11 + UInt64(c.width * 10))
        let r = try Self.measure(Micrograph(grey: .uint8(mat.render(seed: 3)), calibration: nil))
        #expect(Self.edgeWarning(r.warnings) == nil, "\(r.warnings)")
        #expect(Self.gapWarning(r.warnings) == nil, "\(r.warnings)")
    }

    @Test("real mats (fibresem sample.01, the bundled multi-layer mat) do not warn; the Zeiss grains and the Olympus texture do",
          .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func realImages() throws {
        for path in [TestData.sharedPath("sem/fibresem/sample.01_img08.tif"), TestData.packageRoot + "/Images/nanofiber_diameterj.tif"] {
            let r = try Self.measure(try Micrograph(path: path))
            #expect(Self.edgeWarning(r.warnings) == nil, "\(path): \(r.warnings)")
        }
        for name in ["test_tiff_Zeiss_SEM_512pix.tif", "olympus_SIS.tif"] {
            let r = try Self.measure(try Micrograph(path: TestData.sharedPath("sem/rosettasciio/" + name)))
            let warning = try #require(Self.edgeWarning(r.warnings), "\(name): \(r.warnings)")
            #expect(warning.contains("does not show fibres"))
        }
    }

    static func gapWarning(_ warnings: [String]) -> String? { warnings.first { $0.contains("along the centre lines between junctions") } }

    /// `m` with its grey levels mirrored (dark fibres on a bright background).
    static func inverted(_ m: Micrograph) -> Micrograph {
        let grey: GreyLevels
        switch m.grey {
        case .uint8(let r): grey = .uint8(Raster(width: r.width, height: r.height, colorModel: .gray, samples: r.samples.map { 255 - $0 }))
        case .uint16(let r): grey = .uint16(Raster(width: r.width, height: r.height, colorModel: .gray, samples: r.samples.map { 65535 - $0 }))
        case .float(let r):
            let top = r.samples.max() ?? 0
            grey = .float(Raster(width: r.width, height: r.height, colorModel: .gray, samples: r.samples.map { top - $0 }))
        }
        return Micrograph(grey: grey, calibration: m.calibration, path: m.path)
    }

    @Test("real mats read as bright fibres do not warn; the same images inverted warn that the mask holds the gaps, and read as dark fibres give the original's diameters",
          .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func invertedRealMats() throws {
        for path in [TestData.sharedPath("sem/fibresem/sample.01_img08.tif"), TestData.packageRoot + "/Images/nanofiber_diameterj.tif"] {
            let m = try Micrograph(path: path)
            let original = try Self.measure(m)
            #expect(Self.gapWarning(original.warnings) == nil, "\(path): \(original.warnings)")
            let gaps = try Self.measure(Self.inverted(m))
            #expect(Self.gapWarning(gaps.warnings) != nil, "\(path) inverted: \(gaps.warnings)")
            var task = SEMFiberMeasurement()
            task.sweep = false
            task.orientation = false
            task.segmentation.darkForeground = true
            let dark = try task.measure(Self.inverted(m)).result
            #expect(Self.gapWarning(dark.warnings) == nil, "\(path) inverted, dark fibres: \(dark.warnings)")
            let a = original.diameterPixels.mean, b = dark.diameterPixels.mean
            #expect(abs(b / a - 1) < 0.02, "\(path): \(b) px as dark fibres against \(a) px")
        }
    }
}
