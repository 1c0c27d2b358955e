// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// Deposit thickness along a cross-section (SEM.md §6.6): the deposit is one grey class (dark,
/// middle or bright; the middle class comes from a two-level Otsu), and in every column the
/// thickness is the length of the longest vertical run of that class, after bridging gaps of at most
/// `bridge` pixels (pores, cracks). The secondary-electron edge effect makes a thin bright rim where
/// the deposit meets the void; a rim of at most `rimWidth` pixels between the void and the deposit
/// belongs to the deposit and is counted. Columns are then summarised (mean, SD, median, range,
/// coverage). Heights measured on a tilted cross-section face are divided by sin(tilt) when a tilt
/// is given; the metadata tilt is only reported, since whether the instrument already corrected it
/// depends on the set-up.
public struct DepositThickness: Sendable {
    /// The deposit's grey class.
    public enum Phase: String, Sendable, Codable, CaseIterable {
        /// Below the Otsu level.
        case dark
        /// Between the two levels of a three-class Otsu (a deposit between a dark void and a bright substrate).
        case middle
        /// Above the Otsu level.
        case bright
    }

    /// What is measured and how the boundaries are cleaned.
    public struct Options: Sendable {
        /// The deposit's grey class.
        public var phase: Phase = .middle
        /// Median radius before classification (edge-preserving: a Gaussian would smear the bright rim into the void).
        public var medianRadius = 1.0
        /// Gaps (pores, cracks) of at most this many pixels inside the deposit are bridged.
        public var bridge = 10
        /// A bright edge rim of at most this many pixels between void and deposit belongs to the deposit.
        public var rimWidth = 4
        /// Columns averaged (median of boundaries) over this many neighbours to reject single-column spikes; 1: none.
        public var medianColumns = 5
        /// Viewing angle of the cross-section face in degrees; nil: no correction.
        public var tiltDegrees: Double? = nil
        /// The defaults of `interphase sem thickness`.
        public init() {}
    }

    /// The thickness of one cross-section.
    public struct Result: Sendable, Codable {
        /// Image width, pixels.
        public var width: Int
        /// Image height, pixels.
        public var height: Int
        /// The grey class measured.
        public var phase: Phase
        /// The Otsu level or levels that define the class (grey units).
        public var levels: [Float]
        /// Fraction of columns with a deposit run.
        public var coverage: Double
        /// The column thicknesses, pixels (tilt-corrected when a tilt was given).
        public var thicknessPixels: SummaryStatistics
        /// The same in µm (nil without calibration).
        public var thickness: SummaryStatistics?
        /// The factor 1/sin(tilt) applied (nil: no tilt given).
        public var tiltCorrection: Double?
        /// The stage tilt the metadata records, reported and not applied.
        public var metadataTiltDegrees: Double?
        /// Per column: top and bottom row of the deposit (−1 where none), for figures and scripts.
        public var top: [Int]
        /// Per column: the bottom row of the deposit (−1 where none).
        public var bottom: [Int]
        /// What the user should know: the metadata tilt, calibration missing.
        public var warnings: [String]
    }

    /// The measurement options.
    public var options: Options
    /// A measurement with these options (the command's defaults unless given).
    public init(options: Options = Options()) { self.options = options }

    /// The thickness of the deposit in every column of a cross-section micrograph.
    public func analyse(_ m: Micrograph) throws(SEMError) -> Result {
        let img = options.medianRadius >= 1 ? Filters.median(m.image, radius: options.medianRadius) : m.image
        let w = img.width, h = img.height
        guard w >= 3, h >= 8 else { throw .invalidRequest("thickness: image \(w)×\(h) is too small") }
        guard options.bridge >= 0 else { throw .invalidRequest("the bridged gap must be ≥ 0 pixels, got \(options.bridge)") }
        guard let (t1, t2) = Self.twoLevelOtsu(img.samples) else { throw .analysisFailed("thickness: the image is uniform") }
        // Classes: 0 dark, 1 middle, 2 bright.
        let target: UInt8 = options.phase == .dark ? 0 : options.phase == .middle ? 1 : 2
        var cls = [UInt8](repeating: 0, count: w * h)
        let cut = options.phase == .middle ? t1 : Threshold.otsu(img.samples)
        for i in cls.indices {
            let v = img.samples[i]
            cls[i] = options.phase == .middle ? (v <= t1 ? 0 : v <= t2 ? 1 : 2) : (v <= cut ? 0 : 2)
        }
        var tops = [Int](repeating: -1, count: w), bottoms = tops
        // Per column: the target-class pixels in the whole column and in the chosen run.
        var inColumn = [Int](repeating: 0, count: w), inRun = inColumn
        for x in 0..<w {
            // Runs of the target class with gaps ≤ bridge merged.
            var best = (start: -1, end: -1)
            var y = 0
            while y < h {
                guard cls[y * w + x] == target else { y += 1; continue }
                let start = y
                var end = y
                var gap = 0
                while y < h {
                    if cls[y * w + x] == target { end = y; gap = 0 } else { gap += 1; if gap > options.bridge { break } }
                    y += 1
                }
                if end - start > best.end - best.start { best = (start, end) }
                y = end + 1
            }
            guard best.start >= 0 else { continue }
            for yy in 0..<h where cls[yy * w + x] == target {
                inColumn[x] += 1
                if yy >= best.start && yy <= best.end { inRun[x] += 1 }
            }
            var top = best.start, bottom = best.end
            // Edge-effect rims: brighter-than-deposit pixels (≤ rimWidth) between the deposit and the void.
            if options.phase == .middle {
                let rimClass: UInt8 = 2, voidClass: UInt8 = 0
                func extend(_ from: Int, _ step: Int) -> Int {
                    var k = from + step, n = 0
                    while k >= 0 && k < h && cls[k * w + x] == rimClass && n < options.rimWidth { k += step; n += 1 }
                    let beyond = k
                    if n > 0 && n <= options.rimWidth && (beyond < 0 || beyond >= h || cls[beyond * w + x] == voidClass) {
                        return from + n * step
                    }
                    return from
                }
                top = extend(top, -1)
                bottom = extend(bottom, 1)
            }
            tops[x] = top
            bottoms[x] = bottom
        }
        // Median of boundaries over neighbouring columns.
        let half = max(0, options.medianColumns / 2)
        var thick: [Double] = []
        for x in 0..<w where tops[x] >= 0 {
            var ts: [Int] = [], bs: [Int] = []
            for j in max(0, x - half)...min(w - 1, x + half) where tops[j] >= 0 { ts.append(tops[j]); bs.append(bottoms[j]) }
            ts.sort(); bs.sort()
            thick.append(Double(bs[bs.count / 2] - ts[ts.count / 2] + 1))
        }
        guard !thick.isEmpty else { throw .analysisFailed("thickness: no column contains the \(options.phase.rawValue) phase") }
        var notes = m.warnings
        let columns = tops.indices.filter { tops[$0] >= 0 }
        let edgeCut = columns.filter { tops[$0] <= 0 || bottoms[$0] >= h - 1 }.count
        if Double(edgeCut) > 0.5 * Double(columns.count) {
            notes.append(String(format: "the %@ class reaches the top or bottom edge of the image in %.0f %% of the columns: the layer is cut by the field of view (or this is a plan view), so the thickness is a lower bound at best",
                                options.phase.rawValue, 100 * Double(edgeCut) / Double(columns.count)))
        }
        if let layering = Self.layering(tops: tops, inColumn: inColumn, inRun: inRun, thickness: thick), !layering.isLayer {
            notes.append(String(format: "this does not look like a cross-section: in the median column the longest %@ run holds %.0f %% of the column's %@ pixels, and its top edge moves %.1f px from one column to the next (%.0f %% of the median thickness); a deposit seen edge-on is one continuous layer. On a plan view (fibres, particles) the thickness means nothing",
                                 options.phase.rawValue, 100 * layering.runShare, options.phase.rawValue, layering.topStep, 100 * layering.topStep / max(layering.medianThickness, 1)))
        }
        var factor = 1.0
        if let t = options.tiltDegrees {
            guard t > 0 && t <= 90 else { throw .invalidRequest("the tilt must be in (0, 90] degrees, got \(t)") }
            factor = 1 / sin(t * .pi / 180)
        } else if let mt = m.metadata?.tiltDegrees, abs(mt) > 0.5 {
            notes.append(String(format: "the metadata gives a stage tilt of %.1f°: heights are as imaged; pass --tilt if the face is viewed at that angle (heights ÷ sin θ)", mt))
        }
        guard let px = SummaryStatistics(thick.map { $0 * factor }) else { throw .analysisFailed("no column holds a deposit run") }
        let physical = m.calibration.map { px.scaled(by: $0.pixelHeightNM / 1000) }
        return Result(width: w, height: h, phase: options.phase, levels: options.phase == .middle ? [t1, t2] : [cut],
                      coverage: Double(thick.count) / Double(w), thicknessPixels: px, thickness: physical,
                      tiltCorrection: options.tiltDegrees == nil ? nil : factor, metadataTiltDegrees: m.metadata?.tiltDegrees,
                      top: tops, bottom: bottoms, warnings: notes)
    }


    /// Whether the deposit class forms one continuous layer, as in a cross-section: in the median
    /// column the chosen run holds most of the column's class pixels (``layerRunShare``), and the
    /// top boundary moves little between neighbouring columns against the thickness
    /// (``layerTopStep``). A plan view of fibres or particles fails both: the class is scattered
    /// over many runs per column and the longest one jumps from column to column.
    struct Layering {
        var runShare: Double
        var topStep: Double
        var medianThickness: Double
        var isLayer: Bool { runShare >= DepositThickness.layerRunShare && topStep <= DepositThickness.layerTopStep * medianThickness }
    }

    /// The least share of a column's class pixels the median column's run must hold.
    static let layerRunShare = 0.85
    /// The largest median column-to-column step of the top boundary, as a share of the median thickness.
    static let layerTopStep = 0.1

    static func layering(tops: [Int], inColumn: [Int], inRun: [Int], thickness: [Double]) -> Layering? {
        var shares: [Double] = [], steps: [Double] = []
        for x in tops.indices where tops[x] >= 0 && inColumn[x] > 0 {
            shares.append(Double(inRun[x]) / Double(inColumn[x]))
            if x + 1 < tops.count, tops[x + 1] >= 0 { steps.append(Double(abs(tops[x + 1] - tops[x]))) }
        }
        guard !shares.isEmpty, !thickness.isEmpty else { return nil }
        return Layering(runShare: Statistics.median(shares), topStep: steps.isEmpty ? 0 : Statistics.median(steps),
                        medianThickness: Statistics.median(thickness))
    }

    /// Two-level Otsu (three classes) maximising the between-class variance on a 256-bin histogram.
    static func twoLevelOtsu(_ values: [Float]) -> (Float, Float)? {
        guard let h = Threshold.histogram(values) else { return nil }
        let n = h.counts.count
        guard n >= 3 else { return nil }
        var cw = [Double](repeating: 0, count: n + 1), cs = cw
        for i in 0..<n { cw[i + 1] = cw[i] + h.counts[i]; cs[i + 1] = cs[i] + h.counts[i] * h.centres[i] }
        let total = cw[n], mu = cs[n] / total
        var best = -1.0, arg = (0, 1)
        for a in 0..<(n - 2) {
            let w0 = cw[a + 1]
            guard w0 > 0 else { continue }
            let m0 = cs[a + 1] / w0
            for b in (a + 1)..<(n - 1) {
                let w1 = cw[b + 1] - cw[a + 1], w2 = total - cw[b + 1]
                guard w1 > 0, w2 > 0 else { continue }
                let m1 = (cs[b + 1] - cs[a + 1]) / w1, m2 = (cs[n] - cs[b + 1]) / w2
                let v = w0 * (m0 - mu) * (m0 - mu) + w1 * (m1 - mu) * (m1 - mu) + w2 * (m2 - mu) * (m2 - mu)
                if v > best { best = v; arg = (a, b) }
            }
        }
        return (Float(h.centres[arg.0]), Float(h.centres[arg.1]))
    }
}
