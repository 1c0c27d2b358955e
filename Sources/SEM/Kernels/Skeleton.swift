// SPDX-License-Identifier: GPL-3.0-or-later

/// Zhang–Suen thinning (Zhang & Suen, CACM 27(3) (1984) 236): two sub-iterations that delete
/// boundary pixels whose 8-neighbourhood has 2–6 foreground pixels, exactly one 0→1 transition
/// around P2…P9, and (P2·P4·P6 = 0, P4·P6·P8 = 0) or (P2·P4·P8 = 0, P2·P6·P8 = 0). The image border
/// counts as background. Only pixels still on the boundary are re-examined each pass.
public enum Skeleton {
    public static func zhangSuen(_ mask: BinaryMask) -> BinaryMask {
        let w = mask.width, h = mask.height
        // Padded copy: one background pixel all round, so neighbours never leave the buffer.
        let pw = w + 2
        var img = [UInt8](repeating: 0, count: pw * (h + 2))
        var candidates: [Int] = []
        for y in 0..<h {
            for x in 0..<w where mask.pixels[y * w + x] != 0 {
                let i = (y + 1) * pw + x + 1
                img[i] = 1
                candidates.append(i)
            }
        }
        var toDelete: [Int] = []
        var changed = true
        img.withUnsafeMutableBufferPointer { p in
            while changed {
                changed = false
                for step in 0..<2 {
                    toDelete.removeAll(keepingCapacity: true)
                    for i in candidates where p[i] != 0 {
                        let p2 = p[i - pw], p3 = p[i - pw + 1], p4 = p[i + 1], p5 = p[i + pw + 1]
                        let p6 = p[i + pw], p7 = p[i + pw - 1], p8 = p[i - 1], p9 = p[i - pw - 1]
                        let b = Int(p2) + Int(p3) + Int(p4) + Int(p5) + Int(p6) + Int(p7) + Int(p8) + Int(p9)
                        guard b >= 2 && b <= 6 else { continue }
                        var a = 0
                        if p2 == 0 && p3 == 1 { a += 1 }
                        if p3 == 0 && p4 == 1 { a += 1 }
                        if p4 == 0 && p5 == 1 { a += 1 }
                        if p5 == 0 && p6 == 1 { a += 1 }
                        if p6 == 0 && p7 == 1 { a += 1 }
                        if p7 == 0 && p8 == 1 { a += 1 }
                        if p8 == 0 && p9 == 1 { a += 1 }
                        if p9 == 0 && p2 == 1 { a += 1 }
                        guard a == 1 else { continue }
                        if step == 0 {
                            guard p2 & p4 & p6 == 0, p4 & p6 & p8 == 0 else { continue }
                        } else {
                            guard p2 & p4 & p8 == 0, p2 & p6 & p8 == 0 else { continue }
                        }
                        toDelete.append(i)
                    }
                    for i in toDelete { p[i] = 0 }
                    if !toDelete.isEmpty { changed = true }
                }
                candidates.removeAll { p[$0] == 0 }
            }
        }
        var out = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h { for x in 0..<w { out[y * w + x] = img[(y + 1) * pw + x + 1] } }
        return BinaryMask(width: w, height: h, pixels: out)
    }

    /// Number of 8-connected foreground neighbours of every pixel (0 for background): 1 marks an
    /// end point, 3 or more a junction.
    public static func neighbourCounts(_ s: BinaryMask) -> [UInt8] {
        let w = s.width, h = s.height
        var out = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w where s.pixels[y * w + x] != 0 {
                var c: UInt8 = 0
                for dy in -1...1 {
                    let yy = y + dy
                    guard yy >= 0 && yy < h else { continue }
                    for dx in -1...1 where dx != 0 || dy != 0 {
                        let xx = x + dx
                        if xx >= 0 && xx < w && s.pixels[yy * w + xx] != 0 { c += 1 }
                    }
                }
                out[y * w + x] = c
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
        for i in 0..<(w * h) where s.pixels[i] != 0 {
            if counts[i] == 1 { endPoints.append(i) }
            guard counts[i] >= 3, !seen[i] else { continue }
            var stack = [i], cluster: [Int] = []
            seen[i] = true
            while let p = stack.popLast() {
                cluster.append(p)
                let px = p % w, py = p / w
                for dy in -1...1 {
                    for dx in -1...1 where dx != 0 || dy != 0 {
                        let x = px + dx, y = py + dy
                        guard x >= 0, x < w, y >= 0, y < h else { continue }
                        let q = y * w + x
                        if s.pixels[q] != 0 && counts[q] >= 3 && !seen[q] { seen[q] = true; stack.append(q) }
                    }
                }
            }
            let members = Set(cluster)
            var touching = Set<Int>()
            for p in cluster {
                let px = p % w, py = p / w
                for dy in -1...1 {
                    for dx in -1...1 where dx != 0 || dy != 0 {
                        let x = px + dx, y = py + dy
                        guard x >= 0, x < w, y >= 0, y < h else { continue }
                        let q = y * w + x
                        if s.pixels[q] != 0 && !members.contains(q) { touching.insert(q) }
                    }
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
                let cx = current % w, cy = current / w
                var next = -1, step = 0.0
                for dy in -1...1 {
                    for dx in -1...1 where dx != 0 || dy != 0 {
                        let x = cx + dx, y = cy + dy
                        guard x >= 0, x < w, y >= 0, y < h else { continue }
                        let q = y * w + x
                        // On a one-pixel-wide branch the only pixels to avoid are the last two visited.
                        if s.pixels[q] != 0 && q != previous && q != current && (path.count < 2 || q != path[path.count - 2]) {
                            next = q; step = dx != 0 && dy != 0 ? 2.0.squareRoot() : 1
                        }
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
