// SPDX-License-Identifier: GPL-3.0-or-later

extension FiberAnalysis {
    /// Below this share of the centre line tried with both edges measured, the result warns that the
    /// mask may not be separate fibres.
    static let fibreEdgeShare = 0.8
    /// The median coefficient of variation of the widths along a segment above which the mask is
    /// taken for the gaps between fibres (``segments(_:sampleIndex:samples:)``): 3.7–5.3 % on the
    /// real mats, 16–24 % on the same images inverted.
    static let fibreWidthVariation = 0.12

    /// Which sample's edges stand for each sample: the samples (row-major pixel indices, raster
    /// order) are split into their 8-connected runs (a centre line between junction discs), and along
    /// each run every `stride`-th sample in raster order is tried; the others take the last one tried
    /// before them on the same run. Raster order within a run follows the line (a run monotone in y
    /// is visited row by row), so a measured sample stands for its own fibre's neighbours only, never
    /// for a pixel of another fibre that happens to come next in the image's rows.
    static func edgeLeaders(_ samples: [Int], width w: Int, stride: Int) -> [Int32] {
        let n = samples.count
        guard n > 0 else { return [] }
        let padded = samples.map { SkeletonGraph.padded($0, width: w) }
        let root = components(padded, paddedWidth: w + 2).root
        var count = [Int32](repeating: 0, count: n), last = [Int32](repeating: -1, count: n)
        var leader = [Int32](repeating: -1, count: n)
        for i in 0..<n {
            let r = Int(root[i])
            if Int(count[r]) % stride == 0 { last[r] = Int32(i) }
            count[r] += 1
            leader[i] = last[r]
        }
        return leader
    }

    /// The samples whose edges were measured, each weighted by the centre-line length of the samples
    /// it stands for (`Core.leader`; so weights still add up to length), and the share of the length
    /// tried that they stand for.
    static func edgeSelection(_ core: Core) -> (values: [Double], weights: [Double], fraction: Double) {
        var block = [Double](repeating: 0, count: core.weights.count)
        for (i, l) in core.leader.enumerated() { block[Int(l)] += core.weights[i] }
        var v: [Double] = [], w: [Double] = []
        var total = 0.0, kept = 0.0
        for (i, l) in core.leader.enumerated() where Int(l) == i {
            total += block[i]
            guard core.edges[i].isFinite else { continue }
            v.append(core.edges[i]); w.append(block[i]); kept += block[i]
        }
        return (v, w, total > 0 ? kept / total : 0)
    }

    /// Each measured edge width given to every sample it stands for (`Core.leader`); NaN for the
    /// samples of a tried sample that was not measured.
    static func blockValues(_ core: Core) -> [Double] {
        core.leader.map { core.edges[Int($0)] }
    }
}
