// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import InterphaseCore
@testable import SEM
import _TestSupport

/// Diameter samples on the 8-thin centre lines, and bands of merged fibres left out of them,
/// against single fibres and crossings drawn by exact area coverage (``SyntheticMat``: probe blur,
/// noise, halo), whose widths are known by construction.
@Suite("SEM samples along every fibre; merged bands left out")
struct MergedFibresTests {
    static func mat(_ fibres: [(angle: Double, x: Double, y: Double, width: Double)], size: Int = 400) -> Micrograph {
        var mat = SyntheticMat(size: size, meanWidth: 9, count: 0, seed: 1)
        mat.fibres = fibres.map { SyntheticMat.Fibre(angle: $0.angle * .pi / 180, x: $0.x, y: $0.y, width: $0.width, beads: []) }
        mat.gradient = 0
        // No edge halo: its known outward bias (0.3–0.6 px, SubPixelWidthTests) is not what is tested.
        mat.halo = 0
        return Micrograph(grey: .uint8(mat.render(seed: 7)), calibration: nil)
    }

    /// Zhang–Suen leaves a 4-connected step every 1/tan θ pixels of a line at θ; read as junctions,
    /// their discs blanked whole fibres at some angles (a 7 px fibre at 10° was refused: "only 0
    /// skeleton pixels away from junctions"). On the 8-thin centre line every angle is measured.
    @Test("one clean fibre at any angle is measured along most of its length, at its width", arguments: [0.0, 10, 20, 30, 40, 50, 60, 70, 80])
    func singleFibreAtEveryAngle(angle: Double) throws {
        let width = 7.0, size = 400
        let r = try FiberAnalysis().analyse(Self.mat([(angle, 200, 200, width)], size: size))
        // A digital line at θ has one pixel per column (θ ≤ 45°) or row: size pixels, less a
        // radius at each edge (truncated discs are left out).
        let chordPixels = Double(size) - width
        let measured = Double(r.edgeSamples * FiberAnalysis.edgeStride)
        print(String(format: "%2.0f°: mean %.3f px, %d samples (%.0f %% of the line's pixels), %d junctions", angle, r.diameterPixels.mean, r.edgeSamples,
                     100 * measured / chordPixels, r.junctions))
        #expect(r.junctions == 0)
        #expect(measured > 0.9 * chordPixels)
        #expect(abs(r.diameterPixels.mean / width - 1) < 0.03)
    }

    /// Two 9 px fibres crossing at 3° overlap over ~2·9/sin 3° ≈ 340 px: one band 9–18 px wide,
    /// which splits into the two fibres at each end. A third fibre crosses them at 60°. The band
    /// is wider than both branches at its junctions and is left out; the crossing fibre is not.
    @Test("two fibres crossing at 3°: the merged band is left out and the mean stays on the truth")
    func shallowCrossing() throws {
        let width = 9.0
        let m = Self.mat([(3, 256, 256, width), (0, 256, 256, width), (60, 380, 256, width)], size: 512)
        let analysis = FiberAnalysis()
        let r = try analysis.analyse(m)
        // The band's criteria switched off (∞): the band is measured.
        var options = FiberAnalysis.Options()
        options.mergedBandRatio = .infinity
        options.mergedBandDivergence = .infinity
        let all = try FiberAnalysis(options: options).analyse(m)
        print(String(format: "3° crossing: mean %.3f px (%d samples); without the band criteria %.3f px (%d samples)", r.diameterPixels.mean, r.edgeSamples,
                     all.diameterPixels.mean, all.edgeSamples))
        #expect(abs(r.diameterPixels.mean / width - 1) < 0.03)
        #expect(all.diameterPixels.mean > 1.08 * width)
        #expect(r.diameterPixels.maximum < 1.3 * width)
    }

    /// Edges are measured at every second sample along each centre line, and each measured width
    /// stands for its neighbours on the same line. Taken in the image's raster order instead, the
    /// next sample is often on another fibre in the same row: the diameter map then gave a 7 px
    /// fibre the widths of a 15 px one beside it.
    @Test("the diameter map gives each fibre its own widths: two near-vertical fibres of 7 and 15 px")
    func mapValuesStayOnTheirFibre() throws {
        let m = Self.mat([(85, 130, 200, 7), (95, 270, 200, 15)], size: 400)
        let r = try FiberAnalysis().analyse(m)
        let map = r.diameterMap()
        var counts = (thin: 0, thick: 0), wrong: [String] = []
        for (p, v) in map.samples.enumerated() where v.isFinite {
            let x = p % map.width, thin = x < 200
            let truth: Float = thin ? 7 : 15
            if thin { counts.thin += 1 } else { counts.thick += 1 }
            if abs(v / truth - 1) > 0.15 { wrong.append("(\(x), \(p / map.width)): \(v)") }
        }
        print("map: \(counts.thin) samples on the 7 px fibre, \(counts.thick) on the 15 px one, \(wrong.count) off their fibre's width")
        #expect(counts.thin > 300 && counts.thick > 300)
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
    }
}
