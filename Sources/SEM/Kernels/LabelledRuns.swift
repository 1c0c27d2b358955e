// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// The connected components of a mask as labelled runs: each row's maximal runs of foreground (or
/// background) pixels, in raster order, with their component's label.
///
/// Run-based union–find (He, Chao & Suzuki, IEEE Trans. Image Process. 17 (2008) 749: label runs,
/// not pixels): a run joins every run of the row above that it touches (overlapping columns for
/// 4-connectivity, one column more on each side for 8-connectivity). A fibre mat of 4096² has a
/// few hundred thousand runs against 16.8 million pixels, so labelling does a pixel's work once
/// per run, and callers that only need each component's statistics or pixels run by run need no
/// label image (4 bytes a pixel) at all.
///
/// Labels run 1…count in raster order of each component's first run, which is the raster order of
/// its first pixel, as ``Components`` numbers them.
struct LabelledRuns {
    /// Each run's row, first and last column (inclusive), and component label (1…).
    var row: [Int32] = [], first: [Int32] = [], last: [Int32] = [], label: [Int32] = []
    var components: [Components.Component] = []

    /// `background`: label the mask's zero pixels instead of its nonzero ones.
    init(_ mask: BinaryMask, eightConnected: Bool, background: Bool) {
        let w = mask.width, h = mask.height
        let reach: Int32 = eightConnected ? 1 : 0
        var parent: [Int32] = []
        mask.pixels.withUnsafeBufferPointer { px in
            guard w > 0 else { return }
            var previous = 0..<0
            for y in 0..<h {
                let base = px.baseAddress! + y * w
                let begin = first.count
                var above = previous.lowerBound
                var x = 0
                while x < w {
                    while x < w && (base[x] == 0) != background { x += 1 }
                    guard x < w else { break }
                    let s = x
                    while x < w && (base[x] == 0) == background { x += 1 }
                    let k = Int32(first.count), a = Int32(s), b = Int32(x - 1)
                    row.append(Int32(y)); first.append(a); last.append(b); parent.append(k)
                    // Runs above that end before this one's reach cannot touch it or any later run.
                    while above < previous.upperBound && last[above] < a - reach { above += 1 }
                    var j = above
                    while j < previous.upperBound && first[j] <= b + reach {
                        Self.union(&parent, k, Int32(j))
                        j += 1
                    }
                }
                previous = begin..<first.count
            }
        }
        // Roots are each component's first run (union keeps the smaller index), so labels in run
        // order are labels in order of first appearance.
        label = [Int32](repeating: 0, count: parent.count)
        var sx: [Double] = [], sy: [Double] = []
        for k in parent.indices {
            let r = Int(Self.find(&parent, Int32(k)))
            let y = Int(row[k]), a = Int(first[k]), b = Int(last[k]), n = b - a + 1
            if r == k {
                components.append(Components.Component(label: components.count + 1, area: 0, minX: a, minY: y, maxX: b, maxY: y,
                                                       centroidX: 0, centroidY: 0, touchesEdge: false))
                sx.append(0); sy.append(0)
                label[k] = Int32(components.count)
            } else {
                label[k] = label[r]
            }
            let c = Int(label[k]) - 1
            components[c].area += n
            components[c].minX = min(components[c].minX, a)
            components[c].maxX = max(components[c].maxX, b)
            components[c].maxY = y
            // Σx over the run a…b, exact in integers.
            sx[c] += Double((a + b) * n / 2)
            sy[c] += Double(y * n)
        }
        for i in components.indices {
            components[i].centroidX = sx[i] / Double(components[i].area)
            components[i].centroidY = sy[i] / Double(components[i].area)
            components[i].touchesEdge = components[i].minX == 0 || components[i].minY == 0 || components[i].maxX == w - 1 || components[i].maxY == h - 1
        }
    }

    @inline(__always) static func find(_ parent: inout [Int32], _ x: Int32) -> Int32 {
        var r = x
        while parent[Int(r)] != r { r = parent[Int(r)] }
        var c = x
        while parent[Int(c)] != r { let n = parent[Int(c)]; parent[Int(c)] = r; c = n }
        return r
    }

    @inline(__always) static func union(_ parent: inout [Int32], _ a: Int32, _ b: Int32) {
        let ra = find(&parent, a), rb = find(&parent, b)
        if ra < rb { parent[Int(rb)] = ra } else if rb < ra { parent[Int(ra)] = rb }
    }

    /// The number of runs.
    var count: Int { first.count }
}
