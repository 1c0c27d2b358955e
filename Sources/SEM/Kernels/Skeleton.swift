// SPDX-License-Identifier: GPL-3.0-or-later

/// Skeletons: Zhang–Suen thinning (ZhangSuen.swift), neighbour counts, junctions and the graph.
public enum Skeleton {
    /// Number of 8-connected foreground neighbours of every pixel (0 for background): 1 marks an
    /// end point, 3 or more a junction.
    public static func neighbourCounts(_ s: BinaryMask) -> [UInt8] {
        let w = s.width, h = s.height
        var out = [UInt8](repeating: 0, count: w * h)
        guard w > 0, h > 0 else { return out }
        s.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let p = src.baseAddress!, o = dst.baseAddress!
                for y in 0..<h {
                    let row = p + y * w
                    for x in Skeleton.foreground(row, count: w) {
                        var c = 0
                        for dy in -1...1 where y + dy >= 0 && y + dy < h {
                            let line = row + dy * w
                            if x > 0 && line[x - 1] != 0 { c += 1 }
                            if line[x] != 0 { c += 1 }
                            if x + 1 < w && line[x + 1] != 0 { c += 1 }
                        }
                        o[y * w + x] = UInt8(c - 1)
                    }
                }
            }
        }
        return out
    }
}

/// Junctions of a skeleton as clusters of 8-connected pixels with 3 or more neighbours, each with
/// the number of branches leaving it; and spur pruning.
public struct SkeletonGraph: Sendable {
    public struct Junction: Sendable, Hashable {
        public var pixels: [Int]
        /// Skeleton pixels outside the cluster that touch it: the branch count.
        public var branches: Int
        /// Mean position (x, y).
        public var x: Double
        public var y: Double
    }

    public var junctions: [Junction]
    public var endPoints: [Int]
    /// 8-neighbour count of every skeleton pixel (``Skeleton/neighbourCounts(_:)``).
    public var counts: [UInt8]

    public init(_ s: BinaryMask) {
        let w = s.width, h = s.height
        counts = Skeleton.neighbourCounts(s)
        let counts = self.counts
        var seen = [Bool](repeating: false, count: w * h)
        junctions = []
        endPoints = []
        let on = s.pixels.withUnsafeBufferPointer { Skeleton.foreground($0.baseAddress!, count: w * h) }
        for i in on {
            if counts[i] == 1 { endPoints.append(i) }
            guard counts[i] >= 3, !seen[i] else { continue }
            var stack = [i], cluster: [Int] = []
            seen[i] = true
            while let p = stack.popLast() {
                cluster.append(p)
                forEachNeighbour(of: p, width: w, height: h) { q, _ in
                    if s.pixels[q] != 0 && counts[q] >= 3 && !seen[q] { seen[q] = true; stack.append(q) }
                }
            }
            let members = Set(cluster)
            var touching = Set<Int>()
            for p in cluster {
                forEachNeighbour(of: p, width: w, height: h) { q, _ in
                    if s.pixels[q] != 0 && !members.contains(q) { touching.insert(q) }
                }
            }
            let sx = cluster.reduce(0.0) { $0 + Double($1 % w) }, sy = cluster.reduce(0.0) { $0 + Double($1 / w) }
            junctions.append(Junction(pixels: cluster, branches: touching.count, x: sx / Double(cluster.count), y: sy / Double(cluster.count)))
        }
    }

    /// Removes branches that run from an end point to a junction in fewer than `maxLength(junction
    /// pixel)` steps (spurs from boundary noise and from fibres cut by the image edge). Walks stop
    /// after `longest` steps, the largest `maxLength` can return, so long fibres cost nothing.
    public static func pruneSpurs(_ s: BinaryMask, longest: Double, maxLength: (Int) -> Double) -> BinaryMask {
        var out = s
        let w = s.width, h = s.height
        let graph = SkeletonGraph(s)
        let counts = graph.counts
        for e in graph.endPoints {
            var path = [e], previous = -1, current = e, length = 0.0
            var reachedJunction = -1
            while length <= longest {
                var next = -1, step = 0.0
                forEachNeighbour(of: current, width: w, height: h) { q, diagonal in
                    // On a one-pixel-wide branch the only pixels to avoid are the last two visited.
                    if s.pixels[q] != 0 && q != previous && q != current && (path.count < 2 || q != path[path.count - 2]) {
                        next = q; step = diagonal ? 2.0.squareRoot() : 1
                    }
                }
                guard next >= 0 else { break }
                length += step
                if counts[next] >= 3 { reachedJunction = next; break }
                previous = current
                current = next
                path.append(next)
            }
            if reachedJunction >= 0 && length < maxLength(reachedJunction) {
                for p in path { out.pixels[p] = 0 }
            }
        }
        return out
    }
}

extension Skeleton {
    /// Indices of the non-zero bytes of `p[0..<count]`, in order. Skeletons and their masks are
    /// sparse: eight bytes are tested at once and runs of background skipped.
    static func foreground(_ p: UnsafePointer<UInt8>, count: Int) -> [Int] {
        var out: [Int] = []
        let raw = UnsafeRawPointer(p)
        var i = 0
        while i + 8 <= count {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) != 0 {
                for k in i..<(i + 8) where p[k] != 0 { out.append(k) }
            }
            i += 8
        }
        while i < count {
            if p[i] != 0 { out.append(i) }
            i += 1
        }
        return out
    }
}

/// Calls `body(q, diagonal)` for every 8-neighbour q of pixel p inside a `w`×`h` image, the row
/// above first, each row left to right (the one neighbourhood walk the skeleton code shares).
@inline(__always)
func forEachNeighbour(of p: Int, width w: Int, height h: Int, _ body: (Int, Bool) -> Void) {
    let px = p % w, py = p / w
    for dy in -1...1 where py + dy >= 0 && py + dy < h {
        for dx in -1...1 where (dx != 0 || dy != 0) && px + dx >= 0 && px + dx < w {
            body(p + dy * w + dx, dx != 0 && dy != 0)
        }
    }
}
