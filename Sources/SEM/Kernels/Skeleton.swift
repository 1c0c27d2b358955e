// SPDX-License-Identifier: GPL-3.0-or-later

/// Zhang–Suen thinning (Zhang & Suen, CACM 27(3) (1984) 236): two sub-iterations that delete
/// boundary pixels whose 8-neighbourhood has 2–6 foreground pixels, exactly one 0→1 transition
/// around P2…P9, and (P2·P4·P6 = 0, P4·P6·P8 = 0) or (P2·P4·P8 = 0, P2·P6·P8 = 0). The image border
/// counts as background.
///
/// Each pixel's neighbourhood is packed into one byte and the two conditions are looked up in a
/// 256-entry table. Only pixels on the current boundary are examined: a pixel with all 8 neighbours
/// set has B = 8 and cannot be deleted, so the candidate list starts as the foreground pixels that
/// touch the background and grows only by the neighbours of deleted pixels.
public enum Skeleton {
    /// Bit 0: deletable in the first sub-iteration; bit 1: in the second. Index bits 0…7 are P2…P9.
    static let deletable: [UInt8] = (0..<256).map { code in
        let p = (0..<8).map { (code >> $0) & 1 } // p[0] = P2, p[1] = P3, …, p[7] = P9
        let b = p.reduce(0, +)
        guard b >= 2 && b <= 6 else { return 0 }
        let a = (0..<8).filter { p[$0] == 0 && p[($0 + 1) % 8] == 1 }.count
        guard a == 1 else { return 0 }
        let p2 = p[0], p4 = p[2], p6 = p[4], p8 = p[6]
        var bits: UInt8 = 0
        if p2 & p4 & p6 == 0 && p4 & p6 & p8 == 0 { bits |= 1 }
        if p2 & p4 & p8 == 0 && p2 & p6 & p8 == 0 { bits |= 2 }
        return bits
    }

    public static func zhangSuen(_ mask: BinaryMask) -> BinaryMask {
        let w = mask.width, h = mask.height
        guard w > 0, h > 0 else { return mask }
        // Padded copy: one background pixel all round, so neighbours never leave the buffer.
        let pw = w + 2, count = pw * (h + 2)
        let img = UnsafeMutablePointer<UInt8>.allocate(capacity: count), listed = UnsafeMutablePointer<UInt8>.allocate(capacity: count)
        defer { img.deallocate(); listed.deallocate() }
        img.initialize(repeating: 0, count: count)
        listed.initialize(repeating: 0, count: count)
        mask.pixels.withUnsafeBufferPointer { m in
            for y in 0..<h {
                let src = m.baseAddress! + y * w, dst = img + (y + 1) * pw + 1
                for x in 0..<w { dst[x] = src[x] != 0 ? 1 : 0 }
            }
        }
        // Offsets of P2…P9 (north, then clockwise).
        let offsets = [-pw, -pw + 1, 1, pw + 1, pw, pw - 1, -1, -pw - 1]
        @inline(__always) func code(_ i: Int) -> Int {
            Int(img[i - pw]) | Int(img[i - pw + 1]) << 1 | Int(img[i + 1]) << 2 | Int(img[i + pw + 1]) << 3
                | Int(img[i + pw]) << 4 | Int(img[i + pw - 1]) << 5 | Int(img[i - 1]) << 6 | Int(img[i - pw - 1]) << 7
        }
        var candidates: [Int] = []
        for y in 1...h {
            for i in (y * pw + 1)...(y * pw + w) where img[i] != 0 && code(i) != 255 {
                candidates.append(i)
                listed[i] = 1
            }
        }
        var toDelete: [Int] = []
        var step = 0, idle = 0
        Self.deletable.withUnsafeBufferPointer { table in
            // Stop after two sub-iterations in a row delete nothing (a whole pass without change).
            while idle < 2 {
                let bit = UInt8(1 << step)
                toDelete.removeAll(keepingCapacity: true)
                for i in candidates where table[code(i)] & bit != 0 { toDelete.append(i) }
                for i in toDelete { img[i] = 0 }
                idle = toDelete.isEmpty ? idle + 1 : 0
                if !toDelete.isEmpty {
                    for i in toDelete {
                        listed[i] = 0
                        for o in offsets where img[i + o] != 0 && listed[i + o] == 0 {
                            listed[i + o] = 1
                            candidates.append(i + o)
                        }
                    }
                    candidates.removeAll { img[$0] == 0 }
                }
                step ^= 1
            }
        }
        var out = [UInt8](repeating: 0, count: w * h)
        out.withUnsafeMutableBufferPointer { o in
            for y in 0..<h { for x in 0..<w { o[y * w + x] = img[(y + 1) * pw + x + 1] } }
        }
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
