// SPDX-License-Identifier: GPL-3.0-or-later

extension Skeleton {
    /// The skeleton with its staircase corners removed, so that it is 8-thin: every pixel with
    /// three or more neighbours is then a junction of branches, not a step of a line.
    ///
    /// Zhang–Suen's parallel rule leaves a line that changes direction by a 4-connected step two
    /// pixels thick at the step (e.g. (394, 100), (393, 101), (394, 101), (393, 102)): each of the
    /// four has three neighbours, which a graph reads as a junction with two branches. On the demo
    /// mat 196 of 459 "junctions" were such steps, each blanking a junction disc of the centre line.
    ///
    /// A pixel is removed when it has exactly two 4-neighbours, at right angles (the corner of the
    /// step), and it is a simple point: Yokoi's 8-connectivity number
    /// N₈ = Σ_{k∈{1,3,5,7}} (x̄ₖ − x̄ₖ·x̄ₖ₊₁·x̄ₖ₊₂) is 1 (x̄ = 1 − x, neighbours x₁…x₈ counter-clockwise
    /// from east), so the skeleton's connectivity and its holes are unchanged (Yokoi, Toriwaki &
    /// Fukumura, Comput. Graph. Image Process. 4 (1975) 63). Pixels with three or four 4-neighbours
    /// (crossings, T-junctions) are never removed. Pixels are visited in raster order and removed
    /// at once, so of the two corners of a step only the first goes; passes repeat until none is
    /// removed. Only skeleton pixels are visited.
    ///
    /// `pixels`: the skeleton's row-major indices in raster order; the result is in raster order.
    static func removingStaircases(_ pixels: [Int], width w: Int, height h: Int) -> [Int] {
        guard !pixels.isEmpty else { return pixels }
        let pw = w + 2
        var image = [UInt8](repeating: 0, count: pw * (h + 2))
        var removed = 0
        image.withUnsafeMutableBufferPointer { ib in
            let c = ib.baseAddress!
            for p in pixels { c[SkeletonGraph.padded(p, width: w)] = 1 }
            // x₁…x₈: E, NE, N, NW, W, SW, S, SE.
            let ring = [1, 1 - pw, -pw, -pw - 1, -1, pw - 1, pw, pw + 1]
            var changed = true
            while changed {
                changed = false
                for p in pixels {
                    let q = SkeletonGraph.padded(p, width: w)
                    guard c[q] != 0 else { continue }
                    let e = c[q + 1], n = c[q - pw], west = c[q - 1], s = c[q + pw]
                    guard Int(e) + Int(n) + Int(west) + Int(s) == 2, e != west, n != s else { continue }
                    var yokoi = 0
                    for k in stride(from: 0, to: 8, by: 2) {
                        let a = 1 - Int(c[q + ring[k]]), b = 1 - Int(c[q + ring[k + 1]]), d = 1 - Int(c[q + ring[(k + 2) % 8]])
                        yokoi += a - a * b * d
                    }
                    guard yokoi == 1 else { continue }
                    c[q] = 0
                    removed += 1
                    changed = true
                }
            }
        }
        guard removed > 0 else { return pixels }
        return pixels.filter { image[SkeletonGraph.padded($0, width: w)] != 0 }
    }
}
