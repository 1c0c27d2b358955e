// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import SEM

@Suite("SEM cross-section thickness")
struct ThicknessTests {
    /// Void (dark) above a wavy deposit surface, a 3-px bright SE rim on the surface, a mid-grey
    /// deposit with small pores, and a bright substrate from row 160; Gaussian noise.
    static func crossSection(seed: UInt64) -> (Raster<Float>, [Double]) {
        let w = 400, h = 220
        var rng = SplitMix64(seed: seed)
        var px = [Float](repeating: 0, count: w * h)
        var truth: [Double] = []
        for x in 0..<w {
            let top = Int((60 + 8 * sin(Double(x) / 23)).rounded())
            truth.append(Double(160 - top))
            for y in 0..<h {
                var v: Double
                if y < top { v = 30 }
                else if y < top + 3 { v = 235 }            // edge-effect rim (part of the deposit)
                else if y < 160 { v = ((x / 7 + y / 5) % 17 == 0) ? 40 : 120 } // deposit with small pores
                else { v = 200 }                            // copper
                let u1 = Double.random(in: 1e-12..<1, using: &rng), u2 = Double.random(in: 0..<1, using: &rng)
                v += 6 * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
                px[y * w + x] = Float(v)
            }
        }
        return (Raster(width: w, height: h, colorModel: .gray, samples: px), truth)
    }

    @Test("known wavy deposit: mean thickness within 0.5 px, SD within 0.5 px of the truth, despite the bright rim and pores")
    func synthetic() throws {
        let (img, truth) = Self.crossSection(seed: 3)
        let m = Micrograph(image: img, calibration: SEMCalibration(pixelWidthNM: 50, source: "test", raw: ""))
        let r = try DepositThickness().analyse(m)
        let mean = truth.reduce(0, +) / Double(truth.count)
        let sd = (truth.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(truth.count - 1)).squareRoot()
        #expect(abs(r.thicknessPixels.mean - mean) < 0.5, "\(r.thicknessPixels.mean) vs \(mean) levels \(r.levels) top \(r.top.prefix(5)) bottom \(r.bottom.prefix(5))")
        #expect(abs(r.thicknessPixels.standardDeviation - sd) < 0.5, "\(r.thicknessPixels.standardDeviation) vs \(sd)")
        #expect(r.coverage == 1)
        #expect(abs(r.thickness!.mean - mean * 0.05) < 0.03)
    }

    @Test("a 52° tilt divides heights by sin 52°; a bad tilt is refused")
    func tilt() throws {
        let (img, truth) = Self.crossSection(seed: 4)
        var o = DepositThickness.Options()
        o.tiltDegrees = 52
        let r = try DepositThickness(options: o).analyse(Micrograph(image: img, calibration: nil))
        let mean = truth.reduce(0, +) / Double(truth.count)
        #expect(abs(r.thicknessPixels.mean - mean / sin(52 * Double.pi / 180)) < 0.7)
        #expect(r.thickness == nil)
        o.tiltDegrees = 0
        #expect(throws: SEMError.self) { try DepositThickness(options: o).analyse(Micrograph(image: img, calibration: nil)) }
    }

    @Test("a cross-section passes the layer checks; a plan view of fibres and a layer cut by the field of view are flagged")
    func notACrossSection() throws {
        let (img, _) = Self.crossSection(seed: 5)
        let clean = try DepositThickness().analyse(Micrograph(image: img, calibration: nil))
        #expect(!clean.warnings.contains { $0.contains("cross-section") || $0.contains("edge of the image") }, "\(clean.warnings)")
        // The bundled nanofibre mat is a plan view: its "middle" class is scattered over many runs per column.
        let mat = try Micrograph(path: TestData.packageRoot + "/Images/nanofiber_diameterj.tif")
        let plan = try DepositThickness().analyse(mat)
        #expect(plan.warnings.contains { $0.contains("does not look like a cross-section") }, "\(plan.warnings)")
        // The same cross-section cropped so that the deposit runs to the bottom edge (no substrate).
        let w = img.width, rows = 150
        let cropped = Raster<Float>(width: w, height: rows, colorModel: .gray, samples: Array(img.samples[0..<(w * rows)]))
        let cut = try DepositThickness().analyse(Micrograph(image: cropped, calibration: nil))
        #expect(cut.warnings.contains { $0.contains("reaches the top or bottom edge") }, "\(cut.warnings)")
    }

    @Test("two-level Otsu separates three grey populations")
    func multiOtsu() {
        var v: [Float] = []
        for i in 0..<3000 { v.append(Float([30, 120, 200][i % 3] + (i % 11) - 5)) }
        let (a, b) = DepositThickness.twoLevelOtsu(v)!
        #expect(a >= 35 && a < 115 && b >= 125 && b < 195, "\(a) \(b)")
    }
}
