// SPDX-License-Identifier: GPL-3.0-or-later

/// The fibre network's topology and length, read from the 8-thin centre lines: junctions, ends,
/// length, and DiameterJ's super-pixel diameter (fibre area over the junction-corrected length).
///
/// Zhang–Suen leaves every 4-connected step of a line two pixels thick, which a graph reads as a
/// junction and whose triangle of links adds ~2 px of length (on straight fibres at random angles:
/// length +56 % and the super-pixel diameter −39 % at 7 px). So the network, like the diameter
/// samples, is read from the pruned Zhang–Suen skeleton with its staircase corners removed
/// (`Skeleton.removingStaircases`), whose spurs the pruning removes (a triangle at a line's end
/// leaves a one-pixel stub when its corner goes).
struct FiberNetwork {
    /// Junction clusters (pixels with three or more neighbours, touching).
    var junctions: Int
    /// Clusters with exactly three branches, and with four or more (DiameterJ's N₃ and N₄).
    var threeWay: Int, fourWay: Int
    /// Free ends.
    var endPoints: Int
    /// Centre-line length, pixels (``length(_:)``).
    var length: Double

    /// The network of the pruned 8-thin centre lines `thin`.
    init(_ thin: SkeletonGraph) {
        junctions = thin.junctions.count
        threeWay = thin.junctions.filter { $0.branches == 3 }.count
        fourWay = thin.junctions.filter { $0.branches >= 4 }.count
        endPoints = thin.endPoints.count
        length = Self.length(thin)
    }

    /// DiameterJ's super-pixel diameter of a mask of `area` fibre pixels: area / length with the
    /// junction correction L − ½·c·N₃ − c·N₄, iterated to a fixed point.
    func superPixelDiameter(area: Double) -> Double {
        var c = area / max(length, 1)
        for _ in 0..<100 {
            let lc = max(length - 0.5 * c * Double(threeWay) - c * Double(fourWay), 0.25 * length)
            let next = area / lc
            if abs(next - c) < 0.001 { return next }
            c = next
        }
        return c
    }

    /// The length of a skeleton's links, pixels: each pair of 8-neighbours counted once, 1 for an
    /// orthogonal link and √2 for a diagonal one. On an 8-thin skeleton this is the centre line's
    /// length (a straight line reads up to 8.2 % long, at 22.5°); on one with staircase corners the
    /// corner triangles add ~2 px per step.
    static func length(_ graph: SkeletonGraph) -> Double {
        var length = 0.0
        let w = graph.width, pw = graph.paddedWidth, pixels = graph.pixels
        graph.code.withUnsafeBufferPointer { cb in
            let c = cb.baseAddress!
            for p in pixels {
                let q = SkeletonGraph.padded(p, width: w)
                // Links to the right and below (each counted once).
                if c[q + 1] != 0 { length += 1 }
                if c[q + pw] != 0 { length += 1 }
                if c[q + pw + 1] != 0 { length += 2.0.squareRoot() }
                if c[q + pw - 1] != 0 { length += 2.0.squareRoot() }
            }
        }
        return length
    }
}
