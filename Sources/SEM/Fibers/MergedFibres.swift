// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

extension FiberAnalysis {
    /// The centre-line pixels of segments that are two fibres merged into one band: pixels to leave
    /// out of the diameter samples.
    ///
    /// Two fibres that touch or overlap at a small angle make one band in the mask, wider than
    /// either (d + s for centres s < d apart), which a profile across it cannot tell from one wide
    /// fibre. Where the band splits into its fibres, the skeleton has a junction whose other branches
    /// are both narrower than the band. So a segment is taken for a merged band when, at a junction
    /// at one of its ends, its median width exceeds `ratio` times the widest of the other branches
    /// there (at least two of them measured). A fibre crossing another keeps its own continuation
    /// among the other branches, so a thick fibre crossing thin ones is not taken for a band.
    ///
    /// Two fibres overlapping nearly parallel across the whole field never split inside it; their
    /// band's edges diverge, so its width changes steadily along it, while a fibre's does not. So a
    /// segment is also taken for a band when a line fitted to its widths along its principal axis
    /// changes by more than `divergence` of its mean width (and 2 px, and 4 residual SDs) over the
    /// segment. A bead in the middle of a segment (rising, then falling) does not make a trend; a
    /// bead at a segment's end does, and is left out with it (Benchmarks/RESULTS.md, session 20).
    ///
    /// `diameter(p)`: 2·EDT at skeleton pixel `p`. Widths are read where a sample could be taken:
    /// outside the junction discs (`excluded` flags in the graph's byte image), off end points, and a
    /// radius from the image edge. Segments with none are not judged and do not count as a measured
    /// branch. Returns the pixels of the segments taken for bands, and how many.
    static func mergedSegments(_ graph: SkeletonGraph, excluded: UInt8, ratio: Double, divergence: Double, diameter: (Int) -> Double) -> (pixels: [Int], segments: Int) {
        let w = graph.width, h = graph.height
        let (onP, onQ, slot, count) = segmentMembership(graph)
        guard count > 0, !graph.junctions.isEmpty else { return ([], 0) }
        // Each segment's widths and pixels where a sample could be taken: outside the junction
        // discs, on a line, and a radius from the image's edge (a disc it crosses is truncated).
        var widths = [[Double]](repeating: [], count: count), positions = [[Int]](repeating: [], count: count)
        for k in onQ.indices {
            let v = graph.code[onQ[k]], p = onP[k], x = p % w, y = p / w
            let d = diameter(p)
            if v & excluded == 0 && v & SkeletonGraph.countBits != 2 && 2 * Double(min(x, y, w - 1 - x, h - 1 - y)) >= d {
                widths[Int(slot[k])].append(d)
                positions[Int(slot[k])].append(p)
            }
        }
        let median: [Double?] = widths.map { v in
            guard !v.isEmpty else { return nil }
            let s = v.sorted(), m = s.count / 2
            return s.count % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m])
        }
        func segment(at q: Int) -> Int? {
            var lo = 0, hi = onQ.count
            while lo < hi { let mid = (lo + hi) / 2; if onQ[mid] < q { lo = mid + 1 } else { hi = mid } }
            return lo < onQ.count && onQ[lo] == q ? Int(slot[lo]) : nil
        }
        let offsets = graph.neighbourOffsets.map(\.offset)
        // Two fibres overlapping nearly parallel, or merging at a small angle: the band's edges
        // diverge, so its width changes steadily along the segment (a single fibre's does not):
        // by more than `divergence` of its mean width, and 4 residual SDs, over the segment.
        var merged = Set<Int>()
        for (i, v) in widths.enumerated() where v.count >= 12 {
            if let d = trend(positions[i], widths: v, imageWidth: w), d.change > max(2, divergence * d.mean), d.change > 4 * d.residual {
                merged.insert(i)
            }
        }
        for j in graph.junctions {
            var branches = Set<Int>()
            for p in j.pixels {
                let q = SkeletonGraph.padded(p, width: w)
                for o in offsets {
                    let v = graph.code[q + o]
                    if v != 0 && v & SkeletonGraph.junctionFlag == 0, let s = segment(at: q + o) { branches.insert(s) }
                }
            }
            let measured = branches.filter { median[$0] != nil }
            guard measured.count >= 3 else { continue }
            for s in measured {
                let widest = measured.filter { $0 != s }.map { median[$0]! }.max()!
                if median[s]! > ratio * widest { merged.insert(s) }
            }
        }
        guard !merged.isEmpty else { return ([], 0) }
        var pixels: [Int] = []
        for k in onQ.indices where merged.contains(Int(slot[k])) { pixels.append(onP[k]) }
        return (pixels, merged.count)
    }

    /// The steady change of width along a whole segment: the widths fitted by a line in t (the
    /// position on the segment's principal axis); the line's change over the segment, the mean
    /// width and the residual SD.
    static func trend(_ pixels: [Int], widths: [Double], imageWidth w: Int) -> (change: Double, mean: Double, residual: Double)? {
        let n = Double(pixels.count)
        var mx = 0.0, my = 0.0
        for p in pixels { mx += Double(p % w); my += Double(p / w) }
        mx /= n; my /= n
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for p in pixels {
            let dx = Double(p % w) - mx, dy = Double(p / w) - my
            sxx += dx * dx; syy += dy * dy; sxy += dx * dy
        }
        let angle = 0.5 * atan2(2 * sxy, sxx - syy)
        let ux = cos(angle), uy = sin(angle)
        let t = pixels.map { (Double($0 % w) - mx) * ux + (Double($0 / w) - my) * uy }
        let mw = widths.reduce(0, +) / n
        var stt = 0.0, stw = 0.0
        for (ti, wi) in zip(t, widths) { stt += ti * ti; stw += ti * (wi - mw) }
        guard stt > 0 else { return nil }
        let slope = stw / stt
        var rss = 0.0
        for (ti, wi) in zip(t, widths) { let r = wi - mw - slope * ti; rss += r * r }
        return (abs(slope) * (t.max()! - t.min()!), mw, (rss / max(n - 2, 1)).squareRoot())
    }
}
