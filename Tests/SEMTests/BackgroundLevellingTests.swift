// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
import InterphaseCore
@testable import SEM

/// Automatic levelling of an uneven background before the fibre threshold (issue 22 item 2),
/// on synthetic mats of known widths (SyntheticMat: exact coverage, halo, blur, noise) with an
/// illumination gradient across the field, and on real micrographs without one.
@Suite struct BackgroundLevellingTests {
    /// Levels kept below 255 at the brightest fibre edge (8-bit clipping would bias any width).
    /// Each mat rendered once: the micrograph and its true length-weighted mean width.
    static let mats: [Double: (Micrograph, Double)] = Dictionary(uniqueKeysWithValues: [0.0, 30, 100].map { ($0, render(gradient: $0)) })
    static func mat(gradient: Double) -> (Micrograph, Double) { mats[gradient]! }

    static func render(gradient: Double, seed: UInt64 = 3) -> (Micrograph, Double) {
        var mat = SyntheticMat(size: 512, meanWidth: 9, count: 40, seed: seed)
        mat.background = 20
        mat.contrast = 100
        mat.halo = 30
        mat.gradient = gradient
        return (Micrograph(grey: .uint8(mat.render(seed: 5)), calibration: nil), mat.truth.mean)
    }

    @Test func variationFollowsTheGradientNotTheFibreDensity() {
        var previous = -1.0
        for g in [0.0, 30, 100] {
            let (m, _) = Self.mat(gradient: g)
            let v = BackgroundVariation(m.image)!.variation
            print(String(format: "gradient %.0f: variation %.3f", g, v))
            #expect(v > previous)
            previous = v
        }
        #expect(BackgroundVariation(Self.mat(gradient: 0).0.image)!.needsLevelling == false)
        #expect(BackgroundVariation(Self.mat(gradient: 30).0.image)!.needsLevelling == false)
        #expect(BackgroundVariation(Self.mat(gradient: 100).0.image)!.needsLevelling == true)
    }

    /// A gradient larger than the fibre contrast: a global threshold alone loses the fibres on the
    /// dark side; levelled, the mat is measured whole and the widths stay on the truth.
    @Test func levellingRecoversTheDarkSide() throws {
        let (m, mat) = Self.mat(gradient: 100)
        let levelled = try FiberAnalysis().analyse(m)
        var plainOptions = FiberAnalysis.Options()
        plainOptions.segmentation.autoLevel = false
        let plain = try FiberAnalysis(options: plainOptions).analyse(m)
        let truth = mat
        print(String(format: "truth %.2f; levelled %.2f (%d samples, length %.0f); plain %.2f (%d samples, length %.0f)", truth,
                     levelled.diameterPixels.mean, levelled.edgeSamples, levelled.centreLineLength,
                     plain.diameterPixels.mean, plain.edgeSamples, plain.centreLineLength))
        #expect(levelled.warnings.contains { $0.contains("levelled by a rolling ball") })
        #expect(!plain.warnings.contains { $0.contains("rolling ball") })
        #expect(abs(levelled.diameterPixels.mean / truth - 1) < 0.03)
        // Not levelled, the threshold sits high on the dark side's edges and low on the bright side's:
        // the widths are off by more than 3 %. Levelled, at least as much is measured, on the truth.
        #expect(levelled.edgeSamples >= plain.edgeSamples)
        #expect(abs(plain.diameterPixels.mean / truth - 1) > 0.03)
        #expect(abs(levelled.diameterPixels.mean - truth) < abs(plain.diameterPixels.mean - truth))
    }

    @Test(.enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func evenRealMicrographsAreLeftAlone() throws {
        for f in ["sem/fibresem/sample.01_img08.tif", "sem/rosettasciio/test_tiff_Zeiss_SEM_512pix.tif"] {
            let m = try Micrograph(path: TestData.sharedPath(f))
            let v = try #require(BackgroundVariation(m.image))
            print(String(format: "%@: variation %.3f", f, v.variation))
            #expect(!v.needsLevelling, "\(f)")
        }
        let demo = try Micrograph(path: TestData.packageRoot + "/Images/nanofiber_diameterj.tif")
        #expect(!(BackgroundVariation(demo.image)?.needsLevelling ?? true))
    }
}
