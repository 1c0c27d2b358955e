// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

extension FiberAnalysis {
    /// Skeleton runs between junction clusters: the 8-connected components of the skeleton without
    /// its cluster pixels, numbered in raster order of their first pixel, each with its centre-line
    /// length (orthogonal links 1, diagonal links √2) and the mean of its diameter samples.
    /// `sampleIndex` (ascending) and `samples` are the diameter samples, whose pixels
    /// ``core(mask:)`` flagged in the graph.
    ///
    /// The components are found in one raster-order pass with a union–find (Rosenfeld–Pfaltz
    /// labelling on the sparse pixel list): each pixel is joined to its neighbours before it (left,
    /// and the three above, found by a cursor that follows the list one row behind), so memory is
    /// read in order instead of following each fibre across the image. Every link is counted once,
    /// from its later end; sums run in raster order, so the result does not depend on threads.
    ///
    /// `variation`: the median, over segments of at least 8 samples (at least 10 such segments), of
    /// the coefficient of variation of the samples along each segment (nil otherwise). A fibre keeps
    /// its width between junctions; the gaps between fibres, segmented as if they were fibres (an
    /// image whose fibres are darker than its background, read as bright fibres), do not.
    static func segments(_ graph: SkeletonGraph, sampleIndex: [Int], samples: [Double]) -> (list: [Segment], variation: Double?) {
        let w = graph.width, pw = graph.paddedWidth
        let junction = SkeletonGraph.junctionFlag
        // The pixels on segments, in raster order: padded index and sample (NaN: none).
        var onQ: [Int] = [], onValue: [Double] = []
        onQ.reserveCapacity(graph.pixels.count)
        onValue.reserveCapacity(graph.pixels.count)
        graph.pixels.withUnsafeBufferPointer { pixels in
            let padded = UnsafeMutablePointer<Int>.allocate(capacity: max(pixels.count, 1))
            defer { padded.deallocate() }
            SkeletonGraph.paddedIndices(pixels, width: w, into: padded)
            graph.code.withUnsafeBufferPointer { cb in
                let c = cb.baseAddress!
                var s = 0
                for k in 0..<pixels.count {
                    let q = padded[k], v = c[q]
                    guard v != 0 && v & junction == 0 else { continue }
                    var value = Double.nan
                    if v & sampleFlag != 0 {
                        let p = pixels[k]
                        while s < sampleIndex.count && sampleIndex[s] < p { s += 1 }
                        if s < sampleIndex.count && sampleIndex[s] == p { value = samples[s] }
                    }
                    onQ.append(q)
                    onValue.append(value)
                }
            }
        }
        let n = onQ.count
        guard n > 0 else { return ([], nil) }
        let (parent, orthogonal, diagonal) = components(onQ, paddedWidth: pw)
        // Totals per component, in raster order; components listed by their first pixel.
        var slot = [Int32](repeating: -1, count: n)
        var orthogonalLinks: [Int] = [], diagonalLinks: [Int] = [], sums: [Double] = [], squares: [Double] = [], counts: [Int] = []
        for k in 0..<n {
            let root = Int(parent[k])
            if root == k {
                slot[k] = Int32(orthogonalLinks.count)
                orthogonalLinks.append(0); diagonalLinks.append(0); sums.append(0); squares.append(0); counts.append(0)
            }
            let i = Int(slot[root])
            orthogonalLinks[i] += Int(orthogonal[k])
            diagonalLinks[i] += Int(diagonal[k])
            if !onValue[k].isNaN { sums[i] += onValue[k]; squares[i] += onValue[k] * onValue[k]; counts[i] += 1 }
        }
        let list = orthogonalLinks.indices.map { i in
            Segment(length: Double(orthogonalLinks[i]) + Double(diagonalLinks[i]) * 2.0.squareRoot(),
                    meanDiameter: counts[i] > 0 ? sums[i] / Double(counts[i]) : nil, samples: counts[i])
        }
        var cvs: [Double] = []
        for i in counts.indices where counts[i] >= 8 {
            let m = sums[i] / Double(counts[i])
            let variance = max(squares[i] / Double(counts[i]) - m * m, 0) * Double(counts[i]) / Double(counts[i] - 1)
            if m > 0 { cvs.append(variance.squareRoot() / m) }
        }
        return (list, cvs.count >= 10 ? Statistics.quantile(sorted: cvs.sorted(), 0.5) : nil)
    }
    /// The skeleton's segments: its pixels outside junction clusters (raster order: unpadded and
    /// padded indices) and the segment each belongs to, numbered 0..<count in raster order of their
    /// first pixel (the components of ``components(_:paddedWidth:)``).
    static func segmentMembership(_ graph: SkeletonGraph) -> (pixels: [Int], padded: [Int], segment: [Int32], count: Int) {
        let w = graph.width
        var onQ: [Int] = [], onP: [Int] = []
        onQ.reserveCapacity(graph.pixels.count)
        onP.reserveCapacity(graph.pixels.count)
        for p in graph.pixels {
            let q = SkeletonGraph.padded(p, width: w)
            guard graph.code[q] & SkeletonGraph.junctionFlag == 0 else { continue }
            onQ.append(q); onP.append(p)
        }
        guard !onQ.isEmpty else { return ([], [], [], 0) }
        let root = components(onQ, paddedWidth: graph.paddedWidth).root
        var segment = [Int32](repeating: -1, count: onQ.count), count: Int32 = 0
        for k in onQ.indices {
            let r = Int(root[k])
            if r == k { segment[k] = count; count += 1 } else { segment[k] = segment[r] }
        }
        return (onP, onQ, segment, Int(count))
    }

    /// The 8-connected components of the pixels `onQ` (padded indices, ascending), by union–find
    /// in one raster-order pass: each pixel's root (the index of its component's first pixel), and
    /// its orthogonal and diagonal links to the pixels before it (so every link is counted once).
    static func components(_ onQ: [Int], paddedWidth pw: Int) -> (root: [Int32], orthogonal: [UInt8], diagonal: [UInt8]) {
        let n = onQ.count
        // Union–find with the smaller index as the root: a component's root is its first pixel.
        var parent = [Int32](unsafeUninitializedCapacity: n) { b, count in
            for i in 0..<n { b[i] = Int32(i) }
            count = n
        }
        // Links from each pixel to its on-segment neighbours before it: orthogonal, diagonal.
        var orthogonal = [UInt8](repeating: 0, count: n), diagonal = [UInt8](repeating: 0, count: n)
        parent.withUnsafeMutableBufferPointer { pb in
            let parent = pb.baseAddress!
            @inline(__always) func find(_ i: Int) -> Int {
                var i = i
                while Int(parent[i]) != i {
                    parent[i] = parent[Int(parent[i])]
                    i = Int(parent[i])
                }
                return i
            }
            @inline(__always) func join(_ a: Int, _ b: Int) {
                let ra = find(a), rb = find(b)
                if ra < rb { parent[rb] = Int32(ra) } else if rb < ra { parent[ra] = Int32(rb) }
            }
            onQ.withUnsafeBufferPointer { qb in
                let Q = qb.baseAddress!
                var up = 0
                for k in 0..<n {
                    let q = Q[k]
                    var o: UInt8 = 0, d: UInt8 = 0
                    if k > 0 && Q[k - 1] == q - 1 { join(k, k - 1); o += 1 }
                    // The row above: entries q − pw − 1 … q − pw + 1, consecutive in the list if present.
                    while up < k && Q[up] < q - pw - 1 { up += 1 }
                    var j = up
                    while j < k && Q[j] <= q - pw + 1 {
                        join(k, j)
                        if Q[j] == q - pw { o += 1 } else { d += 1 }
                        j += 1
                    }
                    orthogonal[k] = o
                    diagonal[k] = d
                }
            }
            for k in 0..<n { _ = find(k) }
        }
        return (parent, orthogonal, diagonal)
    }
}
