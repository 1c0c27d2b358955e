// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import InterphaseCore
@testable import SEM
import _TestSupport

/// Sub-pixel fibre widths against mats whose widths are known by construction (``SyntheticMat``:
/// exact area coverage, crossings, beads, an illumination gradient, probe blur σ 1.2 px, noise σ 14
/// grey levels, 8 bits; the edge halo separately).
///
/// Each centre-line sample is compared with the local true width of the fibre whose axis is nearest
/// to it, so the measurement is judged apart from which parts of the mat are measured (junction
/// discs, image edges: the DiameterJ convention both routes share). The length-weighted mean of the
/// samples is compared with the length-weighted truth of the same samples, and with the whole mat's.
@Suite("SEM sub-pixel fibre widths")
struct SubPixelWidthTests {
    struct Case: Sendable, CustomStringConvertible {
        var width: Double, size: Int, count: Int, tolerance: Double
        /// The SD goal (15 %) holds from 9 px on these mats. The 5.8 px mat has two pairs of fibres
        /// crossing at 1–2°, one wide band each that no criterion leaves out: 3 % of the sample
        /// weight, which takes the SD to +48 % (without them it is on the truth; Benchmarks/RESULTS.md,
        /// session 21).
        var sdTolerance = 0.15
        var description: String { String(format: "%.1f px", width) }
    }

    static let cases = [
        // Goal 5 %; measured +4.5 % here (2·EDT: +16 %; six other seeds +2.2 to +4.3 %), SD +48 %.
        Case(width: 5.8, size: 512, count: 22, tolerance: 0.05, sdTolerance: 0.75),
        Case(width: 9, size: 512, count: 15, tolerance: 0.02),
        Case(width: 12.3, size: 512, count: 12, tolerance: 0.02),
        Case(width: 20, size: 640, count: 10, tolerance: 0.02),
        Case(width: 31.2, size: 768, count: 9, tolerance: 0.02),
    ]

    struct Comparison {
        var measured: SummaryStatistics, edt: SummaryStatistics
        /// Length-weighted truth over the measured samples: mean, SD; and over the whole mat.
        var sampledTruth: (mean: Double, sd: Double), matTruth: (mean: Double, sd: Double)
        var edtSampledTruth: Double
        var segmentMeans: [Double]
    }

    /// The analysis of a rendered mat, with the truth at its samples.
    static func compare(_ mat: SyntheticMat, seed: UInt64, options: FiberAnalysis.Options = FiberAnalysis.Options()) throws -> Comparison {
        let image = mat.render(seed: seed)
        let analysis = FiberAnalysis(options: options)
        let m = Micrograph(grey: .uint8(image), calibration: nil)
        let mask = try analysis.segment(m.grey).mask
        let core = analysis.core(mask: mask, grey: m.grey)
        func truth(at p: Int) -> Double {
            let px = Double(p % image.width), py = Double(p / image.width)
            var best = Double.infinity, width = 0.0
            for f in mat.fibres {
                let d = abs(-(px - f.x) * sin(f.angle) + (py - f.y) * cos(f.angle))
                if d < best { best = d; width = mat.width(f, at: (px - f.x) * cos(f.angle) + (py - f.y) * sin(f.angle)) }
            }
            return width
        }
        var t: [Double] = [], w: [Double] = [], edtTruth = 0.0, edtWeight = 0.0
        for (i, p) in core.sampleIndex.enumerated() {
            let v = truth(at: p)
            edtTruth += v * core.weights[i]; edtWeight += core.weights[i]
        }
        // Edges are tried at every second sample along each centre line, each standing for the
        // samples that take its value (Core.leader).
        var block = [Double](repeating: 0, count: core.weights.count)
        for (i, l) in core.leader.enumerated() { block[Int(l)] += core.weights[i] }
        for (i, l) in core.leader.enumerated() where Int(l) == i && core.edges[i].isFinite {
            t.append(truth(at: core.sampleIndex[i]))
            w.append(block[i])
        }
        let sampled = FiberAnalysis.statistics(t, w)
        let r = try analysis.analyse(m)
        return Comparison(measured: r.diameterPixels, edt: r.diameterPixelsEDT, sampledTruth: (sampled.mean, sampled.standardDeviation),
                          matTruth: mat.truth, edtSampledTruth: edtTruth / edtWeight, segmentMeans: r.segments.compactMap(\.meanDiameter))
    }

    @Test("without a halo: mean within 2 % of the sampled truth from 9 px (5 % at 5.8 px), SD within 15 % from 9 px, no quantisation; closer than 2·EDT", arguments: cases)
    func knownWidths(_ c: Case) throws {
        var mat = SyntheticMat(size: c.size, meanWidth: c.width, count: c.count, seed: 11 + UInt64(c.width * 10))
        mat.halo = 0
        let r = try Self.compare(mat, seed: 3)
        let error = r.measured.mean / r.sampledTruth.mean - 1, edtError = r.edt.mean / r.edtSampledTruth - 1
        print(String(format: "%@: sampled truth %.3f ± %.3f (mat %.3f ± %.3f); edges %.3f ± %.3f (%+.2f %%); 2·EDT %.3f (%+.2f %%)",
                     c.description, r.sampledTruth.mean, r.sampledTruth.sd, r.matTruth.mean, r.matTruth.sd,
                     r.measured.mean, r.measured.standardDeviation, 100 * error, r.edt.mean, 100 * edtError))
        #expect(abs(error) <= c.tolerance)
        #expect(abs(r.measured.standardDeviation / r.sampledTruth.sd - 1) <= c.sdTolerance, "SD")
        #expect(abs(error) < abs(edtError) || abs(error) < 0.005, "the edges are no closer than 2·EDT")
        // No quantisation: segment means off the EDT grid (whole and half pixels) and spread out.
        #expect(r.segmentMeans.count >= 5)
        let onGrid = r.segmentMeans.filter { abs(2 * $0 - (2 * $0).rounded()) < 1e-6 }
        #expect(onGrid.count <= r.segmentMeans.count / 10, "\(onGrid)")
        #expect(Set(r.segmentMeans.map { ($0 * 1000).rounded() }).count >= r.segmentMeans.count * 9 / 10)
    }

    /// The known bias (``EdgeWidths``): a bright halo narrower than the probe resolves moves the
    /// half-level crossings outward by a fixed amount. This pins it, so that a change shows.
    @Test("with the secondary-electron edge halo (0.37 of the contrast over 1.5 px) the widths read 0.3–0.6 px wide")
    func halo() throws {
        let mat = SyntheticMat(size: 512, meanWidth: 9, count: 15, seed: 8)
        let r = try Self.compare(mat, seed: 1)
        let excess = r.measured.mean - r.sampledTruth.mean
        print(String(format: "halo: sampled truth %.3f, edges %.3f (%+.3f px), 2·EDT %.3f (%+.3f px)", r.sampledTruth.mean, r.measured.mean, excess,
                     r.edt.mean, r.edt.mean - r.edtSampledTruth))
        #expect(excess > 0.3 && excess < 0.6)
        #expect(excess < r.edt.mean - r.edtSampledTruth)
    }

    /// A threshold far up the edges (a top-layer level, or a bright-core one) leaves a mask narrower
    /// than the fibres: the window beyond the mask edge then lies on the fibre's flank, and the
    /// background is the profile's outer minimum instead (``EdgeWidths``).
    @Test("a mask narrower than the fibres (threshold at 90 % of the contrast): widths still within 3 % of the truth")
    func narrowMask() throws {
        var mat = SyntheticMat(size: 512, meanWidth: 12, count: 12, beadsPerFibre: 0, seed: 31)
        mat.gradient = 0
        mat.halo = 0
        var options = FiberAnalysis.Options()
        options.threshold = Float(mat.background + 0.9 * mat.contrast)
        let c = try Self.compare(mat, seed: 2, options: options)
        let truth = c.sampledTruth.mean
        print(String(format: "narrow mask: sampled truth %.3f (mat %.3f), edges %.3f (%+.2f %%), 2·EDT %.3f", truth, c.matTruth.mean, c.measured.mean,
                     100 * (c.measured.mean / truth - 1), c.edt.mean))
        #expect(c.edt.mean < 0.85 * truth) // the mask is narrow
        #expect(abs(c.measured.mean / truth - 1) < 0.03)
    }

    @Test("a mask with no grey image: edges half-way between pixels, the bar's pixel count, not 2·EDT's one more")
    func maskOnly() throws {
        // Bars 7 pixels across, one horizontal, one vertical, apart.
        let w = 200, h = 200
        var px = [UInt8](repeating: 0, count: w * h)
        for y in 60..<67 { for x in 10..<190 { px[y * w + x] = 1 } }
        for x in 140..<147 { for y in 90..<190 { px[y * w + x] = 1 } }
        let r = try FiberAnalysis().analyse(mask: BinaryMask(width: w, height: h, pixels: px), calibration: nil)
        #expect(abs(r.diameterPixels.mean - 7) < 0.05, "\(r.diameterPixels)")
        #expect(abs(r.diameterPixelsEDT.mean - 8) < 0.3, "\(r.diameterPixelsEDT)")
    }
}

/// A bright in-focus layer over a dim, more blurred one: `otsu-top` and the per-segment criterion
/// measure the top layer and say so; plain Otsu takes both layers in.
@Suite("SEM top layer")
struct TopLayerTests {
    /// The two-layer mat: the top layer (widths ~12 px, contrast 150, sharp) over a dimmer lower one
    /// (contrast 100, blur σ 3), with noise σ 8.
    static func twoLayers() -> (micrograph: Micrograph, top: SyntheticMat, lower: SyntheticMat) {
        var top = SyntheticMat(size: 512, meanWidth: 12, count: 8, beadsPerFibre: 0, seed: 21)
        top.background = 0; top.gradient = 0; top.noise = 0; top.halo = 0; top.contrast = 150
        var lower = SyntheticMat(size: 512, meanWidth: 12, count: 10, beadsPerFibre: 0, seed: 22)
        lower.background = 0; lower.gradient = 0; lower.noise = 0; lower.halo = 0; lower.contrast = 100; lower.blur = 3
        let a = top.render(seed: 1), b = lower.render(seed: 2)
        var rng = SplitMix64(seed: 5)
        // The top layer hides the lower one in proportion to its (blurred) coverage, t / 150.
        let pixels = zip(a.samples, b.samples).map { t, l -> UInt8 in
            let v = 40 + Double(t) + (1 - Double(t) / 150) * Double(l) + 8 * SyntheticMat.gaussian(&rng)
            return UInt8(min(255, max(0, v.rounded())))
        }
        let m = Micrograph(grey: .uint8(Raster(width: 512, height: 512, colorModel: .gray, samples: pixels)), calibration: nil)
        return (m, top, lower)
    }

    /// The top fibre a pixel lies on (within its half-width plus `margin`), if any.
    static func topFibre(_ mat: SyntheticMat, at p: Int, width: Int, margin: Double = 1) -> SyntheticMat.Fibre? {
        let x = Double(p % width), y = Double(p / width)
        return mat.fibres.first { f in abs(-(x - f.x) * sin(f.angle) + (y - f.y) * cos(f.angle)) <= f.width / 2 + margin }
    }

    @Test("otsu-top: samples on top fibres only, their widths within 3 %, the lower layer left out, and a note that says so")
    func topLayer() throws {
        let (m, top, _) = Self.twoLayers()
        var options = FiberAnalysis.Options()
        options.segmentation.method = .otsuTop
        let analysis = FiberAnalysis(options: options)
        let mask = try analysis.segment(m.grey).mask
        let r = try analysis.analyse(m)
        #expect(r.warnings.contains { $0.hasPrefix("top layer only") })
        // Every measured sample lies on a top fibre (within its half-width plus a pixel); the truth at
        // the samples is that fibre's width.
        let core = analysis.core(mask: mask, grey: m.grey)
        var truthSum = 0.0, measuredSum = 0.0, count = 0.0
        for (i, p) in core.sampleIndex.enumerated() where core.edges[i].isFinite {
            let x = Double(p % 512), y = Double(p / 512)
            let near = top.fibres.first { f in abs(-(x - f.x) * sin(f.angle) + (y - f.y) * cos(f.angle)) <= f.width / 2 + 1 }
            #expect(near != nil, "sample at (\(x), \(y)) is not on a top fibre")
            guard let f = near else { break }
            // The local width (a bead swells it), as in compare(_:seed:options:).
            truthSum += top.width(f, at: (x - f.x) * cos(f.angle) + (y - f.y) * sin(f.angle)); measuredSum += core.edges[i]; count += 1
        }
        print(String(format: "top layer: sampled truth %.3f, otsu-top %.3f over %.0f samples, fibre fraction %.3f", truthSum / count, measuredSum / count, count, r.fibreFraction))
        // Where a lower fibre passes under a top one, the background beside that edge is the lower
        // fibre: the edge is still found, a little inside.
        #expect(count >= 100 && abs(measuredSum / truthSum - 1) < 0.03)
        let plain = try FiberAnalysis().analyse(m)
        #expect(plain.fibreFraction > r.fibreFraction + 0.05, "plain Otsu takes the lower layer in too")
        #expect(!plain.warnings.contains { $0.hasPrefix("top layer only") })
    }

    /// The per-segment criterion on the plain Otsu mask, which takes both layers in: the segments of
    /// the lower layer are left out before any width is measured, and the record says what was kept.
    @Test("layer top: measured samples on top fibres only, widths within 3 %, lower-layer segments left out and reported")
    func topLayerSegments() throws {
        let (m, top, _) = Self.twoLayers()
        var options = FiberAnalysis.Options()
        options.layer = .top
        let analysis = FiberAnalysis(options: options)
        let r = try analysis.analyse(m)
        let all = try FiberAnalysis().analyse(m)
        let layer = try #require(r.layer)
        #expect(r.warnings.contains { $0.hasPrefix("top layer only") })
        #expect(all.layer == nil && !all.warnings.contains { $0.hasPrefix("top layer only") })
        // The same mask: only the measured centre line differs.
        #expect(r.fibreFraction == all.fibreFraction && r.skeletonPixels == all.skeletonPixels)
        #expect(layer.keptSegments < layer.segments && layer.keptFraction > 0.2 && layer.keptFraction < 0.9)
        // Every measured sample lies on a top fibre; the mean is the top fibres' width.
        var truthSum = 0.0, measuredSum = 0.0, count = 0.0
        for (p, d) in zip(r.samplePixels, r.sampleDiameters) where d.isFinite {
            let f = Self.topFibre(top, at: p, width: 512)
            #expect(f != nil, "sample at (\(p % 512), \(p / 512)) is not on a top fibre")
            guard let f else { break }
            truthSum += f.width; measuredSum += d; count += 1
        }
        #expect(count >= 100 && abs(measuredSum / truthSum - 1) < 0.03)
        // Without the criterion, samples fall on lower fibres too.
        let offTop = zip(all.samplePixels, all.sampleDiameters).filter { $0.1.isFinite && Self.topFibre(top, at: $0.0, width: 512) == nil }.count
        #expect(offTop > 50)
        // The pixels left out lie on lower fibres, away from top ones (but for the junction clusters
        // where a lower fibre passes under a top one).
        let onLower = r.lowerLayerPixels.filter { Self.topFibre(top, at: $0, width: 512, margin: 0) == nil }.count
        #expect(Double(onLower) >= 0.9 * Double(r.lowerLayerPixels.count) && r.lowerLayerPixels.count > 200)
        print(String(format: "layer top: %d of %d segments kept (%.2f of the centre line), mean %.3f against top truth %.3f; all: %.3f, %d samples off the top layer",
                     layer.keptSegments, layer.segments, layer.keptFraction, measuredSum / count, truthSum / count, all.diameterPixels.mean, offTop))
    }

    @Test("layer top needs the grey image")
    func topLayerNeedsGrey() throws {
        let (m, _, _) = Self.twoLayers()
        var options = FiberAnalysis.Options()
        options.layer = .top
        let analysis = FiberAnalysis(options: options)
        let mask = try analysis.segment(m.grey).mask
        let error = #expect(throws: SEMError.self) { try analysis.analyse(mask: mask, calibration: nil) }
        #expect(error?.category == .invalidRequest)
        // With the grey image the same mask is measured.
        #expect(try analysis.analyse(mask: mask, grey: m.grey, calibration: nil).layer != nil)
    }
}
